// The 智能机器人's callback URL (API 模式 → URL 回调): the other mode of the bot whose long
// connection is aibot-connection.ts, feeding the same journal, engine and outbox.
// Wire: GET verifies the URL (echostr, receiveid ""); POST carries JSON `{"encrypt"}` signed in the
// query; a passive reply is JSON `{encrypt, msgsignature, timestamp, nonce}` (加解密 101033).
// Design, within WeCom's time limit (被动回复 101031, 主动回复 101138):
// - A member's message — in a single chat, or an @-mention in a group (its `group` content, as the
//   long connection journals it) — is kept in aibot_callbacks (the stream it opens, its group, its
//   response_url: aibot-callback-store.ts), journaled under `aibot:<msgid>` and answered AT ONCE
//   with an unfinished stream whose id names the message (`nb-<msgid>`); its turn runs after the
//   answer, in the member's order.
// - WeCom then POSTs stream-refresh callbacks (msgtype `stream`) until we say finish or 6 minutes
//   pass. Each refresh is answered from the DATABASE, by whichever process of a cluster gets it:
//   the texts the turn put in the outbox for that message (to the member, or to the group on
//   `aibot-group`) and that a sender marked sent; finish once the turn is done and none waits.
// - The sender, in any process, marks a text sent without any request while its message's stream
//   is open (5 of the 6 minutes, so a refresh still comes to show it). Anything else — a card, a
//   text after the stream closed, a reply to an event — takes a response_url from the database
//   (the message's own, else the chat's latest unused one; one use, 1 hour, claimed by a
//   conditional UPDATE). None left: the reply fails saying why — the callback mode cannot write
//   first, and a group's daily digest cannot be posted through it.
// - Files: neither a stream nor a response_url carries one (101031 and 101138 list text, markdown,
//   stream and template cards only). A Word or Excel file a turn asks for goes through the
//   self-built app when it is configured (the member's chat with the app); otherwise it is not
//   sent, and the member is told so in the stream (or through a response_url), with how to get it.
//   A file a member sends (last year's report) is read before its turn as the app's are: its URL
//   fetched and decrypted with the callback's key (aibot-file.ts).
// - A card click is answered at once with the card updated (5 s, 101031); its turn follows.
import type Koa from 'koa';
import getRawBody from 'raw-body';
import { isFresh, refuser, signedQuery } from './callback-guards.ts';
import type { DataSource } from 'typeorm';
import { encrypt } from '@wecom/crypto';
import { AIBOT_GROUP_CHANNEL } from '../bot/aibot-groups.ts';
import type { Sender, SendResult } from '../bot/dispatcher.ts';
import type { ChannelInbound, Engine } from '../bot/engine.ts';
import type { InboundContent } from '../bot/journal.ts';
import type { OutboxRow } from '../bot/outbox.ts';
import { inStatement } from '../bot/sql.ts';
import { aibotKeyOf, buttonCard, chosenCard, markdownBody, readAibotInbound, readBody, streamBody, withoutMentions, type AibotBody } from '../wecom/aibot-frames.ts';
import { openEnvelope, signatureOf, type CallbackKeys } from '../wecom/crypto.ts';
import { aibotFileId } from './aibot-file.ts';
import { claimResponseUrl, findCallback, keepCallback, type ReplyChat } from './aibot-callback-store.ts';
import { AIBOT_CALLBACK_CHANNEL, DOCUMENT_KINDS, inStreamOf, messageOfRow, NO_FILE, NO_FILE_ERROR, streamOf } from './aibot-callback-stream.ts';

export { AIBOT_CALLBACK_CHANNEL, FILE_BY_APP, NO_FILE } from './aibot-callback-stream.ts';

/** What the callback mode is given. */
export interface AibotCallbackOptions {
  db: DataSource;
  /** API 模式 → URL 回调 → Token. */
  token: string;
  /** API 模式 → URL 回调 → EncodingAESKey. */
  encodingAesKey: string;
  /** The self-built app's sender (documents made into files), when the app is configured: files go through it. */
  files?: Sender;
  now?: () => Date;
  /** For operators: a refused request's reason, a failed response_url (never content). */
  log?: (line: string) => void;
  /** Bodies larger than this are refused with 413. */
  maxBodyBytes?: number;
  /** Requests whose timestamp is further than this from our clock are refused. */
  maxClockSkewS?: number;
  /** How long a response_url POST may take. */
  timeoutMs?: number;
}

/** The callback mode: the outbox senders of its replies, and its Koa handlers. */
export interface AibotCallbackChannel {
  /** The sender of AIBOT_CALLBACK_CHANNEL (a member's single chat). */
  sender: Sender;
  /** The sender of AIBOT_GROUP_CHANNEL: replies to group messages that came through the callback, the rest to `connection` (the long connection's sender) when there is one. */
  groupSender(connection?: Sender): Sender;
  handlers(engine: Pick<Engine, 'accept' | 'drain'>): { get: Koa.Middleware; post: Koa.Middleware };
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_CLOCK_SKEW_S = 300;
const TIMEOUT_MS = 10_000;
// WeCom refreshes a stream until 6 minutes after the message (101031): a text counted as shown
// in its first 5 is read by a later refresh.
const STREAM_OPEN_MS = 5 * 60_000;
// A stream's content is at most 20480 bytes (101031): what would overflow it goes to the response_url.
const STREAM_MAX_BYTES = 20_480;

/** Create the callback mode (nothing is served until its handlers are routed). */
export function createAibotCallback(options: AibotCallbackOptions): AibotCallbackChannel {
  const { db, files, now = () => new Date(), log = (line) => console.error(line), maxBodyBytes = MAX_BODY_BYTES, maxClockSkewS = MAX_CLOCK_SKEW_S, timeoutMs = TIMEOUT_MS } = options;
  // A bot's callbacks are encrypted with receiveid "" (101033).
  const keys: CallbackKeys = { token: options.token, encodingAesKey: options.encodingAesKey, receiveId: '' };

  async function postResponse(url: string, body: unknown): Promise<SendResult> {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
      const answer = (await response.json()) as { errcode?: number; errmsg?: string };
      if (response.ok && answer.errcode === 0) return { kind: 'sent' };
      return { kind: 'failed', error: `response_url: HTTP ${response.status} errcode ${answer.errcode ?? '?'}：${answer.errmsg ?? ''}` };
    } catch (error) {
      // One use: a POST that may have arrived is not made again.
      return { kind: 'failed', error: `response_url: ${(error as Error).message}` };
    }
  }

  /** POST `body` to a response_url of the row's chat, taken for good. */
  async function respond(row: OutboxRow, key: string | undefined, chat: ReplyChat, body: unknown): Promise<SendResult> {
    const url = await inStatement(db, (m) => claimResponseUrl(m, key, chat, now()));
    if (!url) return { kind: 'failed', error: 'the aibot callback mode cannot write first: no unused response_url of this chat within its hour' };
    const result = await postResponse(url, body);
    if ('error' in result) log(`aibot callback: a reply to ${row.recipient} was not delivered (${result.error})`);
    return result;
  }

  async function send(row: OutboxRow): Promise<SendResult> {
    const { key, kept } = await inStatement(db, async (m) => {
      const messageKey = await messageOfRow(m, row.id);
      return { key: messageKey, kept: messageKey === undefined ? undefined : await findCallback(m, messageKey) };
    });
    const chat: ReplyChat = row.channel === AIBOT_GROUP_CHANNEL ? { kind: 'group', chatId: row.recipient } : { kind: 'single', userId: row.recipient };
    const streaming = kept !== undefined && key !== undefined && inStreamOf(kept, row) && kept.streamedAt !== null && now().getTime() - kept.streamedAt.getTime() < STREAM_OPEN_MS;
    const text = row.kind === 'text' ? row.payload.text : row.kind === 'markdown' ? row.payload.markdown : undefined;
    if (text !== undefined && streaming) {
      const shown = await inStatement(db, (m) => streamOf(m, key, kept.userId, now()));
      // Shown by the next refresh.
      if (Buffer.byteLength(shown.content) + Buffer.byteLength(text) + 2 <= STREAM_MAX_BYTES) return { kind: 'sent' };
    }
    if (DOCUMENT_KINDS.has(row.kind)) {
      if (files && chat.kind === 'single') {
        const sent = await files.send(row);
        // The app's trouble must not halt the bot's replies on this channel: this file is tried again instead.
        return sent.kind === 'halt' ? { kind: 'retry', afterMs: sent.afterMs, error: sent.error } : sent;
      }
      // The stream shows NO_FILE for a failed file of its message; a closed one cannot.
      if (streaming) return { kind: 'failed', error: NO_FILE_ERROR };
      const told = await respond(row, key, chat, markdownBody(NO_FILE));
      return { kind: 'failed', error: told.kind === 'sent' ? NO_FILE_ERROR : `the aibot callback mode cannot send files, and the member could not be told (${'error' in told ? told.error : ''})` };
    }
    let body: unknown;
    if (text !== undefined) body = markdownBody(text);
    else if (row.kind === 'card') {
      const { taskId, title, description, buttons } = row.payload;
      body = { msgtype: 'template_card', template_card: buttonCard(taskId, title, description, buttons) };
    } else return { kind: 'failed', error: `the aibot callback mode does not send ${row.kind} messages (use the long connection or the app)` };
    return respond(row, key, chat, body);
  }

  const sender: Sender = {
    // Passive replies and response_url are not under message/send's per-member limits; a high quota also keeps texts unmerged, one row each in the stream.
    quota: { perMinute: 1000, perHour: 10_000 },
    send,
  };

  function groupSender(connection?: Sender): Sender {
    return {
      quota: connection?.quota ?? sender.quota,
      async send(row) {
        if (!connection) return send(row);
        // A reply to a group message that came through the callback goes back the same way; the rest (a digest) over the connection.
        const ours = await inStatement(db, async (m) => {
          const key = await messageOfRow(m, row.id);
          return key !== undefined && (await findCallback(m, key)) !== undefined;
        });
        return ours ? send(row) : connection.send(row);
      },
    };
  }

  function handlers(engine: Pick<Engine, 'accept' | 'drain'>): { get: Koa.Middleware; post: Koa.Middleware } {
    const refuse = refuser(log, 'aibot callback');

    /** The encrypted JSON answer (101033), signed with the request's timestamp and nonce. */
    function answer(ctx: Koa.Context, q: Record<string, string>, reply: unknown): void {
      const sealed = encrypt(keys.encodingAesKey, JSON.stringify(reply), keys.receiveId);
      ctx.status = 200;
      ctx.type = 'application/json';
      ctx.body = { encrypt: sealed, msgsignature: signatureOf(keys.token, q.timestamp, q.nonce, sealed), timestamp: Number(q.timestamp), nonce: q.nonce };
    }

    const get: Koa.Middleware = async (ctx) => {
      const q = signedQuery(ctx, ['msg_signature', 'timestamp', 'nonce', 'echostr']);
      if (!q) return refuse(ctx, 400, 'missing parameters');
      // echostr is Base64: a '+' that arrived unencoded was decoded to a space.
      const opened = openEnvelope(keys, { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypted: q.echostr.replaceAll(' ', '+') });
      if (opened.kind !== 'opened') return refuse(ctx, opened.reason === 'ciphertext' ? 400 : 401, `envelope ${opened.reason}`);
      if (!isFresh(q.timestamp, now(), maxClockSkewS)) return refuse(ctx, 401, 'timestamp outside the window');
      ctx.type = 'text/plain';
      ctx.body = opened.plaintext;
    };

    const post: Koa.Middleware = async (ctx) => {
      const q = signedQuery(ctx, ['msg_signature', 'timestamp', 'nonce']);
      if (!q) return refuse(ctx, 400, 'missing parameters');
      let raw: string;
      try {
        raw = await getRawBody(ctx.req, { limit: maxBodyBytes, length: ctx.get('content-length') || undefined, encoding: 'utf8' });
      } catch (error) {
        const status = (error as { status?: number }).status;
        return refuse(ctx, status === 413 ? 413 : 400, status === 413 ? 'body too large' : 'body unreadable');
      }
      const encrypted = encryptedOf(raw);
      if (encrypted === undefined) return refuse(ctx, 400, 'the body is not JSON {"encrypt": "…"}');
      const opened = openEnvelope(keys, { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypted });
      if (opened.kind !== 'opened') return refuse(ctx, opened.reason === 'ciphertext' ? 400 : 401, `envelope ${opened.reason}`);
      if (!isFresh(q.timestamp, now(), maxClockSkewS)) return refuse(ctx, 401, 'timestamp outside the window');
      let json: unknown;
      try {
        json = JSON.parse(opened.plaintext);
      } catch {
        return refuse(ctx, 400, 'the decrypted message is not JSON');
      }
      const body = readBody(json);
      const userId = body?.from?.userid;
      if (!body || !userId) return refuse(ctx, 400, 'the decrypted message is not a bot message');

      if (body.msgtype === 'stream') {
        const id = (body as AibotBody & { stream?: { id?: unknown } }).stream?.id;
        if (typeof id !== 'string' || !id.startsWith('nb-')) return refuse(ctx, 400, 'a stream refresh without our stream id');
        const stream = await inStatement(db, (m) => streamOf(m, `aibot:${id.slice(3)}`, userId, now()));
        return answer(ctx, q, streamBody(id, stream.content, stream.finish));
      }

      const inbound = readAibotInbound(body);
      const group = body.chattype === 'group' ? body.chatid : undefined;
      // In a group only an @-mention's text is the member's turn (as on the long connection).
      const content: InboundContent | undefined = body.chattype === 'group' ? (group && inbound.kind === 'text' ? { kind: 'group', chatId: group, text: withoutMentions(inbound.text) } : undefined) : contentOf(inbound);
      if (content) {
        const message: ChannelInbound = { key: aibotKeyOf(body), userId, channel: AIBOT_CALLBACK_CHANNEL, content, receivedAt: now() };
        const streamed = content.kind !== 'opened' && content.kind !== 'button';
        let accepted: boolean;
        try {
          // Kept before it is journaled: once its turn can run, any process can reply to it.
          await inStatement(db, (m) => keepCallback(m, { messageKey: message.key, userId, chatId: group ?? null, streamedAt: streamed ? message.receivedAt : null, responseUrl: body.response_url ?? null }, message.receivedAt));
          accepted = await engine.accept(message);
        } catch {
          // Nothing was journaled: a non-200 answer lets WeCom deliver it again.
          return refuse(ctx, 503, 'the journal is unavailable');
        }
        // Not awaited: the journal holds the message; the refreshes show what its turn says.
        if (accepted) void engine.drain(userId);
      }
      if (inbound.kind === 'button') return answer(ctx, q, { response_type: 'update_template_card', template_card: chosenCard(inbound.taskId, `已选择「${inbound.key}」`) });
      if (content && content.kind !== 'opened') return answer(ctx, q, streamBody(`nb-${body.msgid}`, '', false));
      ctx.status = 200;
      ctx.body = '';
    };

    return { get, post };
  }

  return { sender, groupSender, handlers };
}

/** The `encrypt` of a JSON body, or undefined. */
function encryptedOf(raw: string): string | undefined {
  try {
    const json = JSON.parse(raw) as { encrypt?: unknown };
    return typeof json === 'object' && json !== null && typeof json.encrypt === 'string' && json.encrypt ? json.encrypt : undefined;
  } catch {
    return undefined;
  }
}

/** What a single chat's bot message means to the engine; undefined for what it does not act on. */
function contentOf(inbound: ReturnType<typeof readAibotInbound>): InboundContent | undefined {
  switch (inbound.kind) {
    case 'text':
      return { kind: 'text', text: inbound.text };
    case 'entered':
      return { kind: 'opened' };
    case 'button':
      // Updated at once in the answer: no response code is left for the turn.
      return { kind: 'button', key: inbound.key, taskId: inbound.taskId, responseCode: '' };
    case 'file':
      // Its URL works for 5 minutes (100719): read before the turn, the name from the download.
      return { kind: 'file', fileName: '', mediaId: aibotFileId(inbound.url) };
    case 'unsupported':
      return { kind: 'unsupported' };
    case 'kicked':
    case 'ignored':
      return undefined;
  }
}
