// Every key a message is deduplicated by, one function per kind: the journal's keys of inbound
// messages (a channel's retry is handled once), the outbox's idempotency keys (a cause retried
// sends once) and the reminders' keys (one of a kind a day). Each kind has its own prefix, so that
// keys of different kinds never collide; the formats are stored, so a change here is a migration.
// A leaf module: the wire (src/wecom) makes inbound keys and may not import the engine.
import { createHash } from 'node:crypto';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// The journal: inbound messages and events, by channel.

/** A WeCom app message (text, media, file, or any other that carries a MsgId). */
export const wecomMessageKey = (msgId: string) => `msg:${msgId}`;
/** A WeCom app event, by a hash of its whole plaintext: FromUserName + CreateTime collides for distinct events in one second. */
export const wecomEventKey = (plaintext: string) => `event:${sha256(plaintext)}`;
/** A WeCom app message of an unknown type without a MsgId, by a hash of its plaintext. */
export const wecomPlaintextKey = (plaintext: string) => `plaintext:${sha256(plaintext)}`;
/** A 智能机器人 message or event: msgid is unique per bot (100719). */
export const aibotMessageKey = (msgId: string) => `aibot:${msgId}`;
/**
 * The 智能机器人 message an outbox key answers (its reply, card, card update, file, delay note or
 * a piece of one: `reply:aibot:M:0.1` → `aibot:M`), or undefined for any other key.
 */
export const answeredAibotMessage = (idempotencyKey: string): string | undefined => /^(?:reply|delayed|card|card-update|file):(aibot:[^:]+)/.exec(idempotencyKey)?.[1];
/** A web WeChat message. */
export const wechatMessageKey = (msgId: string) => `wechat:${msgId}`;
/** A line typed on the console. */
export const consoleMessageKey = (id: string) => `console:${id}`;

// The outbox: what a turn or a job sends, keyed by its cause.

/** The turn's `index`th reply to the inbound message `messageKey`. */
export const replyKey = (messageKey: string, index: number) => `reply:${messageKey}:${index}`;
/** The note that the inbound message `messageKey` is taking long and will be answered. */
export const delayedKey = (messageKey: string) => `delayed:${messageKey}`;
/** The button card a turn's reply offers. */
export const cardKey = (messageKey: string) => `card:${messageKey}`;
/** The update of the card whose button was the inbound message `messageKey`. */
export const cardUpdateKey = (messageKey: string) => `card-update:${messageKey}`;
/** The turn's `index`th document, as a file. */
export const fileKey = (messageKey: string, index: number) => `file:${messageKey}:${index}`;
/** A filer told of a supervisor's 退回, 通过 or 撤回退回 (the supervisor's message `messageKey`). */
export const reviewNoticeKey = (review: 'return' | 'approve' | 'withdraw', messageKey: string, userId: string) => `${review}:${messageKey}:${userId}`;
/** A supervisor told that a unit submitted (the filer's message `messageKey`). */
export const submittedKey = (messageKey: string, userId: string) => `submitted:${messageKey}:${userId}`;
/** Piece `index` of the message keyed `key`, split to fit WeCom's 2048 bytes: under its whole message's prefix, never another kind's. */
export const pieceKey = (key: string, index: number) => `${key}.${index}`;
/** The message of the reminder row `reminderId`. */
export const reminderMessageKey = (reminderId: number) => `reminder:${reminderId}`;
/** A member told that web WeChat logged out at `at`. */
export const wechatLogoutKey = (at: Date, userId: string) => `wechat-logout:${at.toISOString()}:${userId}`;

// The audit trail (cell_changes): the message a change came from, its key as the journal has it,
// except for a withdrawal.

/** The status change that withdraws a return (撤回退回), made by the supervisor's message `messageKey`. */
export const withdrawalKey = (messageKey: string) => `withdraw:${messageKey}`;
/** Whether a change's message key is a withdrawal's. */
export const isWithdrawalKey = (key: string | null) => key?.startsWith('withdraw:') === true;

// The reminders: one of a kind per day and recipient.

/** A unit's reminder of a day to one member: one a day, whatever its kind (a scheduled one, 催办, 明天再提醒我). */
export const reminderKey = (campaignId: number, unitId: number, date: string, userId: string) => `remind:${campaignId}:${unitId}:${date}:${userId}`;
/** A 催办 to one official on the day it goes out. */
export const urgeKey = (campaignId: number, unitId: number, date: string, userId: string) => `urge:${campaignId}:${unitId}:${date}:${userId}`;
/** The level above a unit's supervisors told that it is long overdue, on a day. */
export const escalateKey = (campaignId: number, unitId: number, userId: string, date: string) => `escalate:${campaignId}:${unitId}:${userId}:${date}`;
/** A supervisor's daily digest. */
export const digestKey = (campaignId: number, userId: string, date: string) => `digest:${campaignId}:${userId}:${date}`;
/** The digest posted to a bound group (智能机器人) on a day. */
export const groupDigestKey = (campaignId: number, chatId: string, date: string) => `group-digest:${campaignId}:${chatId}:${date}`;
/** A supervisor told that units under them are late, on a day. */
export const lateKey = (campaignId: number, userId: string, date: string) => `late:${campaignId}:${userId}:${date}`;
