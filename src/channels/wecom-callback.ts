// The callback URL of the WeCom app (https://developer.work.weixin.qq.com/document/path/90930):
// GET echoes the decrypted echostr (URL verification, within 1 s); POST verifies, decrypts and
// reads the message, journals it, and answers 200 with an empty body at once. The turn runs
// after the answer and its replies go out through message/send (the outbox), so WeCom's 5-second
// window is never at stake and a retry stops at the journal.
import type Koa from 'koa';
import getRawBody from 'raw-body';
import { isFresh, refuser, signedQuery } from './callback-guards.ts';
import type { ChannelInbound, Engine } from '../bot/engine.ts';
import type { InboundContent } from '../bot/journal.ts';
import { openEnvelope, type CallbackKeys, type Opened } from '../wecom/crypto.ts';
import { dedupeKeyOf, readEnvelope, readInbound, type WecomInbound } from '../wecom/inbound.ts';

/** What the callback needs. */
export interface CallbackOptions {
  keys: CallbackKeys;
  agentId: number;
  engine: Engine;
  now?: () => Date;
  /** Bodies larger than this are refused with 413; WeCom's messages are a few KB. */
  maxBodyBytes?: number;
  /** Requests whose timestamp is further than this from our clock are refused (replays of old captures). */
  maxClockSkewS?: number;
  /** For operators: a refused request's reason (never its content). */
  log?: (line: string) => void;
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_CLOCK_SKEW_S = 300;

/** The Koa handlers of the callback path: `get` for URL verification, `post` for messages. */
export function createWecomCallback(options: CallbackOptions): { get: Koa.Middleware; post: Koa.Middleware } {
  const { keys, agentId, engine, now = () => new Date(), maxBodyBytes = MAX_BODY_BYTES, maxClockSkewS = MAX_CLOCK_SKEW_S, log = () => {} } = options;
  const refuse = refuser(log, 'wecom callback');

  function rejected(ctx: Koa.Context, opened: Exclude<Opened, { kind: 'opened' }>): void {
    refuse(ctx, opened.reason === 'ciphertext' ? 400 : 401, `envelope ${opened.reason}`);
  }

  const get: Koa.Middleware = async (ctx) => {
    const q = signedQuery(ctx, ['msg_signature', 'timestamp', 'nonce', 'echostr']);
    if (!q) return refuse(ctx, 400, 'missing parameters');
    // echostr is Base64: a '+' that arrived unencoded was decoded to a space (spec §1.2).
    const opened = openEnvelope(keys, { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypted: q.echostr.replaceAll(' ', '+') });
    if (opened.kind !== 'opened') return rejected(ctx, opened);
    if (!isFresh(q.timestamp, now(), maxClockSkewS)) return refuse(ctx, 401, 'timestamp outside the window');
    ctx.type = 'text/plain';
    ctx.body = opened.plaintext;
  };

  const post: Koa.Middleware = async (ctx) => {
    const q = signedQuery(ctx, ['msg_signature', 'timestamp', 'nonce']);
    if (!q) return refuse(ctx, 400, 'missing parameters');
    let body: string;
    try {
      body = await getRawBody(ctx.req, { limit: maxBodyBytes, length: ctx.get('content-length') || undefined, encoding: 'utf8' });
    } catch (error) {
      const status = (error as { status?: number }).status;
      return refuse(ctx, status === 413 ? 413 : 400, status === 413 ? 'body too large' : 'body unreadable');
    }
    const envelope = readEnvelope(body);
    if (envelope.kind === 'invalid') return refuse(ctx, 400, `envelope: ${envelope.reason}`);
    const opened = openEnvelope(keys, { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce, encrypted: envelope.encrypted });
    if (opened.kind !== 'opened') return rejected(ctx, opened);
    if (!isFresh(q.timestamp, now(), maxClockSkewS)) return refuse(ctx, 401, 'timestamp outside the window');
    if (envelope.toUserName && envelope.toUserName !== keys.receiveId) return refuse(ctx, 401, 'ToUserName is not our CorpID');
    const message = readInbound(opened.plaintext);
    if (message.kind === 'invalid') return refuse(ctx, 400, `message: ${message.reason}`);
    if (message.kind !== 'unsupported' && message.agentId && message.agentId !== String(agentId)) return refuse(ctx, 400, 'message for another app');

    const content = contentOf(message);
    if (content) {
      const inbound: ChannelInbound = { key: dedupeKeyOf(message), userId: message.fromUser, channel: 'wecom', content, receivedAt: now() };
      let accepted: boolean;
      try {
        accepted = await engine.accept(inbound);
      } catch {
        // Nothing was stored: a non-200 answer lets WeCom deliver it again.
        return refuse(ctx, 503, 'the journal is unavailable');
      }
      // Not awaited: the journal holds the message, whatever becomes of this process, and the
      // turn's replies go out through the outbox.
      if (accepted) void engine.drain(inbound.userId);
    }
    ctx.status = 200;
    ctx.body = '';
  };

  return { get, post };
}

/** What a WeCom message means to the engine; undefined for events the bot does not act on. */
function contentOf(message: WecomInbound): InboundContent | undefined {
  switch (message.kind) {
    case 'text':
      return { kind: 'text', text: message.content };
    case 'file':
      // Only journaled here: the download and the import run before its turn (file-intake.ts), never inside WeCom's 5 s.
      return { kind: 'file', fileName: message.fileName, mediaId: message.mediaId };
    case 'media':
    case 'unsupported':
      return { kind: 'unsupported' };
    case 'event':
      if (message.event === 'enter_agent') return { kind: 'opened' };
      if (message.event === 'template_card_event') return { kind: 'button', key: message.eventKey, taskId: message.taskId, responseCode: message.responseCode };
      return undefined; // subscribe, menu clicks, contact changes …: nothing to answer
  }
}
