// 「本年新收20件，其中自然人17件，法人3件」: the table has no 「法人或其他组织」 column (report-format.md
// §2.2): its applications are split between 商业企业, 科研机构, 社会公益组织, 法律服务机构 and 其他. The
// count said for 法人 is never put in one of them by guess: the rest of the row is read, and which
// columns the 法人 count belongs to is asked; the answer stores the whole row.
import { readNumber } from '../src/report/read-number.ts';
import { fillRow } from './fill.ts';
import { findNames, namingLexicon } from './flow/lexicon.ts';
import { clip, readRow, type RowSpec } from './flow/parse.ts';
import { rowSpec } from './flow/rows.ts';
import { readSentence } from './flow/sentence.ts';
import { reject, type Message, type Outcome, type Turn } from './flow/state.ts';
import { stepById } from './flow/steps.ts';

// 「法人」, 「法人或其他组织」, 「法人和其他组织」, 「单位」 — but not 「其他法人」 (the column 其他).
const GROUP = /(?<!其他)(?:法人(?:或者?|和|及|与)?(?:其他组织)?|企事业单位|单位申请)/;
const COUNT = /(\d+|[一二两三四五六七八九十]+)\s*[件个]?/;
const INPUT_ROWS = new Set(['received', 'carriedOver', 'carriedForward']);

/** The five columns of 法人或其他组织 of a section 三 row, as a row of their own. */
const orgRowOf = (row: RowSpec): RowSpec => ({ ...row, label: `${row.label}·法人或其他组织`, columns: row.columns.slice(1) });

/** The row a message is about: the input row it names, or the current question's. */
function inputRow(turn: Turn, text: string): { key: string; row: RowSpec; from: number } | undefined {
  const hits = findNames(text, namingLexicon(turn.format)).filter((h) => h.target.kind === 'row');
  if (hits.length > 1) return undefined;
  const hit = hits[0];
  if (hit) {
    if (hit.target.kind !== 'row' || hit.target.section !== '三' || !INPUT_ROWS.has(hit.target.row)) return undefined;
    return { key: hit.target.row, row: rowSpec(turn.format, '三', hit.target.row)!, from: hit.end };
  }
  const step = stepById(turn.format, turn.flow.step);
  if (!step.row || step.section !== '三' || !INPUT_ROWS.has(step.row)) return undefined;
  return { key: step.row, row: rowSpec(turn.format, '三', step.row)!, from: 0 };
}

/** A row answer with a count for 法人 (or 单位): the rest read, the 法人 columns asked about; undefined when the message has none. */
export function answerApplicantGroup(turn: Turn, msg: Message): Outcome | undefined {
  if (!GROUP.test(msg.norm)) return undefined;
  const target = inputRow(turn, msg.norm);
  if (!target) return undefined;
  const clauses = msg.norm.slice(target.from).split(/[,，;；。\n]+/);
  const groupClauses = clauses.filter((c) => GROUP.test(c));
  if (groupClauses.length !== 1) return undefined;
  const n = COUNT.exec(groupClauses[0].replace(GROUP, ' '));
  const count = n ? readNumber(n[1], { kind: 'count' }) : undefined;
  if (!count || count.kind !== 'number') return undefined;
  const rest = clauses.filter((c) => !GROUP.test(c)).join('，');
  const natural = target.row.columns[0];
  const sentence = rest.trim() ? readSentence(rest, target.row) : { kind: 'values' as const, values: {}, unsaid: [], hedged: false };
  if (sentence.kind !== 'values' || sentence.hedged) return undefined;
  // Only 自然人 may be said besides the 法人 count; a named 法人 column is already a breakdown.
  if (Object.keys(sentence.values).some((id) => id !== natural.id)) return undefined;
  const people = sentence.values[natural.id] ?? 0;
  if (sentence.total !== undefined && sentence.total !== people + count.value) {
    return reject(turn, [`您说${target.row.label}共${sentence.total}件，但自然人${people}件加法人或其他组织${count.value}件是${people + count.value}件，请核对后重新回复。`]);
  }
  if (count.value === 0) return fillRow(turn, target.row, Object.fromEntries(target.row.columns.map((c) => [c.id, c === natural ? people : 0])), stepAdvance(turn, target.key));
  return {
    tag: 'info', draft: turn.draft, say: [], ask: true,
    flow: { ...turn.flow, pending: { kind: 'group', row: target.key, natural: people, count: count.value } },
    question: `我理解为：${target.row.label}自然人${people}件，法人或其他组织${count.value}件${sentence.total !== undefined ? `（共${sentence.total}件）` : ''}。${whichOf(count.value)}`,
  };
}

/** 「请问这3件属于哪一类？」 */
const whichOf = (count: number) =>
  `表中法人或其他组织分为商业企业、科研机构、社会公益组织、法律服务机构、其他五类，请问这${count}件属于哪一类？如“企业${count}”，或分别写明，如“企业${Math.max(1, count - 1)} 律所${count > 1 ? 1 : 0}”。`;

/** A refusal that keeps the question which 法人 columns, and asks it again. */
const again = (turn: Turn, say: string, count: number): Outcome => ({ ...reject(turn, [say]), flow: turn.flow, question: `${whichOf(count)}不记录请回复“不是”。` });

const stepAdvance = (turn: Turn, key: string) => turn.flow.step === `requests.${key}`;

/** The answer to 「这N件属于哪一类？」: the 法人 columns, adding up to the count; the whole row is stored. */
export function answerGroup(turn: Turn, msg: Message, pending: { row: string; natural: number; count: number }): Outcome | undefined {
  const row = rowSpec(turn.format, '三', pending.row);
  if (!row) return undefined;
  const orgs = orgRowOf(row);
  const text = msg.norm.replace(/^(?:都是|全是|均为|全部是|都为|是|属于)/, '').replace(/(?:的|申请)$/, '');
  let read = readRow(text, orgs, { single: 'ask', unnamed: 'zero' });
  // 「企业」, 「都是企业」: the whole count to the one column named.
  if (read.kind === 'invalid') {
    const only = orgs.columns.filter((c) => [c.label, ...c.aliases].some((a) => text === a));
    if (only.length === 1) read = { kind: 'values', values: Object.fromEntries(orgs.columns.map((c) => [c.id, c === only[0] ? pending.count : 0])) };
  }
  // 「2个企业，1个律所」: the columns in a sentence.
  if (read.kind !== 'values') {
    const sentence = readSentence(text, orgs);
    if (sentence.kind === 'values' && !sentence.hedged && sentence.total === undefined) read = { kind: 'values', values: { ...Object.fromEntries(orgs.columns.map((c) => [c.id, 0])), ...sentence.values } };
  }
  // Not read: asked again (a count here is never taken for the question's row).
  if (read.kind !== 'values') {
    return again(turn, `未能识别“${clip(msg.norm)}”。`, pending.count);
  }
  const sum = Object.values(read.values).reduce((a, v) => a + v, 0);
  if (sum !== pending.count) {
    return again(turn, `您写的各类合计${sum}件，与法人或其他组织${pending.count}件不符。`, pending.count);
  }
  const cleared: Turn = { ...turn, flow: { ...turn.flow, pending: undefined } };
  return fillRow(cleared, row, { [row.columns[0].id]: pending.natural, ...read.values }, stepAdvance(turn, pending.row));
}
