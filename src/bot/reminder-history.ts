// 催办记录 read from the database: a campaign's reminders and 催办 to the officials of some units
// (the reminders table: planned, sent or dropped and why), each sent one with what the outbox made
// of its message, and the officials' names.
import type { EntityManager } from 'typeorm';
import type { ReminderFate, SentReminder } from '../../handlers/supervise-history.ts';
import type { ReminderKind } from '../../handlers/reminders.ts';
import { reminderMessageKey } from '../message-keys.ts';
import { query, readDatetime } from './sql.ts';

/** The kinds that go to a unit's officials (the digests, late lists and escalations go to supervisors). */
const TO_OFFICIALS: readonly ReminderKind[] = ['T-7', 'T-3', 'T-1', 'T0', 'overdue', 'snooze', 'urge'];

const CHUNK = 500;

/** The outbox's state by idempotency key, for these keys. */
async function outboxStates(m: EntityManager, keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const rows = await query<{ idempotencyKey: string; state: string }>(m,
      `SELECT {idempotencyKey}, {state} FROM {outbox_messages} WHERE {idempotencyKey} IN (${chunk.map(() => '?').join(', ')})`, chunk);
    for (const r of rows) out.set(r.idempotencyKey, r.state);
  }
  return out;
}

/** Every reminder and 催办 of the campaign to the officials of these units, oldest first. */
export async function remindersTo(m: EntityManager, campaignId: number, unitIds: number[]): Promise<SentReminder[]> {
  const rows: { id: number; idempotencyKey: string; unitId: number; recipient: string; name: string | null; kind: ReminderKind; dueAt: unknown; state: string; note: string | null }[] = [];
  for (let i = 0; i < unitIds.length; i += CHUNK) {
    const chunk = unitIds.slice(i, i + CHUNK);
    rows.push(...await query<(typeof rows)[number]>(m,
      `SELECT r.{id} AS {id}, r.{idempotencyKey} AS {idempotencyKey}, r.{unitId} AS {unitId}, r.{recipient} AS {recipient}, mb.{name} AS {name}, r.{kind} AS {kind}, r.{dueAt} AS {dueAt}, r.{state} AS {state}, r.{note} AS {note}
       FROM {reminders} r LEFT JOIN {members} mb ON mb.{userId} = r.{recipient}
       WHERE r.{campaignId} = ? AND r.{kind} IN (${TO_OFFICIALS.map(() => '?').join(', ')}) AND r.{unitId} IN (${chunk.map(() => '?').join(', ')}) ORDER BY r.{dueAt}, r.{id}`,
      [campaignId, ...TO_OFFICIALS, ...chunk]));
  }
  // A 催办 sent at once is queued under its own key, any other under the reminder's message key (sendDueReminders); a reminder's text is one message.
  const sent = rows.filter((r) => r.state === 'sent');
  const outbox = await outboxStates(m, sent.flatMap((r) => [r.idempotencyKey, reminderMessageKey(Number(r.id))]));
  const fateOf = (r: (typeof rows)[number]): ReminderFate => {
    if (r.state === 'pending') return 'planned';
    if (r.state === 'dropped') return 'dropped';
    const state = outbox.get(reminderMessageKey(Number(r.id))) ?? outbox.get(r.idempotencyKey);
    if (state === 'failed') return 'failed';
    if (state === 'pending' || state === 'sending') return 'sending';
    // Sent, or merged into an earlier text that carried it; a row is marked sent in the transaction that queues its message.
    return 'sent';
  };
  return rows.map((r) => ({ unitId: Number(r.unitId), to: r.name ?? r.recipient, kind: r.kind, at: readDatetime(r.dueAt), fate: fateOf(r), note: r.note }));
}
