// The outbox: every message the bot sends is a row, written in the same transaction as what
// caused it, then sent by a dispatcher. The queries here claim a recipient's due messages under
// a lease (so that two processes never send to one member at once, and order is kept) and record
// each attempt's outcome.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { OutboxState } from '../../entities/outbox-message.ts';
import { splitText } from '../../handlers/reply.ts';
import { isUniqueViolation } from '../db/query-errors.ts';
import { pieceKey } from '../message-keys.ts';
import { mergeTexts } from './outbox-merge.ts';
import { readOutboxMessage, type OutboxMessage } from './outbox-payloads.ts';
import { datetime, execute, query, readDatetime } from './sql.ts';

/** A message to put in the outbox: its kind and payload, and where it goes. */
export type Outgoing = OutboxMessage & {
  /** Unique per message (src/message-keys.ts): a cause retried enqueues it once. */
  idempotencyKey: string;
  channel: string;
  recipient: string;
  /** Given up instead of sent after this time; without it, sent whenever it can be. */
  expiresAt?: Date;
};

/** A claimed message, as the channel's sender gets it: its kind and payload, read back and checked. */
export type OutboxRow = OutboxMessage & ClaimedRow;

/** What a claimed message carries besides its kind and payload. */
export interface ClaimedRow {
  id: number;
  channel: string;
  recipient: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** An earlier attempt may have been delivered. */
  uncertain: boolean;
  /** The same message went to this recipient within WeCom's duplicate-check window: a deliberate repeat. */
  repeat: boolean;
  /** A file's upload kept from an earlier attempt, still valid for an hour at least. */
  media?: KeptMedia;
  /** Keep a file's upload with the row (set by the dispatcher); false when its lease was lost meanwhile. */
  remember?: (media: KeptMedia) => Promise<boolean>;
}

/** An uploaded file's media_id and when WeCom forgets it (3 days after the upload, 90253). */
export interface KeptMedia {
  id: string;
  expiresAt: Date;
}

// A kept upload is used only while it has this long to live: a send is never refused for it mid-way.
const MEDIA_MARGIN_MS = 3600_000;

/** How long WeCom's duplicate check remembers a message (duplicate_check_interval, 90236). */
export const DUPLICATE_WINDOW_MS = 1800_000;

/** `kind:payload` in SQL: MySQL's || is OR unless PIPES_AS_CONCAT is set. */
function concat(m: EntityManager): string {
  const type = m.connection.options.type;
  return type === 'mysql' || type === 'mariadb' ? "CONCAT({kind}, ':', {payload})" : "{kind} || ':' || {payload}";
}

/** A text to one recipient as outbox messages, split at line ends into WeCom's 2048 bytes; keyed `key`, or `key.0`, `key.1` … when split. */
export function textMessages(key: string, channel: string, recipient: string, text: string): Outgoing[] {
  const pieces = splitText(text);
  return pieces.map((piece, i): Outgoing => ({ idempotencyKey: pieces.length === 1 ? key : pieceKey(key, i), channel, recipient, kind: 'text', payload: { text: piece } }));
}

/** Add messages to the outbox, due at once; keys already there are skipped. */
export async function enqueue(m: EntityManager, messages: Outgoing[], at: Date): Promise<void> {
  const now = datetime(m, at);
  for (const message of messages) {
    try {
      await query(m, "INSERT INTO {outbox_messages} ({idempotencyKey}, {channel}, {recipient}, {kind}, {payload}, {state}, {attempts}, {uncertain}, {dueAt}, {expiresAt}, {createdAt}) VALUES (?, ?, ?, ?, ?, 'pending', 0, 0, ?, ?, ?)",
        [message.idempotencyKey, message.channel, message.recipient, message.kind, JSON.stringify(message.payload), now, message.expiresAt ? datetime(m, message.expiresAt) : null, now]);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

interface Row {
  id: number;
  kind: string;
  payload: string;
  state: OutboxState;
  attempts: number;
  uncertain: number;
  dueAt: unknown;
  claimedUntil: unknown;
  expiresAt: unknown;
  mediaId: string | null;
  mediaExpiresAt: unknown;
  sentAt: unknown;
}

/** How many messages a recipient may still get now: WeCom drops what exceeds its limits without an error. */
export interface Quota {
  perMinute: number;
  perHour: number;
}

/**
 * The result of a claim: the rows to send now under `token`, or when to look again (`limited`: the
 * per-member limit is reached; `paced`: the recipient is being paced, see `paced`); `expired`: the
 * ids given up as past their time; `invalid`: those given up as not what their kind carries.
 */
export type Claim = ({ kind: 'claimed'; token: string; /** The end of the lease. */ until: Date; rows: OutboxRow[]; /** More may be due: claim again once these are done. */ more: boolean }
  | { kind: 'nothing' } | { kind: 'busy' } | { kind: 'limited' | 'paced'; until: Date }) & { expired?: number[]; invalid?: Invalid[] };

/** A row given up because its payload does not match its kind: its id and why. */
export interface Invalid {
  id: number;
  reason: string;
}

/**
 * How many messages a recipient may be sent now, or from when. The first half of the per-minute
 * limit goes out at once; past it, one message every 60 s / (the other half) — 4 s at WeCom's 30 —
 * carrying every text waiting (merged). A burst (an official pasting 30 messages in a minute) is
 * then answered within seconds, where spending the whole limit first left the rest to wait for
 * the next minute. Over any 60 s the two halves together stay within the limit.
 */
export function paced(quota: Quota, inMinute: readonly number[], time: number): { room: number; until?: number } {
  const free = Math.ceil(quota.perMinute / 2);
  if (inMinute.length < free) return { room: free - inMinute.length };
  const next = Math.max(...inMinute) + Math.floor(60_000 / Math.max(quota.perMinute - free, 1));
  return next > time ? { room: 0, until: next } : { room: 1 };
}

/** Why an expired message was not sent (its lastError). */
export const EXPIRED = 'expired: not sent before expiresAt';

/** The ids of a recipient's waiting messages: a plain read, no lock, through idx_outbox_messages_recipient. */
export const WAITING_IDS = `SELECT {id}, NULL AS {sentAt}, NULL AS {payload} FROM {outbox_messages} WHERE {channel} = ? AND {recipient} = ? AND {state} IN ('pending', 'sending')`;

/**
 * In the same statement as WAITING_IDS, what the recipient was sent in the last hour (the rate
 * limits) and, within WeCom's duplicate-check window (1800 s), what: through idx_outbox_messages_recipient_sent.
 */
const RECENTLY_SENT = (m: EntityManager) => `SELECT NULL, {sentAt}, CASE WHEN {sentAt} > ? THEN ${concat(m)} END FROM {outbox_messages}
     WHERE {channel} = ? AND {recipient} = ? AND {sentAt} > ?`;

/** Those messages read again by primary key, locked where there are row locks: `count` placeholders. */
export function lockedByIds(count: number, rowLocks: boolean): string {
  return `SELECT {id}, {kind}, {payload}, {state}, {attempts}, {uncertain}, {dueAt}, {claimedUntil}, {expiresAt}, {mediaId}, {mediaExpiresAt}, {sentAt} FROM {outbox_messages}
     WHERE {id} IN (${Array.from({ length: count }, () => '?').join(', ')})${rowLocks ? ' FOR UPDATE' : ''}`;
}

/**
 * Claim the recipient's due messages, oldest first, up to `batch` and the rate limits. A message
 * not yet due (backing off) holds back the ones after it, so that order is kept.
 */
export async function claimDue(m: EntityManager, channel: string, recipient: string, quota: Quota, at: Date, leaseMs: number, batch: number, rowLocks: boolean): Promise<Claim> {
  // Two steps, so that the claim never locks another member's rows whatever the planner does: the
  // ids are read without a lock (a locking read through a range of another index waited on other
  // members' fresh rows, and turns deadlocked), then only those rows are locked, by primary key.
  // A row that changed in between is read again as it is now; one written since is its writer's.
  // The first read brings what the recipient was sent lately too (one statement instead of two).
  const time = at.getTime();
  const read = await query<{ id: number | null; sentAt: unknown; payload: string | null }>(m, `${WAITING_IDS} UNION ALL ${RECENTLY_SENT(m)}`,
    [channel, recipient, datetime(m, new Date(time - DUPLICATE_WINDOW_MS)), channel, recipient, datetime(m, new Date(time - 3_600_000))]);
  const ids = read.flatMap((r) => (r.id === null ? [] : [Number(r.id)]));
  if (!ids.length) return { kind: 'nothing' };
  const locked = await query<Row>(m, lockedByIds(ids.length, rowLocks), ids);
  const waiting = locked.filter((r) => r.state === 'pending' || r.state === 'sending');
  if (!waiting.length) return { kind: 'nothing' };
  if (waiting.some((r) => r.state === 'sending' && readDatetime(r.claimedUntil).getTime() > time)) return { kind: 'busy' };
  let due: Row[] = [];
  const expired: number[] = [];
  const invalid: Invalid[] = [];
  for (const row of waiting.sort((a, b) => Number(a.id) - Number(b.id))) {
    // A lapsed lease: the process sending it died; the message may or may not have gone out.
    if (row.state === 'pending' && readDatetime(row.dueAt).getTime() > time) break;
    const read = readOutboxMessage(row.kind, row.payload);
    if (row.expiresAt !== null && readDatetime(row.expiresAt).getTime() <= time) expired.push(Number(row.id));
    else if (read.kind === 'invalid') invalid.push({ id: Number(row.id), reason: read.reason });
    else due.push(row);
  }
  if (expired.length) {
    await execute(m, `UPDATE {outbox_messages} SET {state} = 'failed', {claimToken} = NULL, {claimedUntil} = NULL, {lastError} = ? WHERE {id} IN (${expired.map(() => '?').join(', ')})`, [EXPIRED, ...expired]);
  }
  for (const { id, reason } of invalid) {
    await execute(m, "UPDATE {outbox_messages} SET {state} = 'failed', {claimToken} = NULL, {claimedUntil} = NULL, {lastError} = ? WHERE {id} = ?", [`invalid: ${reason}`.slice(0, 500), id]);
  }
  const gone = { ...(expired.length && { expired }), ...(invalid.length && { invalid }) };
  if (!due.length) return { kind: 'nothing', ...gone };
  // What the recipient got in the last hour: the rate limits, and which messages repeat one
  // sent within WeCom's duplicate-check window (1800 s). A waiting row whose send (by another
  // process) was recorded between the two reads counts too, as the locked read found it.
  const sent = [
    ...read.filter((r) => r.id === null),
    ...locked.filter((r) => r.state === 'sent' && r.sentAt !== null && readDatetime(r.sentAt).getTime() > time - 3_600_000).map((r) => ({
      sentAt: r.sentAt, payload: readDatetime(r.sentAt).getTime() > time - DUPLICATE_WINDOW_MS ? `${r.kind}:${r.payload}` : null,
    })),
  ];
  const times = sent.map((r) => readDatetime(r.sentAt).getTime());
  const inMinute = times.filter((t) => t > time - 60_000);
  const room = Math.min(quota.perMinute - inMinute.length, quota.perHour - times.length);
  const pace = paced(quota, inMinute, time);
  // More waiting than may go out now: the texts are merged, so that one slot carries them.
  if (due.length > Math.max(Math.min(room, pace.room), 0)) due = await merged(m, due);
  if (room <= 0) {
    const byMinute = inMinute.length >= quota.perMinute;
    const oldest = Math.min(...(byMinute ? inMinute : times));
    const until = new Date(Math.max(time + 1000, oldest + (byMinute ? 60_000 : 3_600_000)));
    // Put off until the window has room, so that the sweep does not keep looking meanwhile.
    await execute(m, `UPDATE {outbox_messages} SET {dueAt} = ?, {uncertain} = CASE WHEN {state} = 'sending' THEN 1 ELSE {uncertain} END,
      {state} = 'pending', {claimToken} = NULL, {claimedUntil} = NULL WHERE {id} IN (${due.map(() => '?').join(', ')})`, [datetime(m, until), ...due.map((r) => r.id)]);
    return { kind: 'limited', until, ...gone };
  }
  // Left as they are, due: a kick or the sweep finds them paced again until then.
  if (pace.until !== undefined) return { kind: 'paced', until: new Date(pace.until), ...gone };
  const claimed = due.slice(0, Math.min(room, pace.room, batch));
  const recent = new Set(sent.map((r) => r.payload).filter((p) => p !== null));
  const token = randomUUID();
  // {uncertain} first: MySQL evaluates assignments left to right, so a CASE after {state} = 'sending' would see the new state.
  await execute(m, `UPDATE {outbox_messages} SET {uncertain} = CASE WHEN {state} = 'sending' THEN 1 ELSE {uncertain} END,
    {state} = 'sending', {claimToken} = ?, {claimedUntil} = ?, {attempts} = {attempts} + 1 WHERE {id} IN (${claimed.map(() => '?').join(', ')})`,
  [token, datetime(m, new Date(time + leaseMs)), ...claimed.map((r) => r.id)]);
  return {
    // Rows left over by the batch are claimed next, those left over by the limit deferred by the next claim.
    kind: 'claimed', token, until: new Date(time + leaseMs), more: claimed.length < due.length, ...gone,
    rows: claimed.flatMap((r) => {
      // A repeat of a message sent within the window, or of one earlier in this batch.
      const repeat = recent.has(`${r.kind}:${r.payload}`);
      recent.add(`${r.kind}:${r.payload}`);
      const mediaExpiresAt = r.mediaId !== null && r.mediaExpiresAt !== null ? readDatetime(r.mediaExpiresAt) : undefined;
      // Read above already; a merged text was made here from texts that were.
      const read = readOutboxMessage(r.kind, r.payload);
      if (read.kind === 'invalid') return [];
      return {
        ...read.message, id: Number(r.id), channel, recipient,
        attempt: Number(r.attempts) + 1, uncertain: Number(r.uncertain) === 1 || r.state === 'sending', repeat,
        ...(mediaExpiresAt && mediaExpiresAt.getTime() - time > MEDIA_MARGIN_MS ? { media: { id: r.mediaId!, expiresAt: mediaExpiresAt } } : {}),
      };
    }),
  };
}

/**
 * Extend the leases of claims being sent (`ids` of rows claimed under one of `tokens`) to `until`;
 * the number of rows still held. By primary key: it never locks another member's rows.
 */
export async function renewLeases(m: EntityManager, ids: number[], tokens: string[], until: Date): Promise<number> {
  if (!ids.length) return 0;
  return execute(m, `UPDATE {outbox_messages} SET {claimedUntil} = ? WHERE {id} IN (${ids.map(() => '?').join(', ')}) AND {claimToken} IN (${tokens.map(() => '?').join(', ')}) AND {state} = 'sending'`,
    [datetime(m, until), ...ids, ...tokens]);
}

/** `due` with runs of texts merged into their first row (the others marked 'merged'): the rows left to send. */
async function merged(m: EntityManager, due: Row[]): Promise<Row[]> {
  const { rows, merges } = mergeTexts(due);
  for (const merge of merges) {
    const payload = JSON.stringify({ text: merge.text });
    await execute(m, 'UPDATE {outbox_messages} SET {payload} = ? WHERE {id} = ?', [payload, merge.id]);
    await execute(m, `UPDATE {outbox_messages} SET {state} = 'merged', {claimToken} = NULL, {claimedUntil} = NULL WHERE {id} IN (${merge.absorbed.map(() => '?').join(', ')})`, merge.absorbed);
    const head = rows.find((r) => Number(r.id) === merge.id);
    if (head) head.payload = payload;
  }
  return rows;
}

/** Keep a file's upload with its row, while `token` still holds it; false when the lease was lost. */
export async function keepMedia(m: EntityManager, id: number, token: string, media: KeptMedia): Promise<boolean> {
  return (await execute(m, 'UPDATE {outbox_messages} SET {mediaId} = ?, {mediaExpiresAt} = ? WHERE {id} = ? AND {claimToken} = ?',
    [media.id, datetime(m, media.expiresAt), id, token])) === 1;
}

/** Record a delivered message. */
export async function markSent(m: EntityManager, id: number, token: string, at: Date): Promise<void> {
  await execute(m, "UPDATE {outbox_messages} SET {state} = 'sent', {sentAt} = ?, {claimToken} = NULL, {claimedUntil} = NULL, {lastError} = NULL WHERE {id} = ? AND {claimToken} = ?",
    [datetime(m, at), id, token]);
}

/**
 * Put a message back to wait until `dueAt` (a retry, a halt, or the rest of a batch after a failure);
 * `attempted: false` for the rest of a batch, which was claimed but never tried, so its attempt is not counted.
 */
export async function release(m: EntityManager, id: number, token: string, dueAt: Date, error: string | null, uncertain: boolean, attempted = true): Promise<void> {
  await execute(m, `UPDATE {outbox_messages} SET {state} = 'pending', {dueAt} = ?, {claimToken} = NULL, {claimedUntil} = NULL, {attempts} = {attempts} - ?,
    {lastError} = COALESCE(?, {lastError}), {uncertain} = CASE WHEN ? = 1 THEN 1 ELSE {uncertain} END WHERE {id} = ? AND {claimToken} = ?`,
  [datetime(m, dueAt), attempted ? 0 : 1, error?.slice(0, 500) ?? null, uncertain ? 1 : 0, id, token]);
}

/** Give a message up: it cannot be delivered (a bad recipient, content WeCom refuses, too many attempts). */
export async function markFailed(m: EntityManager, id: number, token: string, error: string): Promise<void> {
  await execute(m, "UPDATE {outbox_messages} SET {state} = 'failed', {claimToken} = NULL, {claimedUntil} = NULL, {lastError} = ? WHERE {id} = ? AND {claimToken} = ?",
    [error.slice(0, 500), id, token]);
}

/** A recipient on a channel. */
export interface Destination {
  channel: string;
  recipient: string;
}

/** Recipients on `channels` (those the process sends on) with a message due now, or one whose sender's lease has lapsed. */
export async function recipientsDue(m: EntityManager, at: Date, limit: number, channels: string[]): Promise<Destination[]> {
  if (!channels.length) return [];
  const now = datetime(m, at);
  return query(m, `SELECT DISTINCT {channel}, {recipient} FROM {outbox_messages}
    WHERE {channel} IN (${channels.map(() => '?').join(', ')}) AND (({state} = 'pending' AND {dueAt} <= ?) OR ({state} = 'sending' AND {claimedUntil} < ?)) LIMIT ?`, [...channels, now, now, limit]);
}

/** Counts by state, and the age of the oldest message waiting, for /healthz. */
export async function outboxSummary(m: EntityManager, at: Date): Promise<{ pending: number; failed: number; oldestPendingS: number | null }> {
  const [row] = await query<{ pending: number; failed: number; oldest: unknown }>(m,
    `SELECT SUM(CASE WHEN {state} IN ('pending', 'sending') THEN 1 ELSE 0 END) AS {pending}, SUM(CASE WHEN {state} = 'failed' THEN 1 ELSE 0 END) AS {failed},
     MIN(CASE WHEN {state} IN ('pending', 'sending') THEN {createdAt} END) AS {oldest} FROM {outbox_messages}`);
  const oldest = row?.oldest ? Math.round((at.getTime() - readDatetime(row.oldest).getTime()) / 1000) : null;
  return { pending: Number(row?.pending ?? 0), failed: Number(row?.failed ?? 0), oldestPendingS: oldest };
}
