// WeCom's side of the 智能机器人's callback URL, for tests, written from the JSON shapes of
// 接收消息 100719, 被动回复 101031, 主动回复 101138 and 加解密 101033: requests are encrypted with
// the INDEPENDENT encryptor (receiveid "") and posted over real HTTP; our answers are checked
// (signature) and decrypted; stream refreshes are made as WeCom makes them; a small HTTP server
// receives the response_url POSTs. Helpers take `t` and register teardown.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from 'ava';
import type { Config } from '../../config/load-config.ts';
import { setUpDemo, type DemoPlan } from '../../src/admin/set-up-demo.ts';
import { startService, type Service } from '../../src/service.ts';
import type { TestDatabase } from './databases.ts';
import { manualSchedule } from './manual-schedule.ts';
import { clockAt, TYPING_MS, type Clock } from './wecom-service.ts';
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
  /** The callback URL (service base + /wecom/bot). */
  url: string;
  /** What reached the response_url server, in order. */
  responses: { code: string; body: Record<string, unknown> }[];
  /** POST one decrypted JSON body as WeCom would. */
  post(plain: Record<string, unknown>, spoil?: Spoil): Promise<CallbackAnswer>;
  /** GET the URL verification with `echo`. */
  verify(echo: string, spoil?: Spoil): Promise<CallbackAnswer>;
  /** A single-chat text from `userId`: the stream it opened, refreshed until finished; the stream's final content. */
  say(userId: string, text: string, msgid: string): Promise<string>;
  /** One stream refresh of `streamId` for `userId`. */
  refresh(userId: string, streamId: string): Promise<{ content: string; finish: boolean }>;
}

let sequence = 0;

/** A text message body (100719), with a response_url to the fake's server. */
export function textBody(responseBase: string, userId: string, text: string, msgid: string): Record<string, unknown> {
  return { msgid, aibotid: 'aib-test', chattype: 'single', from: { userid: userId }, response_url: `${responseBase}/cgi-bin/aibot/response?response_code=rc-${msgid}`, msgtype: 'text', text: { content: text } };
}

/** The service with only the bot's callback configured, and WeCom's side of it. */
export async function startAibotCallbackService(t: ExecutionContext, database: TestDatabase, options: { plan?: DemoPlan; clock?: Clock } = {}): Promise<AibotCallbackHarness & { responseBase: string }> {
  const clock = options.clock ?? clockAt(new Date('2026-01-05T02:00:00Z'));
  const responses: AibotCallbackHarness['responses'] = [];
  const responseServer: Server = createServer((req, res) => {
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

  const config: Config = { databaseUrl: await database.url(t), port: 0, role: 'all', sendHours: { from: '09:00', to: '18:00' }, aibotCallback: { ...botKeys, callbackPath: '/wecom/bot' } };
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

  const harness: AibotCallbackHarness = {
    service, clock, url, responses,
    async post(plain, spoil = {}) {
      const { search, encrypted } = signed(JSON.stringify(plain), spoil);
      return read(await fetch(`${url}?${search}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: spoil.body ?? JSON.stringify({ encrypt: encrypted }) }));
    },
    async verify(echo, spoil = {}) {
      const timestamp = spoil.timestamp ?? String(Math.floor(clock.now().getTime() / 1000));
      const nonce = `n${++sequence}`;
      const echostr = encryptForWecom(botKeys.encodingAesKey, echo, '');
      const signature = spoil.signature ?? signWecom(botKeys.token, timestamp, nonce, echostr);
      return read(await fetch(`${url}?${new URLSearchParams({ msg_signature: signature, timestamp, nonce, echostr }).toString()}`));
    },
    async refresh(userId, streamId) {
      const answer = await harness.post({ msgid: `refresh-${++sequence}`, aibotid: 'aib-test', chattype: 'single', from: { userid: userId }, msgtype: 'stream', stream: { id: streamId } });
      const stream = (answer.reply as { msgtype: string; stream: { id: string; content: string; finish: boolean } }).stream;
      if (stream.id !== streamId) throw new Error(`a refresh of ${streamId} answered with ${stream.id}`);
      return { content: stream.content, finish: stream.finish };
    },
    async say(userId, text, msgid) {
      clock.advance(TYPING_MS);
      const answer = await harness.post(textBody(responseBase, userId, text, msgid));
      const opened = answer.reply as { msgtype: string; stream: { id: string; finish: boolean } };
      if (opened?.msgtype !== 'stream') throw new Error(`a message was answered ${answer.status} ${answer.text}`);
      // WeCom refreshes about every second until finish; here after each round of work, no sleeping.
      for (let round = 0; round < 20; round++) {
        await service.idle();
        const stream = await harness.refresh(userId, opened.stream.id);
        if (stream.finish) return stream.content;
      }
      throw new Error(`the stream ${opened.stream.id} did not finish`);
    },
  };
  return { ...harness, responseBase };
}
