// A stream of the 智能机器人's callback mode as WeCom's refreshes see it (101031), read from the
// database by whichever process of a cluster is asked: the texts the turn of its message put in the
// outbox and a sender marked sent (to the member, or to the group it was said in), and what became
// of a file the turn promised.
import { MoreThanOrEqual, type EntityManager } from 'typeorm';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { AIBOT_GROUP_CHANNEL } from '../bot/aibot-groups.ts';
import { readOutboxMessage } from '../bot/outbox-payloads.ts';
import { answeredAibotMessage } from '../message-keys.ts';
import { findCallback, type KeptCallback } from './aibot-callback-store.ts';

/** The outbox channel of the replies to messages that came through the callback URL. */
export const AIBOT_CALLBACK_CHANNEL = 'aibot-callback';

// WeCom refreshes a stream until 6 minutes after the message (101031).
const STREAM_REFRESHED_MS = 6 * 60_000;
/** The outbox kinds that are files (a document is made into one when sent). */
export const DOCUMENT_KINDS = new Set(['report-file', 'overview-file', 'rollup-file', 'file']);
/** The error of a file row the callback mode could not send (the member told why). */
export const NO_FILE_ERROR = 'the aibot callback mode cannot send files (no self-built app configured); the member was told how to get it';

/** What a member is told when a file a turn promised cannot be sent in the callback mode. */
export const NO_FILE = '（文件未能发送：机器人目前以“URL 回调”方式接入，企业微信不支持这种方式发送文件。如需该文件，请联系政务公开管理员：可在服务器上运行 nianbao render --unit 单位名称 --docx 文件名.docx 生成 Word 报告，或运行 nianbao export --campaign 编号 --xlsx 文件名.xlsx 生成 Excel 汇总表，再转交给您。）';
/** What a member is told when a file went through the self-built app instead. */
export const FILE_BY_APP = '（文件已通过本单位企业微信的年报应用发送，请在工作台打开该应用的会话查收。）';

/** Whether an outbox row answers its kept message where the message's stream shows it: to the member (their chat) or to the group it was said in. */
export function inStreamOf(kept: KeptCallback, row: { channel: string; recipient: string }): boolean {
  return kept.chatId !== null && row.channel === AIBOT_GROUP_CHANNEL ? row.recipient === kept.chatId : row.channel === AIBOT_CALLBACK_CHANNEL && row.recipient === kept.userId;
}

/** The journal key of the message an outbox row answers. */
export async function messageOfRow(m: EntityManager, rowId: number): Promise<string | undefined> {
  const row = await m.findOneBy(OutboxMessage, { id: rowId });
  return row ? answeredAibotMessage(row.idempotencyKey) : undefined;
}

/**
 * A stream's content now: the texts of the message's replies already sent (to the member, or to
 * the group it was said in), and what became of a file it promised; finished when its turn is
 * done and none waits.
 */
export async function streamOf(m: EntityManager, key: string, userId: string, at: Date): Promise<{ content: string; finish: boolean }> {
  const message = await m.findOneBy(InboundMessage, { key });
  if (!message || message.memberUserId !== userId) return { content: '', finish: true };
  const kept = await findCallback(m, key);
  const chatId = kept?.chatId ?? null;
  const since = MoreThanOrEqual(message.receivedAt);
  const where = [{ channel: AIBOT_CALLBACK_CHANNEL, recipient: userId, createdAt: since }, ...(chatId === null ? [] : [{ channel: AIBOT_GROUP_CHANNEL, recipient: chatId, createdAt: since }])];
  const rows = (await m.find(OutboxMessage, { where, order: { id: 'ASC' } })).filter((row) => answeredAibotMessage(row.idempotencyKey) === key);
  const said = rows.flatMap((row) => {
    if (row.kind === 'text' || row.kind === 'markdown') {
      if (row.state !== 'sent') return [];
      const read = readOutboxMessage(row.kind, row.payload);
      if (read.kind !== 'read') return [];
      const { message } = read;
      return message.kind === 'text' ? [message.payload.text] : message.kind === 'markdown' ? [message.payload.markdown] : [];
    }
    if (!DOCUMENT_KINDS.has(row.kind)) return [];
    return row.state === 'failed' && row.lastError === NO_FILE_ERROR ? [NO_FILE] : row.state === 'sent' ? [FILE_BY_APP] : [];
  });
  const waiting = rows.some((row) => (row.kind === 'text' || row.kind === 'markdown' || DOCUMENT_KINDS.has(row.kind)) && (row.state === 'pending' || row.state === 'sending'));
  const closed = at.getTime() - message.receivedAt.getTime() >= STREAM_REFRESHED_MS;
  return { content: said.join('\n\n'), finish: closed || (message.status !== 'received' && !waiting) };
}
