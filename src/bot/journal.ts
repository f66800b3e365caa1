// The journal of inbound messages: a message is written down (its key claimed) before the
// platform is answered, and handled later, in arrival order per user, by whichever process gets
// there first. A redelivery fails to claim the key and stops at once.
import type { EntityManager } from 'typeorm';
import type { InboundStatus } from '../../entities/inbound-message.ts';
import type { FileRead } from '../../handlers/turn.ts';
import { isUniqueViolation } from '../db/query-errors.ts';
import { datetime, execute, query } from './sql.ts';

/** What a user sent: text, something the bot cannot read, the chat being opened, a card's button, a file. */
export type InboundContent =
  | { kind: 'text'; text: string }
  // Journaled with its mediaId; downloaded and read before its turn, outside it (file-intake.ts).
  | { kind: 'file'; fileName: string; mediaId?: string; read?: FileRead }
  | { kind: 'unsupported' }
  | { kind: 'opened' }
  | { kind: 'button'; key: string; taskId: string; responseCode: string }
  // An @-mention in a group chat, the mention left out: answered in the group (aibot-groups.ts).
  | { kind: 'group'; chatId: string; text: string };

/** A journaled message waiting for its turn. */
export interface Received {
  id: number;
  key: string;
  channel: string;
  content: InboundContent;
}

/** Claim the key and journal the message; false when the key is already there (a redelivery). */
export async function journalMessage(m: EntityManager, message: { key: string; userId: string; channel: string; content: InboundContent; receivedAt: Date }): Promise<boolean> {
  try {
    await query(m, "INSERT INTO {inbound_messages} ({key}, {memberUserId}, {channel}, {content}, {receivedAt}, {status}, {replies}) VALUES (?, ?, ?, ?, ?, 'received', NULL)",
      [message.key, message.userId, message.channel, JSON.stringify(message.content), datetime(m, message.receivedAt)]);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** The user's oldest waiting messages (two: the next, and whether there are more), locked where there are row locks. */
export async function nextReceived(m: EntityManager, userId: string, rowLocks: boolean): Promise<Received[]> {
  const rows = await query<{ id: number; key: string; channel: string; content: string }>(m,
    `SELECT {id}, {key}, {channel}, {content} FROM {inbound_messages} WHERE {memberUserId} = ? AND {status} = 'received' ORDER BY {id} LIMIT 2${rowLocks ? ' FOR UPDATE' : ''}`, [userId]);
  return rows.map((r) => ({ id: Number(r.id), key: r.key, channel: r.channel, content: JSON.parse(r.content) as InboundContent }));
}

/** Mark a waiting message handled with its replies; false when another turn already did. */
export async function finishMessage(m: EntityManager, id: number, status: Exclude<InboundStatus, 'received'>, replies: string[]): Promise<boolean> {
  const changed = await execute(m, "UPDATE {inbound_messages} SET {status} = ?, {replies} = ?, {content} = NULL WHERE {id} = ? AND {status} = 'received'",
    [status, JSON.stringify(replies), id]);
  return changed === 1;
}

/** The stored outcome of a message, once it is handled. */
export async function outcomeOf(m: EntityManager, key: string): Promise<{ status: InboundStatus; replies: string[] } | undefined> {
  const [row] = await query<{ status: InboundStatus; replies: string | null }>(m, 'SELECT {status}, {replies} FROM {inbound_messages} WHERE {key} = ?', [key]);
  return row && { status: row.status, replies: row.replies ? (JSON.parse(row.replies) as string[]) : [] };
}

/** Users with a message waiting since before `before` (their process died before handling it), unless it is backing off after a failed turn until after `at`. */
export async function usersWaitingSince(m: EntityManager, before: Date, at: Date, limit = 100): Promise<string[]> {
  const rows = await query<{ userId: string }>(m,
    "SELECT DISTINCT {memberUserId} AS {userId} FROM {inbound_messages} WHERE {status} = 'received' AND {receivedAt} < ? AND ({retryAt} IS NULL OR {retryAt} <= ?) LIMIT ?",
    [datetime(m, before), datetime(m, at), limit]);
  return rows.map((r) => r.userId);
}

/** Count a failed turn of a waiting message (locked by nextReceived) and put it off until `retryAt(attempts)`; how many of its turns have failed. */
export async function postponeMessage(m: EntityManager, id: number, retryAt: (attempts: number) => Date): Promise<number> {
  const [row] = await query<{ attempts: number | null }>(m, 'SELECT {attempts} FROM {inbound_messages} WHERE {id} = ?', [id]);
  const attempts = Number(row?.attempts ?? 0) + 1;
  await execute(m, "UPDATE {inbound_messages} SET {attempts} = ?, {retryAt} = ? WHERE {id} = ? AND {status} = 'received'", [attempts, datetime(m, retryAt(attempts)), id]);
  return attempts;
}

/** For /healthz: messages waiting for their turn, those of them retrying after a failed turn, and those set aside. */
export async function journalSummary(m: EntityManager): Promise<{ waiting: number; retrying: number; setAside: number }> {
  // By the (status, receivedAt) index: the done ones, nearly all, are not read.
  const rows = await query<{ status: string; retrying: number; n: number }>(m,
    "SELECT {status}, CASE WHEN {attempts} > 0 THEN 1 ELSE 0 END AS {retrying}, COUNT(*) AS {n} FROM {inbound_messages} WHERE {status} IN ('received', 'failed') GROUP BY {status}, CASE WHEN {attempts} > 0 THEN 1 ELSE 0 END");
  const count = (pick: (r: { status: string; retrying: number }) => boolean) => rows.filter((r) => pick({ status: r.status, retrying: Number(r.retrying) })).reduce((n, r) => n + Number(r.n), 0);
  return { waiting: count((r) => r.status === 'received'), retrying: count((r) => r.status === 'received' && r.retrying === 1), setAside: count((r) => r.status === 'failed') };
}
