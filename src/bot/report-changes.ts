// What an official changed in a report since its last 退回, read from the audit trail (cell_changes):
// each cell or text as it was at the return and as it is now.
import type { EntityManager } from 'typeorm';
import type { CellEdit } from '../../handlers/supervise-changes.ts';
import { lastReturn } from './review.ts';
import { query } from './sql.ts';

/** The cells and texts changed since the report's last return (undefined when it was never returned), oldest change first. */
export async function changesSinceReturn(m: EntityManager, reportId: number): Promise<CellEdit[] | undefined> {
  const last = await lastReturn(m, reportId);
  if (!last) return undefined;
  const rows = await query<{ cell: string; oldValue: string | null; newValue: string | null }>(m,
    `SELECT {cell}, {oldValue}, {newValue} FROM {cell_changes} WHERE {reportId} = ? AND {id} > ? AND {cell} <> 'status' ORDER BY {id}`, [reportId, last.id]);
  // Each cell from its value at the return to its last one.
  const edits = new Map<string, CellEdit>();
  for (const r of rows) {
    const after = r.newValue === null ? null : (JSON.parse(r.newValue) as number | string);
    const found = edits.get(r.cell);
    if (found) found.after = after;
    else edits.set(r.cell, { cell: r.cell, before: r.oldValue === null ? null : (JSON.parse(r.oldValue) as number | string), after });
  }
  return [...edits.values()].filter((e) => e.before !== e.after);
}
