// The `aibot` outbox channel: an outbox row sent over the bot's long connection. A reply to a
// member's message goes out as aibot_respond_msg on that message's req_id while it is valid (same
// connection, within the window), as a finished stream whose id is the row's — so that a resend
// after a lost answer replaces the first instead of adding a second; otherwise as aibot_send_msg
// to the member's single chat (chatid = userid). https://developer.work.weixin.qq.com/document/path/101463
import { createHash, randomUUID } from 'node:crypto';
import type { Sender, SendResult } from '../bot/dispatcher.ts';
import type { KeptMedia, OutboxRow } from '../bot/outbox.ts';
import type { PayloadOf } from '../bot/outbox-payloads.ts';
import { backoffOf } from '../wecom/errcodes.ts';
import { buttonCard, chosenCard, markdownBody, respondFrame, sendFrame, streamBody, updateCardFrame, UPLOAD_CHUNK_BYTES, UPLOAD_CMDS, type ReplyBody } from '../wecom/aibot-frames.ts';
import type { AibotSocket, FrameAnswer } from '../wecom/aibot-socket.ts';
import { splitMarkdown } from '../wecom/aibot-split.ts';

const MEDIA_TTL_MS = 3 * 24 * 3600_000;
const OFFLINE_RETRY_MS = 5000;

/** The req_id a reply to this member may use now, if any. */
export type ReplyTarget = (userId: string) => string | undefined;

/** A card click's handle for updating the card: the event's req_id and the card's task_id (the engine keeps it as the responseCode). */
export function cardHandle(reqId: string, taskId: string): string {
  return `${reqId}\n${taskId}`;
}

/** The sender of the `aibot` outbox channel. */
export function createAibotSender(socket: Pick<AibotSocket, 'request' | 'status'>, replyTarget: ReplyTarget): Sender {
  async function deliver(row: OutboxRow, body: (streamId: string) => ReplyBody, proactive: ReplyBody): Promise<SendResult> {
    const reqId = replyTarget(row.recipient);
    if (reqId) {
      const answer = await socket.request(respondFrame(reqId, body(`nb-${row.id}`)));
      // Refused (the req_id expired, say): it was not shown, so the proactive send cannot make a second copy.
      if (!(answer.kind === 'answered' && answer.errcode !== 0)) return decide(answer, row);
    }
    return decide(await socket.request(sendFrame(`nb-send-${randomUUID()}`, row.recipient, proactive)), row);
  }

  /**
   * A file message: uploaded once per outbox row (init, chunks, finish over the connection) and
   * its media_id kept with the row, so that a resend sends the same file, not a new upload.
   */
  async function sendFile(row: OutboxRow, file: PayloadOf<'file'>): Promise<SendResult> {
    let media = row.media;
    if (!media) {
      const uploaded = await upload(file.name, Buffer.from(file.base64, 'base64'));
      if (uploaded.kind !== 'uploaded') return decide(uploaded.answer, row);
      media = uploaded.media;
      if (row.remember && !(await row.remember(media))) return { kind: 'retry', afterMs: 0, error: 'the outbox lease was lost before sending' };
    }
    const body = { msgtype: 'file', file: { media_id: media.id } } as const;
    return deliver(row, () => body, body);
  }

  async function upload(filename: string, bytes: Buffer): Promise<{ kind: 'uploaded'; media: KeptMedia } | { kind: 'refused'; answer: FrameAnswer }> {
    const chunks = Math.max(1, Math.ceil(bytes.length / UPLOAD_CHUNK_BYTES));
    const md5 = createHash('md5').update(bytes).digest('hex');
    const init = await socket.request({ cmd: UPLOAD_CMDS.init, headers: { req_id: `nb-up-${randomUUID()}` }, body: { type: 'file', filename, total_size: bytes.length, total_chunks: chunks, md5 } });
    const uploadId = init.kind === 'answered' && init.errcode === 0 ? init.body?.upload_id : undefined;
    if (typeof uploadId !== 'string') return { kind: 'refused', answer: init.kind === 'answered' && init.errcode === 0 ? { kind: 'unknown', reason: 'the upload was not given an upload_id' } : init };
    for (let i = 0; i < chunks; i++) {
      const chunk = bytes.subarray(i * UPLOAD_CHUNK_BYTES, (i + 1) * UPLOAD_CHUNK_BYTES).toString('base64');
      const answer = await socket.request({ cmd: UPLOAD_CMDS.chunk, headers: { req_id: `nb-up-${randomUUID()}` }, body: { upload_id: uploadId, chunk_index: i, base64_data: chunk } });
      if (!(answer.kind === 'answered' && answer.errcode === 0)) return { kind: 'refused', answer };
    }
    const finish = await socket.request({ cmd: UPLOAD_CMDS.finish, headers: { req_id: `nb-up-${randomUUID()}` }, body: { upload_id: uploadId } });
    const mediaId = finish.kind === 'answered' && finish.errcode === 0 ? finish.body?.media_id : undefined;
    if (typeof mediaId !== 'string') return { kind: 'refused', answer: finish.kind === 'answered' && finish.errcode === 0 ? { kind: 'unknown', reason: 'the upload was not given a media_id' } : finish };
    // A temporary file lasts 3 days from its upload (as the app's, 90253).
    const createdS = Number(finish.kind === 'answered' ? finish.body?.created_at : undefined);
    return { kind: 'uploaded', media: { id: mediaId, expiresAt: new Date((Number.isFinite(createdS) ? createdS * 1000 : Date.now()) + MEDIA_TTL_MS) } };
  }

  return {
    // WeCom has not published the bot's quotas (spec §8): those of an app's messages are kept.
    quota: { perMinute: 30, perHour: 1000 },
    async send(row) {
      // Down, or held by another process (which sweeps them when it comes up): looked at again shortly, not counted as an attempt.
      if (socket.status().state !== 'online') return { kind: 'unavailable', afterMs: OFFLINE_RETRY_MS, error: 'the bot\'s connection is not up in this process' };
      switch (row.kind) {
        case 'text':
        case 'markdown': {
          const text = row.kind === 'text' ? row.payload.text : row.payload.markdown;
          // The engine's pieces are far below the bot's limit; a longer text (a digest) is split here, each piece its own stream.
          const pieces = splitMarkdown(text);
          for (const [i, piece] of pieces.entries()) {
            const result = await deliver(row, (id) => streamBody(pieces.length > 1 ? `${id}-${i}` : id, piece), markdownBody(piece));
            if (result.kind !== 'sent') return result;
          }
          return { kind: 'sent' };
        }
        case 'card': {
          const { taskId, title, description, buttons } = row.payload;
          const card = { msgtype: 'template_card', template_card: buttonCard(taskId, title, description, buttons) } as const;
          return deliver(row, () => card, card);
        }
        case 'card-update': {
          const { responseCode, replaceName } = row.payload;
          const [reqId, taskId] = responseCode.split('\n');
          if (!taskId) return { kind: 'failed', error: 'a card update without the event\'s req_id' };
          return decide(await socket.request(updateCardFrame(reqId, chosenCard(taskId, replaceName))), row, true);
        }
        case 'file':
          return sendFile(row, row.payload);
        default:
          return { kind: 'failed', error: `the aibot channel does not send ${row.kind} messages` };
      }
    },
  };
}

/** The dispatcher's decision on an answer; `once`: a frame that is valid only now (a card update within 5 s), never retried. */
function decide(answer: FrameAnswer, row: OutboxRow, once = false): SendResult {
  if (answer.kind === 'answered') {
    if (answer.errcode === 0) return { kind: 'sent' };
    const error = `errcode ${answer.errcode}：${answer.errmsg}`;
    return once ? { kind: 'failed', error } : { kind: 'retry', afterMs: backoffOf(-1, row.attempt), error };
  }
  if (answer.kind === 'offline') return { kind: 'unavailable', afterMs: 0, error: 'the bot\'s connection is down' };
  if (once) return { kind: 'failed', error: answer.reason };
  // The connection closed under it: sent again as soon as it is back (the sweep when it comes online).
  return { kind: 'retry', afterMs: answer.reason === 'the connection closed' ? 0 : backoffOf(-1, row.attempt), error: answer.reason, uncertain: true };
}
