// The rule of safety, enforced here and nowhere else: a value is stored only when the reading is
// unambiguous. A reading that is not — a row half said, a unit that matters, a name that is a
// column and a row, a value already given that the message does not name — is said back in one
// line and asked about; 「是」 stores exactly what was said back, 「不是」 stores nothing.
import { applyValues } from './changes.ts';
import { echoChanges } from './echo.ts';
import { settle } from './flow/advance.ts';
import { reject, type Outcome, type Turn } from './flow/state.ts';
import { known } from './flow/steps.ts';
import { shown } from './echo.ts';

/** A change a message asks for: the values, the cells it named (or answered as the current question), what it changes in words. */
export interface Proposal {
  values: Record<string, number>;
  /** Cells the message named or answered positionally; a value given before may change only for these. */
  named: Iterable<string>;
  /** For the undo stack and the question: 「行政许可」. */
  what: string;
  /** Why the reading is not certain, when the caller knows (a partial row, a unit); asked about as is. */
  doubt?: string;
  /** Whether the change answers the current question (the flow moves on once it is complete). */
  advance: boolean;
  /** The reading in words when the caller has a shorter one than every cell listed (an outcome list). */
  reading?: string;
}

/** The cells of `values` (totals aside) that hold a value given before, other than theirs: what storing them would replace. */
function replaced(turn: Turn, values: Record<string, number>): string[] {
  return Object.keys(values).filter((id) => !turn.format.cell.get(id)?.total && known(turn.draft, id) && turn.draft.report.values[id] !== values[id]);
}

/** Cells whose value given before would change although the message does not name them. */
function overwrites(turn: Turn, p: Proposal): string[] {
  const named = new Set(p.named);
  return replaced(turn, p.values).filter((id) => !named.has(id));
}

/** The values in words: 「规章·本年制发件数 1、规章·本年废止件数 0」. */
function understood(turn: Turn, values: Record<string, number>): string {
  const ids = Object.keys(values).filter((id) => !turn.format.cell.get(id)?.total);
  const label = (id: string) => turn.format.cell.get(id)?.label ?? id;
  const nonzero = ids.filter((id) => values[id] !== 0);
  const zero = ids.filter((id) => values[id] === 0);
  // 「行政复议·尚未审结 1，行政复议·结果维持、结果纠正、其他结果 0」: the zeros of a row after what was said.
  if (nonzero.length && zero.length && nonzero.length <= 8 && zero.length <= 6) {
    const head = (id: string) => label(id).split('·')[0];
    const zeros = zero.map((id, i) => (i > 0 && head(id) === head(zero[i - 1]) ? label(id).split('·').slice(1).join('·') : label(id)));
    return `${nonzero.map((id) => `${label(id)} ${shown(turn.format, id, values[id])}`).join('、')}，${zeros.join('、')} 为0`;
  }
  const parts = ids.slice(0, 8).map((id) => `${label(id)} ${shown(turn.format, id, values[id])}`);
  return `${parts.join('、')}${ids.length > 8 ? ` 等${ids.length}项` : ''}`;
}

/** 「这会改动已填写的行政许可·本年处理决定数量（原为7）。」 for the cells given; empty for none. */
function replacing(turn: Turn, ids: string[]): string {
  if (!ids.length) return '';
  return `这会改动已填写的${ids.slice(0, 3).map((id) => `${turn.format.cell.get(id)?.label ?? id}（原为${shown(turn.format, id, turn.draft.report.values[id])}）`).join('、')}${ids.length > 3 ? `等${ids.length}项` : ''}。`;
}

/** Store the proposal when its reading is certain; otherwise say what was understood and ask 是/否. */
export function propose(turn: Turn, p: Proposal, say: (applied: Extract<ReturnType<typeof applyValues>, { kind: 'applied' }>) => string[]): Outcome {
  const doubt = p.doubt ?? (replacing(turn, overwrites(turn, p)) || undefined);
  if (doubt) return ask(turn, p, doubt);
  const applied = applyValues(turn, p.values, p.what, undefined, p.named);
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  return settle(turn, applied, say(applied), p.advance);
}

/** A reading asked about: what 「是」 stores. */
export type Reading = Pick<Proposal, 'values' | 'what' | 'advance'>;

/** 「我理解为：…。…对吗？」 with the values waiting for 「是」. */
function ask(turn: Turn, p: Pick<Proposal, 'values' | 'what' | 'advance' | 'reading'>, doubt: string): Outcome {
  return {
    tag: 'info', draft: turn.draft, say: [], ask: true,
    flow: { ...turn.flow, pending: { kind: 'confirm', values: p.values, what: p.what, advance: p.advance } },
    question: `我理解为：${p.reading ?? understood(turn, p.values)}。${doubt}\n对吗？回复“是”记录，回复“不是”不记录；也可以直接回复正确的内容。`,
  };
}

/** 「，行政许可·本年处理决定数量仍为7」: the values a reading not stored would have changed, as they stay. */
function kept(turn: Turn, pending: { values: Record<string, number> }): string {
  const values = turn.draft.report.values;
  const stay = replaced(turn, pending.values);
  const named = stay.slice(0, 3).map((id) => `${turn.format.cell.get(id)?.label ?? id}仍为${shown(turn.format, id, values[id])}`).join('、');
  return named ? `，${named}${stay.length > 3 ? `等${stay.length}项均未改动` : ''}` : '';
}

/** 「不是」 to a question of this module: nothing stored, and the values it would have changed said as they stay. */
export function declined(turn: Turn, pending: { values: Record<string, number> }): string {
  return `好的，没有记录${kept(turn, pending)}。请按下面的提示重新回复。`;
}

/** Said when another message comes instead of an answer to the reading asked about: it is not stored, and the official is told so. */
export function dropped(turn: Turn, pending: { values: Record<string, number>; what: string }): string {
  return `刚才询问的${pending.what}没有记录${kept(turn, pending)}。`;
}

/** A reading asked about with one cell corrected (「不对，有效的是13」): said back with the new value and asked about again. */
export function askAgain(turn: Turn, pending: Reading, id: string, value: number): Outcome {
  const values = { ...pending.values, [id]: value };
  const stored = turn.draft.report.values;
  const ids = Object.keys(values).filter((c) => !turn.format.cell.get(c)?.total);
  const label = turn.format.cell.get(id)?.label ?? id;
  // One cell given before: said as 「把…由7改为5」, as a correction of the last answer is (correct.ts).
  const single = ids.length === 1 && known(turn.draft, id);
  const reading = single ? `把${label}由${shown(turn.format, id, stored[id])}改为${shown(turn.format, id, value)}` : undefined;
  const said = value === pending.values[id]
    ? `（${label}已经是${shown(turn.format, id, value)}。）`
    : `（已按您的更正改为${shown(turn.format, id, value)}，原先理解的是${shown(turn.format, id, pending.values[id])}。）`;
  const changes = single ? '' : replacing(turn, replaced(turn, values));
  return ask(turn, { ...pending, values, ...(reading ? { reading } : {}) }, `${said}${changes}`);
}

/** 「是」 to a question of this module: store exactly what was said back. */
export function confirmed(turn: Turn, pending: { values: Record<string, number>; what: string; advance: boolean }): Outcome {
  const cleared: Turn = { ...turn, flow: { ...turn.flow, pending: undefined } };
  const applied = applyValues(cleared, pending.values, pending.what);
  if (applied.kind === 'refused') return reject(cleared, [applied.reason]);
  const changes = echoChanges(turn.format, applied.diff);
  // What was stored is said plainly when cells were blank before (「已记录：行政复议·尚未审结 1，…为0。」).
  const fresh = applied.diff.some((c) => c.before === null && !turn.format.cell.get(c.id)?.total);
  const plain = understood(turn, pending.values);
  const head = fresh && [...plain].length <= 80 ? plain : pending.what;
  return settle(cleared, applied, [`已记录：${head}。`, ...changes.filter((l) => l.includes('原为'))], pending.advance);
}
