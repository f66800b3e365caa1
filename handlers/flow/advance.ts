// After an accepted answer: move on when the question is answered, re-run the affected
// identities, and offer the fix a finding suggests.
import type { Applied } from '../changes.ts';
import { explain, findingsAfter } from '../checks.ts';
import { editable } from '../changes.ts';
import type { Flow, Outcome, Turn } from './state.ts';
import { isFilled, nextOpen, stepById, type Step } from './steps.ts';

/** The flow positioned at a step; a text step that already has a text is collected anew (the first message replaces it). */
export function enter(turn: Turn, step: Step): Flow {
  const text = step.text ? { id: step.text, replace: Boolean(turn.draft.report.texts[step.text]?.trim()) } : undefined;
  return { ...turn.flow, step: step.id, text, pending: undefined };
}

/** The flow moved to the next open question after the current one. */
export function moveOn(turn: Turn): Flow {
  return enter(turn, nextOpen(turn, turn.flow.step));
}

/**
 * The outcome of an applied change: `say` first, then the notes of derived cells and the findings
 * about the changed cells. With `advance` (the message answered the current question), the flow
 * moves on once the question's cells are all known.
 */
export function settle(turn: Turn, applied: Extract<Applied, { kind: 'applied' }>, say: string[], advance: boolean): Outcome {
  const step = stepById(turn.format, turn.flow.step);
  const changed = applied.diff.map((c) => c.id);
  let next: Turn = { ...turn, draft: applied.draft, flow: applied.flow };
  if (advance && step.kind !== 'review' && step.kind !== 'text' && isFilled(step, next.draft)) next = { ...next, flow: moveOn(next) };
  const findings = findingsAfter(next, next.draft, changed);
  const { lines, fix } = explain(findings, next.format, next.draft.report, 3, (id) => editable(next.draft, id));
  const flow: Flow = { ...next.flow, pending: fix ? { kind: 'fix', values: fix } : undefined };
  return { tag: applied.diff.length ? 'changed' : 'info', draft: next.draft, flow, say: [...say, ...applied.notes, ...lines], ask: true };
}

/** The outcome with the flow moved to the next open question after step `from` (keeping a fix on offer). */
export function continueAfter(outcome: Outcome, turn: Turn, from: string): Outcome {
  const next: Turn = { ...turn, draft: outcome.draft, flow: outcome.flow };
  const flow = enter(next, nextOpen(next, from));
  return { ...outcome, flow: { ...flow, pending: outcome.flow.pending } };
}
