// The WeCom side of the outbox: an outbox row becomes an app message (or a robot message), and
// the client's result becomes the dispatcher's decision — sent, retry, halt the channel, or give up.
// Limits: https://developer.work.weixin.qq.com/document/path/90236 (30 per member per minute,
// 1000 per hour, the excess dropped without an error); the robot: 20 per minute (99110).
import type { Sender, SendResult } from '../bot/dispatcher.ts';
import type { KeptMedia, OutboxRow } from '../bot/outbox.ts';
import type { PayloadOf } from '../bot/outbox-payloads.ts';
import type { ApiClient, ApiResult, RobotClient } from '../wecom/api-client.ts';
import { backoffOf } from '../wecom/errcodes.ts';

// A temporary media_id is valid for 3 days from its upload (90253).
const MEDIA_TTL_MS = 3 * 24 * 3600_000;

// A misconfigured app (wrong secret, untrusted IP …) is looked at again after this long.
const HALT_MS = 5 * 60_000;

/** The sender of the `wecom` outbox channel: app messages to members. */
export function createWecomSender(client: ApiClient): Sender {
  return {
    quota: { perMinute: 30, perHour: 1000 },
    async send(row) {
      const touser = row.recipient;
      // WeCom's duplicate check drops a resend (after a timeout or a crash) when the first attempt
      // did arrive. It is off only for a deliberate repeat of a message sent within its window
      // (「进度」 asked twice), which it would drop too.
      const duplicateCheck = row.uncertain || !row.repeat;
      switch (row.kind) {
        case 'text':
          return decide(await client.sendMessage({ kind: 'text', touser, content: row.payload.text, duplicateCheck }), row);
        case 'markdown':
          return decide(await client.sendMessage({ kind: 'markdown', touser, content: row.payload.markdown, duplicateCheck }), row);
        case 'card': {
          const { taskId, title, description, buttons } = row.payload;
          return decide(await client.sendMessage({ kind: 'card', touser, taskId, title, description, buttons, duplicateCheck }), row);
        }
        case 'file':
          return decide(await sendFile(client, row, row.payload, duplicateCheck), row);
        case 'card-update':
          return decide(await client.updateTemplateCard({ userids: [touser], responseCode: row.payload.responseCode, replaceName: row.payload.replaceName }), row);
        default:
          // Documents are made into files before they reach a sender (src/publish/files.ts).
          return { kind: 'failed', error: `the wecom channel does not send ${row.kind} messages` };
      }
    },
  };
}

/**
 * A file message: uploaded once per outbox row and its media_id kept with the row, so that every
 * resend (after an answer that was lost) is the identical request WeCom's duplicate check drops
 * (90236). Uploaded again only when the kept one is about to expire (3 days, 90253) or is refused.
 */
async function sendFile(client: ApiClient, row: OutboxRow, file: PayloadOf<'file'>, duplicateCheck: boolean): Promise<ApiResult> {
  const send = (media: KeptMedia) => client.sendMessage({ kind: 'file', touser: row.recipient, mediaId: media.id, duplicateCheck });
  if (row.media) {
    const sent = await send(row.media);
    // Refused (expired early, removed): never delivered, so a new upload cannot make a second copy.
    if (!(sent.kind === 'failed' && sent.errcode === 40007)) return sent;
  }
  const uploaded = await client.uploadMedia({ name: file.name, contentType: file.contentType, bytes: Buffer.from(file.base64, 'base64') }, 'file');
  if (uploaded.kind !== 'ok') return uploaded;
  const createdS = Number(uploaded.body.created_at);
  const media = { id: String(uploaded.body.media_id), expiresAt: new Date((Number.isFinite(createdS) ? createdS * 1000 : Date.now()) + MEDIA_TTL_MS) };
  // Kept before the send: an answer lost after this point resends this very media_id.
  if (row.remember && !(await row.remember(media))) return { kind: 'unreachable', reason: 'http', detail: 'the outbox lease was lost before sending' };
  return send(media);
}

/** The sender of the `robot` outbox channel: markdown to the supervisors' group. */
export function createRobotSender(robot: RobotClient): Sender {
  return {
    quota: { perMinute: 20, perHour: 20 * 60 },
    async send(row) {
      if (row.kind !== 'markdown') return { kind: 'failed', error: `robot rows carry markdown, not ${row.kind}` };
      return decide(await robot.send(row.payload.markdown), row);
    },
  };
}

/** The dispatcher's decision on a client result. */
function decide(result: ApiResult, row: OutboxRow): SendResult {
  if (result.kind === 'ok') return { kind: 'sent' };
  if (result.kind === 'unreachable') {
    const afterMs = backoffOf(-1, row.attempt);
    return result.reason === 'timeout'
      ? { kind: 'retry', afterMs, error: result.detail, uncertain: true }
      : { kind: 'retry', afterMs, error: result.detail };
  }
  const error = `errcode ${result.errcode}：${result.hint}`;
  switch (result.action) {
    // 45009 is the app's quota, not this message's: every send would fail until the window ends.
    case 'backoff':
      return result.errcode === 45009 ? { kind: 'halt', afterMs: backoffOf(45009, row.attempt), error } : { kind: 'retry', afterMs: backoffOf(result.errcode, row.attempt), error };
    case 'refresh-token':
      return { kind: 'retry', afterMs: backoffOf(result.errcode, row.attempt), error };
    case 'config':
      return { kind: 'halt', afterMs: HALT_MS, error };
    case 'recipient':
    case 'content':
    case 'bug':
      return { kind: 'failed', error };
  }
}
