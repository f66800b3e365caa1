// The WeCom side of the outbox: an outbox row becomes an app message (or a robot message), and
// the client's result becomes the dispatcher's decision — sent, retry, halt the channel, or give up.
// Limits: https://developer.work.weixin.qq.com/document/path/90236 (30 per member per minute,
// 1000 per hour, the excess dropped without an error); the robot: 20 per minute (99110).
import type { Sender, SendResult } from '../bot/dispatcher.ts';
import type { OutboxRow } from '../bot/outbox.ts';
import type { ApiClient, ApiResult, AppMessage, CardButton, RobotClient } from '../wecom/api-client.ts';
import { backoffOf } from '../wecom/errcodes.ts';

/** What a WeCom outbox row holds, by its kind. */
export type WecomPayload =
  | { kind: 'text'; text: string }
  | { kind: 'markdown'; markdown: string }
  | { kind: 'card'; taskId: string; title: string; description: string; buttons: CardButton[] }
  | { kind: 'file'; name: string; contentType: string; base64: string }
  | { kind: 'card-update'; responseCode: string; replaceName: string };

// A misconfigured app (wrong secret, untrusted IP …) is looked at again after this long.
const HALT_MS = 5 * 60_000;

/** The sender of the `wecom` outbox channel: app messages to members. */
export function createWecomSender(client: ApiClient): Sender {
  return {
    quota: { perMinute: 30, perHour: 1000 },
    async send(row) {
      const payload = { kind: row.kind, ...(row.payload as object) } as WecomPayload;
      const touser = row.recipient;
      // WeCom's duplicate check drops a resend (after a timeout or a crash) when the first attempt
      // did arrive. It is off only for a deliberate repeat of a message sent within its window
      // (「进度」 asked twice), which it would drop too.
      const duplicateCheck = row.uncertain || !row.repeat;
      switch (payload.kind) {
        case 'text':
          return decide(await client.sendMessage({ kind: 'text', touser, content: payload.text, duplicateCheck }), row);
        case 'markdown':
          return decide(await client.sendMessage({ kind: 'markdown', touser, content: payload.markdown, duplicateCheck }), row);
        case 'card':
          return decide(await client.sendMessage({ kind: 'card', touser, taskId: payload.taskId, title: payload.title, description: payload.description, buttons: payload.buttons, duplicateCheck }), row);
        case 'file': {
          // media_id lives 3 days: upload at send time, so a retry days later still works.
          const uploaded = await client.uploadMedia({ name: payload.name, contentType: payload.contentType, bytes: Buffer.from(payload.base64, 'base64') }, 'file');
          if (uploaded.kind !== 'ok') return decide(uploaded, row);
          const message: AppMessage = { kind: 'file', touser, mediaId: String(uploaded.body.media_id), duplicateCheck };
          return decide(await client.sendMessage(message), row);
        }
        case 'card-update':
          return decide(await client.updateTemplateCard({ userids: [touser], responseCode: payload.responseCode, replaceName: payload.replaceName }), row);
        default:
          return { kind: 'failed', error: `unknown outbox kind ${row.kind}` };
      }
    },
  };
}

/** The sender of the `robot` outbox channel: markdown to the supervisors' group. */
export function createRobotSender(robot: RobotClient): Sender {
  return {
    quota: { perMinute: 20, perHour: 20 * 60 },
    async send(row) {
      const payload = row.payload as { markdown?: unknown };
      if (typeof payload.markdown !== 'string') return { kind: 'failed', error: `robot rows carry markdown, not ${row.kind}` };
      return decide(await robot.send(payload.markdown), row);
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
