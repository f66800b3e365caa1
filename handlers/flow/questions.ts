// The question of each step, in the register of a colleague at the 政务公开办: what to send and
// an example; with the current values when the question is asked again.
import { applicantColumns, type ReportFormat } from '../../src/report/formats.ts';
import { applicantSummary, charCount, rowValues } from '../echo.ts';
import { remainder } from '../changes.ts';
import type { Turn } from './state.ts';
import { rowSpec } from './rows.ts';
import { isFilled, stepById, type Step } from './steps.ts';
import type { RowSpec } from './parse.ts';

const EXAMPLES: Record<string, string> = {
  made: '3', published: '3', total: '25', prevItems: '5', itemsDelta: '0', decisions: '57', projects: '36', amountYuan: '288.79万元',
  issued: '3', repealed: '1', inForce: '25',
};

/** An example answer for a row: 「5 0 57」. */
export function exampleOf(format: ReportFormat, row: RowSpec): string {
  if (row.section === '三') return '9 0 0 0 4 0';
  if (row.section === '四') return '1 0 0 0';
  if (format.id === '2021' && row.columns[0].id === 'active.fees.amountYuan') return '12.5';
  return row.columns.map((c) => EXAMPLES[c.key] ?? '0').join(' ');
}

const APPLICANTS = '自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他';

/** Last year's 结转下年度 as this year's 上年结转, when last year's report is the year before. */
export function prefillOf(turn: Turn): Record<string, number> | undefined {
  const previous = turn.ctx.previous;
  if (!previous || previous.year !== turn.draft.report.year - 1 || !previous.values) return undefined;
  const ids = applicantColumns.map((c) => `requests.carriedForward.${c}`);
  if (ids.every((id) => previous.values[id] === undefined || previous.values[id] === null)) return undefined;
  return Object.fromEntries(applicantColumns.map((c) => [`requests.carriedOver.${c}`, previous.values[`requests.carriedForward.${c}`] ?? 0]));
}

/** 「自然人3件、法律服务机构4件」 of what is still to place (or over-placed). */
export function leftText(left: Record<string, number>, sign: 1 | -1): string {
  return applicantColumns.filter((c) => left[c] * sign > 0)
    .map((c) => `${APPLICANT_LABEL[c]}${Math.abs(left[c])}件`).join('、');
}
const APPLICANT_LABEL: Record<string, string> = {
  natural: '自然人', business: '商业企业', research: '科研机构', publicInterest: '社会公益组织', legalService: '法律服务机构', otherOrg: '其他',
};

function rowQuestion(turn: Turn, step: Step): string {
  const row = rowSpec(turn.format, step.section as '二' | '三' | '四', step.row!)!;
  const values = turn.draft.report.values;
  const current = step.cells.some((id) => values[id] !== undefined && values[id] !== null)
    ? `\n（当前：${rowValues(turn.format, row, values)}；回复“是”保持不变）` : '';
  const example = exampleOf(turn.format, row);
  if (step.kind === 'active') {
    const first = turn.format.active[0].rows[0].key === step.row ? '\n（第二部分全部为0可回复“第二部分都是0”）' : '';
    if (row.columns.length === 1) {
      const money = row.columns[0].kind === 'money';
      return `${row.label}：请回复${row.columns[0].label}${money ? '' : '，没有请回复“0”'}，如 ${example}${current}${first}`;
    }
    const unit = row.columns.some((c) => c.kind === 'money') ? '（金额请注明元或万元）' : '';
    return `${row.label}：请依次回复 ${row.columns.map((c) => c.label).join('、')}${unit}，如 ${example}；没有请回复“无”${current}${first}`;
  }
  if (step.kind === 'appeal') {
    const none = step.row === turn.format.appealGroups[0].key ? '；本年没有行政复议和行政诉讼请回复“没有复议诉讼”' : '；没有请回复“无”';
    return `${row.label}：请依次回复 结果维持、结果纠正、其他结果、尚未审结 的件数，如 ${example}${none}${current}`;
  }
  const hint = `请按 ${APPLICANTS} 的顺序回复，如 ${example}；只有自然人可只回一个数`;
  if (step.kind === 'carriedOver') return `上年结转的申请（上年未办结、转入本年办理）：${hint}，没有请回复“无”${current}`;
  if (step.kind === 'received') return `本年新收的政府信息公开申请：${hint}；本年没有收到申请请回复“没有申请”${current}`;
  return `年底尚未办结、结转下年度继续办理的申请：${hint}，没有请回复“无”${current}`;
}

function prefillQuestion(turn: Turn, prefill: Record<string, number>): string {
  const row = rowSpec(turn.format, '三', 'carriedOver')!;
  return `根据上年报告，上年结转为：${applicantSummary(row, prefill)}。正确请回复“是”，如有不同请直接回复正确的数字（按 ${APPLICANTS} 的顺序）。`;
}

/** The outcome block: what is to be placed per column, what is placed so far, and the example list. */
function outcomesQuestion(turn: Turn): string {
  const left = remainder(turn.format, turn.draft.report.values);
  // 2021: （六）其他处理 is three rows, so the example names one of them (「其他处理2」 alone would be asked about).
  const example = turn.format.id === '2021' ? '申请人撤回2' : '其他处理2';
  const ask = `请列出本年各办理结果及件数，没有的不用写，如：予以公开9 部分公开1 不掌握8 ${example}\n（不止自然人时可写：予以公开 自然人7 律所2）`;
  if (!left) return `办理结果：请先填写本年新收、上年结转和结转下年度。`;
  const total = Object.values(left).reduce((a, n) => a + n, 0);
  const placed = stepById(turn.format, 'requests.outcomes').cells.some((id) => (turn.draft.report.values[id] ?? null) !== null);
  if (placed && total === 0 && Object.values(left).every((n) => n === 0)) return `办理结果已全部归入。如需调整，请直接回复某项，如“不掌握 2”；回复“完成”继续。`;
  const parts: string[] = [];
  if (Object.values(left).some((n) => n > 0)) parts.push(placed ? `还差：${leftText(left, 1)}` : `本年需归入办理结果：${leftText(left, 1)}（＝本年新收＋上年结转－结转下年度）`);
  if (Object.values(left).some((n) => n < 0)) parts.push(`多出：${leftText(left, -1)}（各办理结果之和超过新收＋上年结转－结转下年度）`);
  return `${parts.join('；')}\n${ask}`;
}

const TEXT_QUESTIONS: Record<string, string> = {
  overview: '请发送总体情况（可分多条发送，发送“完成”结束）。应涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况。',
  problems: '请发送存在的主要问题及改进情况（可分多条发送，发送“完成”结束）。请写明存在的问题和改进措施。',
  other: '请发送其他需要报告的事项（可分多条发送，发送“完成”结束）；没有请回复“无”。',
};

function textQuestion(turn: Turn, step: Step): string {
  const text = turn.draft.report.texts[step.text!] ?? '';
  if (turn.flow.text?.id === step.text && turn.flow.text?.replace && text) {
    return `已有${step.label}（${charCount(text)}字）。发送新内容将替换原文（可分多条）；如要接在原文之后补充，请回复“补充${step.label}”；回复“完成”保留原文。`;
  }
  if (text) return `${step.label}已收到${text.split('\n').length}段，共${charCount(text)}字。可继续发送，发送“完成”结束。`;
  return TEXT_QUESTIONS[step.text!];
}

/** The question of the current step. */
export function questionOf(turn: Turn): string {
  const step = stepById(turn.format, turn.flow.step);
  switch (step.kind) {
    case 'carriedOver': {
      const prefill = prefillOf(turn);
      return prefill && !isFilled(step, turn.draft) ? prefillQuestion(turn, prefill) : rowQuestion(turn, step);
    }
    case 'outcomes':
      return outcomesQuestion(turn);
    case 'text':
      return textQuestion(turn, step);
    case 'review':
      return reviewQuestion(turn);
    default:
      return rowQuestion(turn, step);
  }
}

function reviewQuestion(turn: Turn): string {
  if (turn.draft.status === 'submitted') return '报告已提交，等待审核。可回复“预览”查看报告要点。';
  if (turn.draft.status === 'approved') return '报告已审核通过。可回复“预览”查看报告要点。';
  return '各项已填写。回复“预览”查看报告要点，回复“提交”提交审核；如需修改，可直接说“改 ……”。';
}
