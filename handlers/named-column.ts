// 「复议那个是尚未审结」: a section 四 row and one of its outcomes named without a count. The count
// the row already has is said back and asked about; with no
// count known, the count is asked for. Never taken as text, never stored without a 是.
import { findNames, namingLexicon, columnLexicon } from './flow/lexicon.ts';
import { rowSpec } from './flow/rows.ts';
import { columnWords } from './flow/sentence.ts';
import type { Message, Outcome, Turn } from './flow/state.ts';
import { stepOfCell } from './flow/steps.ts';
import { propose } from './safety.ts';
import { echoRow } from './echo.ts';

const COUNT = /\d|[一二两三四五六七八九十]+\s*[件个起宗]/;

/** The outcome for a row named with one outcome and no count, or undefined when the message is not one. */
export function answerNamedColumn(turn: Turn, msg: Message): Outcome | undefined {
  if (COUNT.test(msg.compact) || [...msg.compact].length > 30) return undefined;
  const subjects = findNames(msg.compact, namingLexicon(turn.format)).filter((h) => h.target.kind !== 'column');
  if (subjects.length !== 1 || subjects[0].target.kind !== 'row' || subjects[0].target.section !== '四') return undefined;
  const row = rowSpec(turn.format, '四', subjects[0].target.row)!;
  const lex = columnLexicon(row.columns.map((c) => [c.key, [c.label, ...c.aliases, ...columnWords(c.key)]]), '四');
  const rest = msg.compact.slice(subjects[0].end);
  const columns = new Set(findNames(rest, lex).map((h) => (h.target.kind === 'column' ? h.target.key : '')));
  if (columns.size !== 1) return undefined;
  const column = row.columns.find((c) => c.key === [...columns][0])!;
  const values = turn.draft.report.values;
  const total = row.columns.reduce((a, c) => a + (values[c.id] ?? 0), 0);
  const step = stepOfCell(turn.format, column.id)!.id;
  if (!total) {
    return {
      tag: 'info', draft: turn.draft, flow: { ...turn.flow, pending: undefined }, ask: true,
      say: [`请问${row.label}中${column.label}的有几件？请连同件数回复，如“复议${column.label}1件”；${row.label}的其他结果没有的，可以说“其余都是0”。`],
    };
  }
  const set = Object.fromEntries(row.columns.map((c) => [c.id, c.key === column.key ? total : 0]));
  return propose(turn, {
    values: set, named: [], what: row.label, advance: step === turn.flow.step,
    doubt: `即${row.label}共${total}件，都是${column.label}。`,
    reading: `${row.label}·${column.label} ${total}，其余各项为0`,
  }, (applied) => [echoRow(turn.format, row, applied.diff, applied.draft.report.values)]);
}
