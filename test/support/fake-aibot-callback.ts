// WeCom's side of the 智能机器人's callback URL, for tests, written from the JSON shapes of
// 接收消息 100719, 被动回复 101031, 主动回复 101138 and 加解密 101033: requests are encrypted with
// the INDEPENDENT encryptor (receiveid "") and posted over real HTTP; our answers are checked
// (signature) and decrypted; stream refreshes are made as WeCom makes them; a small HTTP server
// receives the response_url POSTs. Helpers take `t` and register teardown.
import { createCipheriv } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from 'ava';
import type { Config } from '../../config/load-config.ts';
import { setUpDemo, type DemoPlan } from '../../src/admin/set-up-demo.ts';
import { startService, type Service } from '../../src/service.ts';
import type { TestDatabase } from './databases.ts';
import { startFakeWecom, type FakeWecom } from './fake-wecom.ts';
import { manualSchedule } from './manual-schedule.ts';
import { clockAt, testKeys, TYPING_MS, type Clock } from './wecom-service.ts';
import { decryptFromWecom, encryptForWecom, signWecom, wecomVectors } from './wecom-encryptor.ts';

/** The bot's callback keys in tests (the official Set A's token and key). */
export const botKeys = { token: wecomVectors.a.token, encodingAesKey: wecomVectors.a.encodingAesKey } as const;

/** An HTTP answer of our callback: the status, the raw text, and the decrypted reply when it is one. */
export interface CallbackAnswer {
  status: number;
  text: string;
  reply?: Record<string, unknown>;
}

/** How to spoil a request (security tests). */
export interface Spoil {
  timestamp?: string;
  signature?: string;
  /** Replace the ciphertext: the signature is of the original unless `resign`… */
  encrypted?: (encrypted: string) => string;
  resign?: boolean;
  /** …or the whole body. */
  body?: string;
}

/** The fake and the service behind it. */
export interface AibotCallbackHarness {
  service: Service;
  clock: Clock;
  databaseUrl: string;
  /** The self-built app's fake, when the app is configured too (`app: true`). */
  app?: FakeWecom;
  /** The callback URL (service base + /wecom/bot). */
  url: string;
  /** What reached the response_url server, in order. */
  responses: { code: string; body: Record<string, unknown> }[];
  /** POST one decrypted JSON body as WeCom would. */
  post(plain: Record<string, unknown>, spoil?: Spoil): Promise<CallbackAnswer>;
  /** POST one decrypted JSON body to another process's callback URL (a cluster). */
  postTo(url: string, plain: Record<string, unknown>): Promise<CallbackAnswer>;
  /** GET the URL verification with `echo`. */
  verify(echo: string, spoil?: Spoil): Promise<CallbackAnswer>;
  /** A single-chat text from `userId`: the stream it opened, refreshed until finished; the stream's final content. */
  say(userId: string, text: string, msgid: string): Promise<string>;
  /** Any message body from `userId` (a file's, say): the stream it opened, refreshed until finished; the stream's final content. */
  sayBody(userId: string, body: Record<string, unknown>): Promise<string>;
  /** An @-mention of the bot in group `chatId` by `userId`: the stream it opened, refreshed until finished; the stream's final content. */
  sayInGroup(chatId: string, userId: string, text: string, msgid: string): Promise<string>;
  /** A file message from `userId` (100719): its URL, served by the fake for 5 minutes, encrypted as WeCom encrypts it. */
  fileBody(userId: string, file: { bytes: Uint8Array; fileName: string }, msgid: string): Record<string, unknown>;
  /** How many times the fake served a file. */
  readonly fileGets: number;
  /** One stream refresh of `streamId` for `userId` (at `url`: another process of the cluster). */
  refresh(userId: string, streamId: string, url?: string): Promise<{ content: string; finish: boolean }>;
}

let sequence = 0;

/** A text message body (100719), with a response_url to the fake's server. */
export function textBody(responseBase: string, userId: string, text: string, msgid: string): Record<string, unknown> {
  return { msgid, aibotid: 'aib-test', chattype: 'single', from: { userid: userId }, response_url: `${responseBase}/cgi-bin/aibot/response?response_code=rc-${msgid}`, msgtype: 'text', text: { content: text } };
}

/** A file as WeCom serves it to the bot (100719): AES-256-CBC with the callback's key, IV its first 16 bytes, PKCS#7 to 32 bytes. */
function sealFile(bytes: Uint8Array): Buffer {
  const key = Buffer.from(`${botKeys.encodingAesKey}=`, 'base64');
  const pad = 32 - (bytes.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([Buffer.from(bytes), Buffer.alloc(pad, pad)])), cipher.final()]);
}

/** An @-mention of the bot in a group (100719): the text as WeCom delivers it, with the mention. */
export function groupBody(responseBase: string, chatId: string, userId: string, text: string, msgid: string): Record<string, unknown> {
  return { ...textBody(responseBase, userId, `@年报助手 ${text}`, msgid), chattype: 'group', chatid: chatId };
}

/** The service with the bot's callback configured (and the self-built app with `app`), and WeCom's side of it. */
export async function startAibotCallbackService(t: ExecutionContext, database: TestDatabase, options: { plan?: DemoPlan; clock?: Clock; app?: boolean } = {}): Promise<AibotCallbackHarness & { responseBase: string }> {
  const clock = options.clock ?? clockAt(new Date('2026-01-05T02:00:00Z'));
  const responses: AibotCallbackHarness['responses'] = [];
  const files = new Map<string, { sealed: Buffer; fileName: string; until: number }>();
  let fileGets = 0;
  const responseServer: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/files/')) {
      const file = files.get(req.url);
      if (!file || clock.now().getTime() > file.until) {
        res.statusCode = 404;
        res.end();
        return;
      }
      fileGets++;
      res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      res.end(file.sealed);
      return;
    }
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const code = new URL(req.url ?? '/', 'http://fake').searchParams.get('response_code') ?? '';
      // One use (101138): a second POST with the same code is refused.
      const used = responses.some((r) => r.code === code);
      if (!used) responses.push({ code, body: JSON.parse(raw) as Record<string, unknown> });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(used ? { errcode: 600039, errmsg: 'response_code used' } : { errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => responseServer.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => responseServer.close(() => resolve())));
  const responseBase = `http://127.0.0.1:${(responseServer.address() as AddressInfo).port}`;

  const databaseUrl = await database.url(t);
  const app = options.app ? await startFakeWecom(t, { corpId: testKeys.corpId, agentId: testKeys.agentId, now: () => clock.now().getTime() }) : undefined;
  const config: Config = {
    databaseUrl, port: 0, role: 'all', sendHours: { from: '09:00', to: '18:00' }, aibotCallback: { ...botKeys, callbackPath: '/wecom/bot' },
    ...(app && { wecom: { corpId: testKeys.corpId, agentId: testKeys.agentId, secret: app.secret, token: testKeys.token, encodingAesKey: testKeys.encodingAesKey, apiBase: app.url, callbackPath: '/wecom/callback' } }),
  };
  const service = await startService(config, { now: clock.now, tick: false, schedule: manualSchedule().schedule, log: () => {} });
  t.teardown(() => service.stop());
  if (options.plan) await setUpDemo(service.db, options.plan);
  const url = `${service.url}/wecom/bot`;

  function signed(plaintext: string, spoil: Spoil): { search: string; encrypted: string } {
    const timestamp = spoil.timestamp ?? String(Math.floor(clock.now().getTime() / 1000));
    const nonce = `n${++sequence}`;
    const sealed = encryptForWecom(botKeys.encodingAesKey, plaintext, '');
    const encrypted = spoil.encrypted ? spoil.encrypted(sealed) : sealed;
    const signature = spoil.signature ?? signWecom(botKeys.token, timestamp, nonce, spoil.resign ? encrypted : sealed);
    return { search: new URLSearchParams({ msg_signature: signature, timestamp, nonce }).toString(), encrypted };
  }

  async function read(response: Response): Promise<CallbackAnswer> {
    const text = await response.text();
    if (response.status !== 200 || !text.startsWith('{')) return { status: response.status, text };
    const sealed = JSON.parse(text) as { encrypt: string; msgsignature: string; timestamp: number; nonce: string };
    if (signWecom(botKeys.token, String(sealed.timestamp), sealed.nonce, sealed.encrypt) !== sealed.msgsignature) throw new Error('the answer\'s msgsignature does not verify');
    const opened = decryptFromWecom(botKeys.encodingAesKey, sealed.encrypt);
    if (opened.receiveId !== '') throw new Error(`the answer's receiveid is "${opened.receiveId}", not ""`);
    return { status: 200, text, reply: JSON.parse(opened.message) as Record<string, unknown> };
  }

  async function postAt(target: string, plain: Record<string, unknown>, spoil: Spoil): Promise<CallbackAnswer> {
    const { search, encrypted } = signed(JSON.stringify(plain), spoil);
    return read(await fetch(`${target}?${search}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: spoil.body ?? JSON.stringify({ encrypt: encrypted }) }));
  }

  /** A stream refresh as WeCom makes it (100719 流式消息刷新), in the chat of the message. */
  async function refreshAt(at: string, userId: string, streamId: string, chatId?: string): Promise<{ content: string; finish: boolean }> {
    const chat = chatId ? { chattype: 'group', chatid: chatId } : { chattype: 'single' };
    const answer = await postAt(at, { msgid: `refresh-${++sequence}`, aibotid: 'aib-test', ...chat, from: { userid: userId }, msgtype: 'stream', stream: { id: streamId } }, {});
    const stream = (answer.reply as { msgtype: string; stream: { id: string; content: string; finish: boolean } }).stream;
    if (stream.id !== streamId) throw new Error(`a refresh of ${streamId} answered with ${stream.id}`);
    return { content: stream.content, finish: stream.finish };
  }

  /** Post `userId`'s message, then refresh the stream it opened until it finishes. */
  async function streamed(userId: string, plain: Record<string, unknown>): Promise<string> {
    clock.advance(TYPING_MS);
    const answer = await postAt(url, plain, {});
    const opened = answer.reply as { msgtype: string; stream: { id: string; finish: boolean } };
    if (opened?.msgtype !== 'stream') throw new Error(`a message was answered ${answer.status} ${answer.text}`);
    // WeCom refreshes about every second until finish; here after each round of work, no sleeping.
    for (let round = 0; round < 20; round++) {
      await service.idle();
      const stream = await refreshAt(url, userId, opened.stream.id, plain.chatid as string | undefined);
      if (stream.finish) return stream.content;
    }
    throw new Error(`the stream ${opened.stream.id} did not finish`);
  }

  const harness: AibotCallbackHarness = {
    service, clock, databaseUrl, url, responses, ...(app && { app }),
    post: (plain, spoil = {}) => postAt(url, plain, spoil),
    postTo: (target, plain) => postAt(target, plain, {}),
    async verify(echo, spoil = {}) {
      const timestamp = spoil.timestamp ?? String(Math.floor(clock.now().getTime() / 1000));
      const nonce = `n${++sequence}`;
      const echostr = encryptForWecom(botKeys.encodingAesKey, echo, '');
      const signature = spoil.signature ?? signWecom(botKeys.token, timestamp, nonce, echostr);
      return read(await fetch(`${url}?${new URLSearchParams({ msg_signature: signature, timestamp, nonce, echostr }).toString()}`));
    },
    refresh: (userId, streamId, at = url) => refreshAt(at, userId, streamId),
    fileBody(userId, file, msgid) {
      const path = `/files/${msgid}`;
      files.set(path, { sealed: sealFile(file.bytes), fileName: file.fileName, until: clock.now().getTime() + 5 * 60_000 });
      return { msgid, aibotid: 'aib-test', chattype: 'single', from: { userid: userId }, response_url: `${responseBase}/cgi-bin/aibot/response?response_code=rc-${msgid}`, msgtype: 'file', file: { url: `${responseBase}${path}` } };
    },
    get fileGets() {
      return fileGets;
    },
    sayBody: (userId, body) => streamed(userId, body),
    say: (userId, text, msgid) => streamed(userId, textBody(responseBase, userId, text, msgid)),
    sayInGroup: (chatId, userId, text, msgid) => streamed(userId, groupBody(responseBase, chatId, userId, text, msgid)),
  };
  return Object.assign(harness, { responseBase });
}
