// Texts to one member that wait behind WeCom's per-member limit (30 a minute, 90236) are merged
// into as few messages as fit its 2048 bytes, in order, rather than each waiting for a slot.
// Only texts never attempted are merged: a message that may have arrived is resent as it was.
import { plainText } from './outbox-payloads.ts';

/** A waiting outbox row, as far as merging goes. */
export interface Mergeable {
  id: number;
  kind: string;
  payload: string;
  state: string;
  attempts: number;
  uncertain: number;
  expiresAt: unknown;
}

/** A row that now carries `text`, the texts of the rows `absorbed` (sent within it) after its own. */
export interface Merge {
  id: number;
  text: string;
  absorbed: number[];
}

/** WeCom's limit on a text message's content (90236). */
const MAX_BYTES = 2048;
const SEPARATOR = '\n\n';

function textOf(row: Mergeable): string | undefined {
  if (row.kind !== 'text' || row.state !== 'pending' || Number(row.attempts) !== 0 || Number(row.uncertain) !== 0 || row.expiresAt !== null) return undefined;
  return plainText(row.payload);
}

/** Merge runs of consecutive mergeable texts, each within 2048 bytes: the rows left to send, in order, and the merges made. */
export function mergeTexts<T extends Mergeable>(rows: T[]): { rows: T[]; merges: Merge[] } {
  const out: T[] = [];
  const merges: Merge[] = [];
  let open: { row: T; merge: Merge } | undefined;
  for (const row of rows) {
    const text = textOf(row);
    if (text !== undefined && open && Buffer.byteLength(open.merge.text + SEPARATOR + text, 'utf8') <= MAX_BYTES) {
      open.merge.text += SEPARATOR + text;
      open.merge.absorbed.push(Number(row.id));
      continue;
    }
    out.push(row);
    open = text === undefined ? undefined : { row, merge: { id: Number(row.id), text, absorbed: [] } };
    if (open) merges.push(open.merge);
  }
  return { rows: out, merges: merges.filter((m) => m.absorbed.length > 0) };
}
