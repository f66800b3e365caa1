// The 智能机器人's callback URL (API 模式 → URL 回调): the other mode of the bot whose long
// connection is aibot-connection.ts, feeding the same journal, engine and outbox.
// Wire: GET verifies the URL (echostr, receiveid ""); POST carries JSON `{"encrypt"}` signed in the
// query; a passive reply is JSON `{encrypt, msgsignature, timestamp, nonce}` (加解密 101033).
// Design, within WeCom's time limit (被动回复 101031, 主动回复 101138):
// - A member's message is journaled under `aibot:<msgid>` (aibotKeyOf, the long connection's key)
//   and answered AT ONCE with an unfinished stream whose id names the message (`nb-<msgid>`);
//   its turn runs after the answer, in the member's order.
// - WeCom then POSTs stream-refresh callbacks (msgtype `stream`) until we say finish or 6 minutes
//   pass. Each refresh is answered from the DATABASE (any process of a cluster can): the texts the
//   turn put in the outbox for that message and the `aibot-callback` sender marked sent; finish
//   once the turn is done and none of its texts waits.
// - The sender marks a text sent without any request while its message's stream is open (5 of
//   the 6 minutes, so a refresh still comes to show it). Anything else — a card, a text after the
//   stream closed, a reply to an event — goes to the message's `response_url` (one use, 1 hour).
//   Which messages opened a stream and their response_urls are kept in the memory of the process
//   that answered them (which also runs their turns and sends); elsewhere such a reply fails,
//   saying why: the callback mode cannot write first.
// - A card click is answered at once with the card updated (5 s, 101031); its turn follows.
import type Koa from 'koa';
import getRawBody from 'raw-body';
import { isFresh, refuser, signedQuery } from './callback-guards.ts';
import { MoreThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { encrypt } from '@wecom/crypto';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import type { Sender, SendResult } from '../bot/dispatcher.ts';
import type { ChannelInbound, Engine } from '../bot/engine.ts';
import type { InboundContent } from '../bot/journal.ts';
import type { OutboxRow } from '../bot/outbox.ts';
import { inStatement } from '../bot/sql.ts';
import { aibotKeyOf, buttonCard, chosenCard, markdownBody, readAibotInbound, readBody, streamBody, type AibotBody } from '../wecom/aibot-frames.ts';
import { openEnvelope, signatureOf, type CallbackKeys } from '../wecom/crypto.ts';

/** The outbox channel of the replies to messages that came through the callback URL. */
export const AIBOT_CALLBACK_CHANNEL = 'aibot-callback';

/** What the callback mode is given. */
export interface AibotCallbackOptions {
  db: DataSource;
  /** API 模式 → URL 回调 → Token. */
  token: string;
  /** API 模式 → URL 回调 → EncodingAESKey. */
  encodingAesKey: string;
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

/** The callback mode: the outbox sender of its replies, and its Koa handlers. */
export interface AibotCallbackChannel {
  sender: Sender;
  handlers(engine: Pick<Engine, 'accept' | 'drain'>): { get: Koa.Middleware; post: Koa.Middleware };
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_CLOCK_SKEW_S = 300;
const TIMEOUT_MS = 10_000;
// WeCom refreshes a stream until 6 minutes after the message (101031): a text counted as shown
// in its first 5 is read by a later refresh.
const STREAM_OPEN_MS = 5 * 60_000;
const STREAM_REFRESHED_MS = 6 * 60_000;
// A stream's content is at most 20480 bytes (101031): what would overflow it goes to the response_url.
const STREAM_MAX_BYTES = 20_480;
// A response_url works once within an hour (101138); the margin covers the POST itself.
const RESPONSE_URL_MS = 55 * 60_000;
const GROUP_REPLY = '您好，目前请在与机器人的单聊中填报和查询年度报告（点击机器人头像 → 发消息）。';

/** Create the callback mode (nothing is served until its handlers are routed). */
export function createAibotCallback(options: AibotCallbackOptions): AibotCallbackChannel {
  const { db, now = () => new Date(), log = (line) => console.error(line), maxBodyBytes = MAX_BODY_BYTES, maxClockSkewS = MAX_CLOCK_SKEW_S, timeoutMs = TIMEOUT_MS } = options;
  // A bot's callbacks are encrypted with receiveid "" (101033).
  const keys: CallbackKeys = { token: options.token, encodingAesKey: options.encodingAesKey, receiveId: '' };
  // Per journal key: the message's response_url, unused until a reply takes it.
  const responseUrls = new Map<string, { url: string; userId: string; at: number; used: boolean }>();
  // The journal keys of the messages this process answered with a stream (events open none), and when.
  const streams = new Map<string, number>();

  function keep(key: string, userId: string, url: string | undefined, streamed: boolean): void {
    const at = now().getTime();
    for (const [k, kept] of responseUrls) if (at - kept.at > RESPONSE_URL_MS) responseUrls.delete(k);
    for (const [k, since] of streams) if (at - since > STREAM_OPEN_MS) streams.delete(k);
    if (streamed && !streams.has(key)) streams.set(key, at);
    if (url && !responseUrls.has(key)) responseUrls.set(key, { url, userId, at, used: false });
  }

  /** The unused response_url of the row's message, else the member's latest one. */
  function responseUrlFor(key: string | undefined, userId: string): { url: string; used: boolean } | undefined {
    const at = now().getTime();
    const usable = (k: { userId: string; at: number; used: boolean }) => k.userId === userId && !k.used && at - k.at < RESPONSE_URL_MS;
    const own = key ? responseUrls.get(key) : undefined;
    if (own && usable(own)) return own;
    return [...responseUrls.values()].filter(usable).at(-1);
  }

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

  const sender: Sender = {
    // Passive replies and response_url are not under message/send's per-member limits; a high quota also keeps texts unmerged, one row each in the stream.
    quota: { perMinute: 1000, perHour: 10_000 },
    async send(row: OutboxRow) {
      const key = await inStatement(db, (m) => messageOfRow(m, row.id));
      const payload = row.payload as { text?: string; markdown?: string };
      const text = row.kind === 'text' || row.kind === 'markdown' ? payload.text ?? payload.markdown ?? '' : undefined;
      const since = key === undefined ? undefined : streams.get(key);
      if (text !== undefined && key !== undefined && since !== undefined && now().getTime() - since < STREAM_OPEN_MS) {
        const shown = await inStatement(db, (m) => streamOf(m, key, row.recipient, now()));
        if (Buffer.byteLength(shown.content) + Buffer.byteLength(text) + 2 <= STREAM_MAX_BYTES) return { kind: 'sent' };
      }
      let body: unknown;
      if (text !== undefined) body = markdownBody(text);
      else if (row.kind === 'card') {
        const { taskId, title, description, buttons } = row.payload as { taskId: string; title: string; description: string; buttons: { text: string; key: string }[] };
        body = { msgtype: 'template_card', template_card: buttonCard(taskId, title, description, buttons) };
      } else return { kind: 'failed', error: `the aibot callback mode does not send ${row.kind} messages (use the long connection or the app)` };
      const target = responseUrlFor(key, row.recipient);
      if (!target) return { kind: 'failed', error: 'the aibot callback mode cannot write first: no unused response_url of this member within its hour in this process' };
      target.used = true;
      const result = await postResponse(target.url, body);
      if ('error' in result) log(`aibot callback: a reply to ${row.recipient} was not delivered (${result.error})`);
      return result;
    },
  };

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
      if (body.chattype === 'group') return answer(ctx, q, streamBody(`nb-group-${body.msgid}`, GROUP_REPLY));

      const inbound = readAibotInbound(body);
      const content = contentOf(inbound);
      if (content) {
        const message: ChannelInbound = { key: aibotKeyOf(body), userId, channel: AIBOT_CALLBACK_CHANNEL, content, receivedAt: now() };
        let accepted: boolean;
        try {
          accepted = await engine.accept(message);
        } catch {
          // Nothing was stored: a non-200 answer lets WeCom deliver it again.
          return refuse(ctx, 503, 'the journal is unavailable');
        }
        keep(message.key, userId, body.response_url, content.kind !== 'opened' && content.kind !== 'button');
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

  return { sender, handlers };
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

/** What a bot message means to the engine; undefined for what it does not act on. */
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
    case 'unsupported':
      return { kind: 'unsupported' };
    case 'kicked':
    case 'ignored':
      return undefined;
  }
}

/** The journal key of the message an outbox row answers (`reply:aibot:M:0`, `card:aibot:M` …). */
function messageKeyOf(idempotencyKey: string): string | undefined {
  return /^[a-z-]+:(aibot:[^:]+)/.exec(idempotencyKey)?.[1];
}

/** The journal key of the message an outbox row answers. */
async function messageOfRow(m: EntityManager, rowId: number): Promise<string | undefined> {
  const row = await m.findOneBy(OutboxMessage, { id: rowId });
  return row ? messageKeyOf(row.idempotencyKey) : undefined;
}

/** A stream's content now: the texts of the message's replies already sent; finished when its turn is done and none waits. */
async function streamOf(m: EntityManager, key: string, userId: string, at: Date): Promise<{ content: string; finish: boolean }> {
  const message = await m.findOneBy(InboundMessage, { key });
  if (!message || message.memberUserId !== userId) return { content: '', finish: true };
  const rows = (await m.find(OutboxMessage, { where: { channel: AIBOT_CALLBACK_CHANNEL, recipient: userId, createdAt: MoreThanOrEqual(message.receivedAt) }, order: { id: 'ASC' } }))
    .filter((row) => messageKeyOf(row.idempotencyKey) === key && (row.kind === 'text' || row.kind === 'markdown'));
  const content = rows.filter((row) => row.state === 'sent').map((row) => {
    const payload = JSON.parse(row.payload) as { text?: string; markdown?: string };
    return payload.text ?? payload.markdown ?? '';
  }).join('\n\n');
  const waiting = rows.some((row) => row.state === 'pending' || row.state === 'sending');
  const closed = at.getTime() - message.receivedAt.getTime() >= STREAM_REFRESHED_MS;
  return { content, finish: closed || (message.status !== 'received' && !waiting) };
}
