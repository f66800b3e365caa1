// What the 智能机器人's callback mode keeps of a message in the database (aibot_callbacks), so that
// whichever process of a cluster answers a stream refresh or sends a reply knows what the process
// that received the message knew: whether it opened a stream, the group it was said in, and its
// response_url — one use within an hour (101138), claimed by a conditional update.
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../db/query-errors.ts';
import { datetime, execute, query, readDatetime } from '../bot/sql.ts';

/** A message received through the callback URL, as kept. */
export interface KeptCallback {
  messageKey: string;
  userId: string;
  chatId: string | null;
  streamedAt: Date | null;
}

/** Where a reply goes: a member's single chat, or a group. */
export type ReplyChat = { kind: 'single'; userId: string } | { kind: 'group'; chatId: string };

// A response_url works once within an hour (101138); the margin covers the POST itself.
export const RESPONSE_URL_MS = 55 * 60_000;
// Kept a day: long past the stream's 6 minutes and the response_url's hour.
const KEPT_MS = 24 * 3600_000;
// How many of a chat's unused response_urls a reply tries when others take them first.
const CANDIDATES = 5;

/** Keep a message (once: a redelivery keeps what the first delivery kept), and forget those of days ago. */
export async function keepCallback(m: EntityManager, kept: KeptCallback & { responseUrl: string | null }, at: Date): Promise<void> {
  await execute(m, 'DELETE FROM {aibot_callbacks} WHERE {receivedAt} < ?', [datetime(m, new Date(at.getTime() - KEPT_MS))]);
  try {
    await execute(m, 'INSERT INTO {aibot_callbacks} ({messageKey}, {userId}, {chatId}, {streamedAt}, {responseUrl}, {receivedAt}) VALUES (?, ?, ?, ?, ?, ?)',
      [kept.messageKey, kept.userId, kept.chatId, kept.streamedAt && datetime(m, kept.streamedAt), kept.responseUrl, datetime(m, at)]);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** The kept message, if it came through the callback URL. */
export async function findCallback(m: EntityManager, messageKey: string): Promise<KeptCallback | undefined> {
  const [row] = await query<{ messageKey: string; userId: string; chatId: string | null; streamedAt: unknown }>(m,
    'SELECT {messageKey} AS {messageKey}, {userId} AS {userId}, {chatId} AS {chatId}, {streamedAt} AS {streamedAt} FROM {aibot_callbacks} WHERE {messageKey} = ?', [messageKey]);
  return row && { ...row, streamedAt: row.streamedAt === null ? null : readDatetime(row.streamedAt) };
}

/**
 * Take a response_url for a reply to `chat`: the unused one of the message `messageKey` when it
 * was said in that chat, else the chat's latest unused one within its hour. Taken for good: a
 * response_url works once, so the caller POSTs to it once, whatever comes of that.
 */
export async function claimResponseUrl(m: EntityManager, messageKey: string | undefined, chat: ReplyChat, at: Date): Promise<string | undefined> {
  const since = datetime(m, new Date(at.getTime() - RESPONSE_URL_MS));
  const inChat = chat.kind === 'group' ? '{chatId} = ?' : '{chatId} IS NULL AND {userId} = ?';
  const usable = `${inChat} AND {responseUrl} IS NOT NULL AND {responseUsedAt} IS NULL AND {receivedAt} >= ?`;
  const params = [chat.kind === 'group' ? chat.chatId : chat.userId, since];
  const own = messageKey ? await query<{ messageKey: string; responseUrl: string }>(m,
    `SELECT {messageKey} AS {messageKey}, {responseUrl} AS {responseUrl} FROM {aibot_callbacks} WHERE {messageKey} = ? AND ${usable}`, [messageKey, ...params]) : [];
  const latest = await query<{ messageKey: string; responseUrl: string }>(m,
    `SELECT {messageKey} AS {messageKey}, {responseUrl} AS {responseUrl} FROM {aibot_callbacks} WHERE ${usable} ORDER BY {receivedAt} DESC LIMIT ${CANDIDATES}`, params);
  for (const candidate of [...own, ...latest]) {
    // Another process may take it between the SELECT and here: the UPDATE decides.
    const taken = await execute(m, 'UPDATE {aibot_callbacks} SET {responseUsedAt} = ? WHERE {messageKey} = ? AND {responseUsedAt} IS NULL', [datetime(m, at), candidate.messageKey]);
    if (taken === 1) return candidate.responseUrl;
  }
  return undefined;
}
