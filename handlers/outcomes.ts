// The fast path for the ~20 outcome rows of section 三: once 新收, 上年结转 and 结转下年度 are
// known, the number to place per applicant column is known; the user lists the outcomes that
// occurred and the bot shows what remains until every column balances (or 「完成」).
import { applyValues, editable, outcomeRowIds, remainder } from './changes.ts';
import { explain, knownFindings } from './checks.ts';
import { applicantSummary } from './echo.ts';
import { settle, moveOn } from './flow/advance.ts';
import { readOutcomes } from './flow/parse-outcomes.ts';
import { findNames, outcomeLexicon } from './flow/lexicon.ts';
import { leftText } from './flow/questions.ts';
import { rowSpec } from './flow/rows.ts';
import { reject, type Message, type Outcome, type Turn } from './flow/state.ts';
import { applicantColumns, type ReportFormat } from '../src/report/formats.ts';
import type { Command } from './commands.ts';
import { otherHandlingChoice, otherHandlingDoubt } from './flow/other-handling.ts';
import { propose } from './safety.ts';

/** Every outcome cell still blank, set to 0: unnamed outcome rows are rows without applications. */
function blankOutcomes(turn: Turn): Record<string, number> {
  const values = turn.draft.report.values;
  const out: Record<string, number> = {};
  for (const row of outcomeRowIds(turn.format)) {
    for (const c of applicantColumns) {
      const id = `requests.${row}.${c}`;
      if (values[id] === undefined || values[id] === null) out[id] = 0;
    }
  }
  return out;
}

const shortOf = (turn: Turn, row: string) => turn.format.requestRows.find((r) => r.id === row)?.short ?? row;

/** 「完成」 in the outcome block: blank rows become 0; a column that does not balance is explained with R1/R2 and their fix. */
function finish(turn: Turn): Outcome {
  const applied = applyValues(turn, blankOutcomes(turn), '办理结果');
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  const left = remainder(turn.format, applied.draft.report.values);
  const next: Turn = { ...turn, draft: applied.draft, flow: applied.flow };
  const moved: Turn = { ...next, flow: moveOn(next) };
  if (!left || Object.values(left).every((n) => n === 0)) {
    return { tag: applied.diff.length ? 'changed' : 'info', draft: moved.draft, flow: moved.flow, say: ['办理结果已记录，各列均已平衡。'], ask: true };
  }
  const findings = knownFindings(moved.draft, turn.ctx.previous).filter((f) => f.rule === 'R1' || f.rule === 'R2');
  const { lines, fix } = explain(findings, turn.format, moved.draft.report, 3, (id) => editable(moved.draft, id));
  const say = [
    `办理结果已按现有内容记录，但尚有申请未归入：${[leftText(left, 1), leftText(left, -1) && `多出${leftText(left, -1)}`].filter(Boolean).join('；')}。`,
    ...lines,
    '可回复“跳到第三部分”继续补充办理结果（如：不掌握2）。',
  ];
  return { tag: applied.diff.length ? 'changed' : 'info', draft: moved.draft, flow: { ...moved.flow, pending: fix ? { kind: 'fix', values: fix } : undefined }, say, ask: true };
}

/** An answer in the outcome block, or undefined when the message names no outcome (another handler may read it). */
export function answerOutcomes(turn: Turn, msg: Message, command: Command | undefined): Outcome | undefined {
  if (!remainder(turn.format, turn.draft.report.values)) {
    return command?.kind === 'done' ? reject(turn, ['请先填写本年新收、上年结转和结转下年度。']) : undefined;
  }
  if (command?.kind === 'done') return finish(turn);
  const left = remainder(turn.format, turn.draft.report.values)!;
  const all = allIn(turn, msg, left);
  if (all) return all;
  const read = byApplicant(msg.norm, turn.format) ?? readOutcomes(msg.norm, turn.format);
  if (read.kind === 'none') return undefined;
  if (read.kind === 'invalid') return reject(turn, [`未能识别：${read.reason}。`]);
  // A lone number is 自然人 only when nothing else is left to place; otherwise it is not guessed.
  // What the rows named with their columns leave: a bare number may only be 自然人's.
  const named = Object.entries(read.rows).filter(([row]) => !read.bare.includes(row)).map(([, cells]) => cells);
  const others = applicantColumns.filter((c) => c !== 'natural' && left[c] - named.reduce((a, cells) => a + (Object.entries(cells).find(([id]) => id.endsWith(`.${c}`))?.[1] ?? 0), 0) > 0);
  if (read.bare.length && others.length) {
    return reject(turn, [`本年需归入的申请除自然人外还有${leftText(left, 1).replace(/^自然人\d+件、?/, '')}，请写明各办理结果属于哪类申请人，如：${shortOf(turn, read.bare[0]).replace(/^（[一二三四五六七]）\d?\.?/, '')} 自然人${left.natural} ${applicantLabel(others[0])}${left[others[0]]}。`]);
  }

  // Only the rows named: the others stay blank until every application is placed (then they are 0) or 「完成」.
  const values: Record<string, number> = {};
  const echo: string[] = [];
  for (const [row, cells] of Object.entries(read.rows)) {
    Object.assign(values, cells);
    echo.push(`${shortOf(turn, row)} ${applicantSummary(rowSpec(turn.format, '三', row)!, cells)}`);
  }
  // 2021: 「其他处理1」 may be any of （六）1–3; the reading as （六）3.其他 is said back and asked about.
  const doubt = otherHandlingDoubt(turn.format, msg.norm);
  if (doubt) return { ...propose(turn, { values, named: Object.keys(values), what: echo.join('；'), advance: true, doubt, reading: echo.join('；') }, () => []), choice: otherHandlingChoice };
  const applied = applyValues(turn, values, '办理结果');
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  const after = remainder(turn.format, applied.draft.report.values)!;
  const balanced = Object.values(after).every((n) => n === 0);
  const say = [`已记录：${echo.join('；')}`];
  if (balanced) say.push('各列均已平衡，办理结果填写完毕。');
  const over = overPlaced(turn, applied.draft.report.values, after);
  if (over) say.push(over);
  const outcome = settle(turn, applied, say, false);
  return balanced ? { ...outcome, flow: moveOn({ ...turn, draft: outcome.draft, flow: outcome.flow }) } : outcome;
}

/**
 * More placed than there is, said where it happens with the likely fix: when the excess equals the
 * column's 结转下年度, the pending applications were probably counted as answered too.
 */
function overPlaced(turn: Turn, values: Record<string, number | null>, left: Record<string, number>): string | undefined {
  const cols = applicantColumns.filter((c) => left[c] < 0);
  if (!cols.length) return undefined;
  const parts = cols.map((c) => {
    const excess = -left[c];
    const forward = values[`requests.carriedForward.${c}`] ?? 0;
    const name = rowSpec(turn.format, '三', 'received')!.columns.find((x) => x.key === c)!.label;
    return forward === excess
      ? `${name}多出${excess}件，恰好等于结转下年度的${forward}件：是否把年底尚未办结的申请也算进了办理结果？如是，请把相应办理结果减去${excess}件（如“改 予以公开 自然人…”）。`
      : `${name}多出${excess}件：某个办理结果可能多填了，或本年新收、上年结转少填了，请核对。`;
  });
  return `⚠ ${parts.join('\n')}`;
}

const SHORT_APPLICANT: Record<string, string> = { business: '企业', research: '科研机构', publicInterest: '公益组织', legalService: '律所', otherOrg: '其他组织' };
const applicantLabel = (c: string) => SHORT_APPLICANT[c] ?? c;

/** 「都公开了」, 「５件都予以公开」: every application left goes to the one outcome named. */
function allIn(turn: Turn, msg: Message, left: Record<string, number>): Outcome | undefined {
  if (!/都|全部|全都|均|一律/.test(msg.compact)) return undefined;
  const hits = findNames(msg.compact, outcomeLexicon(turn.format)).filter((h) => h.target.kind === 'row');
  const rows = new Set(hits.map((h) => (h.target.kind === 'row' ? h.target.row : '')));
  if (rows.size !== 1 || hits.some((h) => h.alias === '其他')) return undefined;
  const total = applicantColumns.reduce((a, c) => a + Math.max(0, left[c]), 0);
  const numbers = [...msg.compact.matchAll(/\d+/g)].map((m) => Number(m[0]));
  if (!total || numbers.some((n) => n !== total) || applicantColumns.some((c) => left[c] < 0)) return undefined;
  const row = [...rows][0];
  const cells = Object.fromEntries(applicantColumns.map((c) => [`requests.${row}.${c}`, left[c]]));
  const values = { ...blankOutcomes(turn), ...cells };
  const said = `${shortOf(turn, row)} ${applicantSummary(rowSpec(turn.format, '三', row)!, cells)}`;
  // 2021: 「都是其他处理」 may be any of （六）1–3: said back and asked about.
  const doubt = otherHandlingDoubt(turn.format, msg.norm);
  if (doubt) return { ...propose(turn, { values, named: Object.keys(values), what: said, advance: true, doubt, reading: said }, () => []), choice: otherHandlingChoice };
  const applied = applyValues(turn, values, '办理结果');
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  const outcome = settle(turn, applied, [`已记录：${said}`, '各列均已平衡，办理结果填写完毕。'], false);
  return { ...outcome, flow: moveOn({ ...turn, draft: outcome.draft, flow: outcome.flow }) };
}

const APPLICANT_HEAD = /^(?:其中)?(自然人|个人|老百姓|群众|村民|居民|商业企业|企业|公司|科研机构|社会公益组织|公益组织|法律服务机构|律师事务所|律所|律师|其他法人或其他组织|其他法人|其他组织)(?:申请)?的?[:：,，]?\s*/;
const APPLICANT_OF: Record<string, string> = {
  自然人: 'natural', 个人: 'natural', 老百姓: 'natural', 群众: 'natural', 村民: 'natural', 居民: 'natural', 商业企业: 'business', 企业: 'business', 公司: 'business',
  科研机构: 'research', 社会公益组织: 'publicInterest', 公益组织: 'publicInterest', 法律服务机构: 'legalService', 律师事务所: 'legalService', 律所: 'legalService', 律师: 'legalService', 其他组织: 'otherOrg', 其他法人或其他组织: 'otherOrg', 其他法人: 'otherOrg',
};

/**
 * 「自然人：予以公开2，不掌握1；企业：予以公开1」: an outcome list per applicant. Every part must
 * start with its applicant and give plain counts; undefined when the message is not of this form.
 */
function byApplicant(text: string, format: ReportFormat): ReturnType<typeof readOutcomes> | undefined {
  const parts = text.split(/[;；\n]|[,，](?=(?:其中)?(?:自然人|个人|企业|公司|律所|律师|科研|公益|其他法人|其他组织)[^,，;；]*?(?:公开|掌握|处理|制作|信访|重复|过程|秘密|第三方|出版物|确认|不予|无法))/).map((p) => p.trim()).filter(Boolean);
  if (!parts.length || !parts.every((p) => APPLICANT_HEAD.test(p))) return undefined;
  const rows: Record<string, Record<string, number>> = {};
  for (const part of parts) {
    const head = APPLICANT_HEAD.exec(part)!;
    const column = APPLICANT_OF[head[1]];
    const read = readOutcomes(part.slice(head[0].length), format);
    if (read.kind !== 'rows') return read.kind === 'invalid' ? read : undefined;
    for (const [row, cells] of Object.entries(read.rows)) {
      // Counts under the applicant: the reader put them under 自然人; any other column named is a contradiction.
      if (Object.entries(cells).some(([id, v]) => !id.endsWith('.natural') && v !== 0)) return { kind: 'invalid', reason: `“${head[1]}”之后请只写办理结果和件数` };
      const id = `requests.${row}.${column}`;
      const sum = rows[row] ?? Object.fromEntries(applicantColumns.map((c) => [`requests.${row}.${c}`, 0]));
      sum[id] += cells[`requests.${row}.natural`] ?? 0;
      rows[row] = sum;
    }
  }
  return { kind: 'rows', rows, bare: [] };
}
