// Changing the draft: set cells (or a text), fill what follows from them (zero outcomes when
// nothing is left to place), compute every total, remember the old values for 「撤销」. A
// submitted report is read-only; a returned one accepts changes only to the cells reopened.
import { applicantColumns, type ReportFormat } from '../src/report/formats.ts';
import type { Draft } from './turn.ts';
import { UNDO_DEPTH, type Flow, type TextKey, type Turn, type UndoEntry } from './flow/state.ts';
import { stepOfCell } from './flow/steps.ts';

/** One cell whose value changed. */
export interface Change {
  id: string;
  before: number | null;
  after: number | null;
}

/** Changes made, or why the draft may not change. */
export type Applied =
  | { kind: 'applied'; draft: Draft; flow: Flow; diff: Change[]; notes: string[] }
  | { kind: 'refused'; reason: string };

type Values = Record<string, number | null>;

const isKnown = (v: number | null | undefined): v is number => v !== undefined && v !== null;
const requestId = (row: string, col: string) => `requests.${row}.${col}`;

/** Why this report may not change at all, if it may not. */
export function readOnlyReason(draft: Draft): string | undefined {
  if (draft.status === 'submitted') return '报告已提交，不能再修改；如需修改，请联系审核人退回。';
  if (draft.status === 'approved') return '报告已审核通过，不能再修改；如需更正，请联系审核人。';
  return undefined;
}

/** Whether the user may change this cell now: not in a submitted report, only reopened ones in a returned report. */
export function editable(draft: Draft, id: string): boolean {
  if (readOnlyReason(draft)) return false;
  return draft.status !== 'returned' || (draft.reopened ?? []).includes(id);
}

/** A format's cell ids for the section 三 arithmetic, worked out once per format (every turn uses them, some several times). */
interface RequestIds {
  outcomeRows: string[];
  /** Per applicant column: 新收, 上年结转, 结转下年度 and the outcome cells. */
  columns: { received: string; over: string; forward: string; outcomes: string[] }[];
  /** Each computed total with its parts: the 总计 column, the （七）总计 row, section 四 总计. */
  totals: [string, string[]][];
}

const requestIdsOf = new WeakMap<ReportFormat, RequestIds>();

function requestIds(format: ReportFormat): RequestIds {
  const known = requestIdsOf.get(format);
  if (known) return known;
  const outcomeRows = format.requestRows.filter((r) => r.role === 'outcome').map((r) => r.id);
  const ids: RequestIds = {
    outcomeRows,
    columns: applicantColumns.map((c) => ({
      received: requestId('received', c), over: requestId('carriedOver', c), forward: requestId('carriedForward', c), outcomes: outcomeRows.map((r) => requestId(r, c)),
    })),
    totals: [
      ...applicantColumns.map((c): [string, string[]] => [requestId('total', c), outcomeRows.map((r) => requestId(r, c))]),
      ...format.requestRows.map((row): [string, string[]] => [requestId(row.id, 'total'), applicantColumns.map((c) => requestId(row.id, c))]),
      ...format.appealGroups.map((g): [string, string[]] => [`appeals.${g.key}.total`, ['upheld', 'corrected', 'other', 'pending'].map((o) => `appeals.${g.key}.${o}`)]),
    ],
  };
  requestIdsOf.set(format, ids);
  return ids;
}

/** Outcome rows of section 三, the addends of （七）总计. */
export const outcomeRowIds = (format: ReportFormat): string[] => requestIds(format).outcomeRows;

/** What is left to place per applicant column: 新收 + 上年结转 − 结转下年度 − outcomes so far; undefined while unknown. */
export function remainder(format: ReportFormat, values: Values): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [i, col] of requestIds(format).columns.entries()) {
    const [received, over, forward] = [values[col.received], values[col.over], values[col.forward]];
    if (!isKnown(received) || !isKnown(over) || !isKnown(forward)) return undefined;
    let left = received + over - forward;
    for (const id of col.outcomes) left -= values[id] ?? 0;
    out[applicantColumns[i]] = left;
  }
  return out;
}

/** Section 三 cells that follow from the others: nothing received or carried over → nothing to place; nothing left → outcomes 0. */
function fillDerived(format: ReportFormat, values: Values): string[] {
  const notes: string[] = [];
  const { columns } = requestIds(format);
  const fillBlank = (ids: string[]) => {
    let filled = false;
    for (const id of ids) {
      if (!isKnown(values[id])) [values[id], filled] = [0, true];
    }
    return filled;
  };
  if (columns.every((c) => values[c.received] === 0 && values[c.over] === 0)) {
    if (fillBlank(columns.flatMap((c) => [c.forward, ...c.outcomes]))) notes.push('本年新收和上年结转均为0，第三部分其余各项已记为0。');
    return notes;
  }
  const left = remainder(format, values);
  if (!left || Object.values(left).some((n) => n !== 0)) return notes;
  const placed = columns.some((c) => c.outcomes.some((id) => (values[id] ?? 0) > 0));
  if (fillBlank(columns.flatMap((c) => c.outcomes))) {
    notes.push(placed ? '其余办理结果各项已记为0。' : '没有需要归入办理结果的申请，（一）至（六）各项已记为0。');
  }
  return notes;
}

/**
 * Every total the bot computes: the 总计 column, the （七）总计 row, section 四 总计 — from their parts
 * (a blank part counts as 0, as in the identities) once any part is known.
 */
function computeTotals(format: ReportFormat, values: Values): void {
  for (const [total, parts] of requestIds(format).totals) {
    let sum = 0;
    let any = false;
    for (const id of parts) {
      const v = values[id];
      if (isKnown(v)) [sum, any] = [sum + v, true];
    }
    if (any) values[total] = sum;
  }
}

/** Why a returned report refuses a change to these cells, if it does. */
export function notReopened(turn: Turn, ids: string[]): string | undefined {
  if (turn.draft.status !== 'returned') return undefined;
  const reopened = turn.draft.reopened ?? [];
  const closed = ids.filter((id) => !reopened.includes(id) && !turn.format.cell.get(id)?.total);
  if (!closed.length) return undefined;
  const names = closed.map((id) => (id.startsWith('texts.') ? stepOfCell(turn.format, id)?.label : turn.format.cell.get(id)?.label) ?? id);
  return `报告退回后只能修改审核人指出的项目，「${names.slice(0, 3).join('」「')}」不在其中。`;
}

/**
 * Apply values (and optionally one text) to the draft: derived cells and totals follow, the old values go on the undo stack.
 * `said` are the cells the message gave (the rest of `set` completes the row): they become `lastCells`.
 */
export function applyValues(turn: Turn, set: Record<string, number>, what: string, text?: { id: TextKey; value: string }, said: Iterable<string> = Object.keys(set)): Applied {
  const changing = Object.keys(set).filter((id) => set[id] !== (turn.draft.report.values[id] ?? null));
  const textChanging = text !== undefined && text.value !== (turn.draft.report.texts[text.id] ?? null);
  const locked = readOnlyReason(turn.draft) ?? notReopened(turn, [...changing, ...(textChanging ? [`texts.${text!.id}`] : [])]);
  if (locked) return { kind: 'refused', reason: locked };
  const old = turn.draft.report.values;
  const values: Values = { ...old, ...set };
  const notes = fillDerived(turn.format, values);
  computeTotals(turn.format, values);
  const diff: Change[] = turn.format.cells
    .filter((c) => (values[c.id] ?? null) !== (old[c.id] ?? null))
    .map((c) => ({ id: c.id, before: old[c.id] ?? null, after: values[c.id] ?? null }));
  const oldText = text ? turn.draft.report.texts[text.id] ?? null : null;
  const textChanged = text !== undefined && text.value !== oldText;
  if (!diff.length && !textChanged) return { kind: 'applied', draft: turn.draft, flow: turn.flow, diff, notes };

  // A paragraph added to a text is undone by cutting it off: the state does not keep the whole text
  // as it was at every step (it grew by a copy of the 总体情况 per paragraph).
  const appended = textChanged && oldText && text!.value.startsWith(`${oldText}\n`) ? { id: text!.id, length: oldText.length } : undefined;
  const entry: UndoEntry = {
    values: Object.fromEntries(diff.map((c) => [c.id, c.before])),
    texts: textChanged && !appended ? { [text!.id]: oldText } : {},
    ...(appended && { appended }),
    step: turn.flow.step,
    what,
  };
  const texts = textChanged ? { ...turn.draft.report.texts, [text!.id]: text!.value } : turn.draft.report.texts;
  const draft: Draft = { ...turn.draft, report: { ...turn.draft.report, values: diff.length ? values : old, texts } };
  const given = new Set(said);
  const cells = changing.filter((id) => given.has(id) && !turn.format.cell.get(id)?.total);
  const flow: Flow = { ...turn.flow, undo: [...turn.flow.undo, entry].slice(-UNDO_DEPTH), lastCells: cells.length ? cells : undefined };
  return { kind: 'applied', draft, flow, diff, notes };
}

/** Take back the newest change: restore its cells and text, return to the question it answered. */
export function undoLast(turn: Turn): Applied & { what?: string } {
  const locked = readOnlyReason(turn.draft);
  if (locked) return { kind: 'refused', reason: locked };
  const entry = turn.flow.undo.at(-1);
  if (!entry) return { kind: 'refused', reason: '没有可以撤销的修改。' };
  const values: Values = { ...turn.draft.report.values };
  for (const [id, v] of Object.entries(entry.values)) {
    if (v === null) delete values[id];
    else values[id] = v;
  }
  const texts = { ...turn.draft.report.texts };
  for (const [id, v] of Object.entries(entry.texts) as [TextKey, string | null][]) {
    if (v === null) delete texts[id];
    else texts[id] = v;
  }
  // The newest change is undone first, so the text is still as that change left it.
  if (entry.appended) texts[entry.appended.id] = (texts[entry.appended.id] ?? '').slice(0, entry.appended.length);
  const diff: Change[] = Object.entries(entry.values).map(([id, before]) => ({ id, before: turn.draft.report.values[id] ?? null, after: before }));
  const draft: Draft = { ...turn.draft, report: { ...turn.draft.report, values, texts } };
  // What is left on the stack is no longer what the official just said: 「刚才那个说错了」 then names nothing.
  const flow: Flow = { ...turn.flow, undo: turn.flow.undo.slice(0, -1), step: entry.step, pending: undefined, text: undefined, lastCells: undefined };
  return { kind: 'applied', draft, flow, diff, notes: [], what: entry.what };
}
