// Last year's report sent as a file (Word, PDF, a saved page): the engine has already downloaded
// and imported it (src/bot/file-intake.ts); here the official is shown what was read and asked to
// confirm, and only 「是」 stores it, as the unit's report of the year before the campaign's (an
// action the engine performs in the turn's transaction). A report of another unit or year, an
// incomplete import, or a year whose report was filed in nianbao is refused and nothing is stored.
import { formats } from '../src/report/formats.ts';
import type { Report } from '../src/report/report.ts';
import { readOnlyReason } from './changes.ts';
import { applicantSummary } from './echo.ts';
import { questionOf } from './flow/questions.ts';
import { rowSpec } from './flow/rows.ts';
import { info, reject, type Outcome, type Pending, type Turn } from './flow/state.ts';
import type { FileRead, ReceivedFile } from './turn.ts';

/** A supervisor's file: not imported in chat. */
export const SUPERVISOR_FILE = '审核人员发来的文件不会导入。各单位的上年报告由填报人在对话中发送文件导入，或由管理员用 nianbao import 批量导入。';

const SOURCES: Record<Extract<FileRead, { kind: 'imported' }>['source'], string> = { docx: 'Word 文件', pdf: 'PDF 文件', html: '网页文件', text: '文本文件' };
const NOT_SAVED = '未保存。';

/** What a received file is to this conversation: refused with the reason, or read back with the question whether to store it. */
export function receiveFile(turn: Turn, file: ReceivedFile): Outcome {
  const name = file.fileName ? `「${file.fileName}」` : '这个文件';
  const { read } = file;
  if (read.kind === 'refused') return reject(turn, [`未能读取${name}：${read.reason}${NOT_SAVED}`], false);
  const lastYear = turn.draft.report.year - 1;
  const locked = readOnlyReason(turn.draft);
  if (locked) return reject(turn, [`本年度报告已提交或已通过，不再导入上年报告，${NOT_SAVED}如需更正上年报告，请联系上级政务公开办。`], false);
  const { report, coverage } = read;
  const said = [`已读取${name}（${SOURCES[read.source]}）：`, ...readBack(report, coverage.filled, coverage.cells)];
  if (coverage.unplacedLabels.length) said.push(`未能归入表格的行：${coverage.unplacedLabels.map((l) => `「${l}」`).join('、')}（这些数字未导入）。`);
  const gaps = coverage.gaps.filter((g) => !g.startsWith('未能读出单位名称'));
  if (gaps.length) return reject(turn, [...said, `导入不完整，${NOT_SAVED}`, ...gaps, '请发送完整的上年报告（含三张表格）。'], false);
  if (!report.unit) return reject(turn, [...said, `未能从文件中读出单位名称（标题中没有单位），${NOT_SAVED}请发送标题中写有单位名称的报告。`], false);
  if (!sameUnit(report.unit, turn.ctx.unitName)) {
    return reject(turn, [...said, `这是「${report.unit}」的报告，不是${turn.ctx.unitName}的，${NOT_SAVED}只能导入本单位的上年报告。`], false);
  }
  if (report.year !== lastYear) return reject(turn, [...said, `这是${report.year}年度的报告，不是上年（${lastYear}年度）的报告，${NOT_SAVED}`], false);
  if (turn.ctx.previousFiled) return reject(turn, [...said, `贵单位${lastYear}年度的报告已在系统中填报，以系统中的为准，${NOT_SAVED}`], false);
  const replaces = turn.ctx.previous?.year === lastYear ? '（将替换之前导入的上年报告）' : '';
  const pending: Pending = { kind: 'previous', report: { ...report, unit: turn.ctx.unitName } };
  return {
    tag: 'info', draft: turn.draft, flow: { ...turn.flow, pending }, ask: false,
    say: [...said, `这是贵单位${lastYear}年度的报告，作为上年报告保存吗？回复“是”保存${replaces}`],
    choice: { title: `保存为${lastYear}年度报告`, description: `${report.unit}${lastYear}年度政府信息公开工作年度报告`, buttons: [{ key: '是', text: '保存' }, { key: '不是', text: '不保存' }] },
  };
}

/** 「是」 to a report read from a file: stored by the engine; the current question is asked again with it as last year's report (上年结转 prefilled). */
export function savePrevious(turn: Turn, pending: Extract<Pending, { kind: 'previous' }>): Outcome {
  const report = pending.report as Report;
  const cleared: Turn = { ...turn, flow: { ...turn.flow, pending: undefined } };
  const withPrevious: Turn = { ...cleared, ctx: { ...cleared.ctx, previous: report } };
  return {
    ...info(cleared, [`已保存为贵单位${report.year}年度（上年）的报告。`]),
    question: questionOf(withPrevious),
    actions: [{ kind: 'previousReport', report }],
  };
}

/** Unit, year and format; how many cells hold numbers; 结转下年度 by applicant. */
function readBack(report: Report, filled: number, cells: number): string[] {
  const format = formats[report.format];
  const row = rowSpec(format, '三', 'carriedForward');
  return [
    `${report.unit || '（单位未读出）'}${report.year}年度政府信息公开工作年度报告，${format.notice}格式；`,
    `表格共${cells}个单元格，${filled}个有数字；`,
    // A column printed blank is none carried forward, as the prefill of 上年结转 reads it.
    ...(row ? [`结转下年度：${applicantSummary(row, Object.fromEntries(row.columns.map((c) => [c.id, report.values[c.id] ?? 0])))}。`] : []),
  ];
}

/** The same body, however its name is printed: 「杨舍镇人民政府」, 「张家港市杨舍镇」 are 杨舍镇. */
function sameUnit(printed: string, unitName: string): boolean {
  const bare = (s: string) => s.replace(/[\s\u3000]/g, '').replace(/(人民政府|办事处)$/, '');
  const [a, b] = [bare(printed), bare(unitName)];
  return a === b || (b.length >= 2 && a.endsWith(b)) || (a.length >= 2 && b.endsWith(a));
}
