// A fake WeCom API over real HTTP on 127.0.0.1, for tests: gettoken, message/send, media/upload,
// media/get (files members sent), message/update_template_card and the group robot, with WeCom's JSON shapes and errcodes
// (https://developer.work.weixin.qq.com/document/path/90236, …/90253, …/94888, …/99110). It records
// what it received, answers faults injected per endpoint in order, and applies WeCom's duplicate
// check. Where the docs are silent (the errcodes of a bad response_code, the answer to a
// suppressed duplicate) the choice is marked ASSUMPTION.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import type { ExecutionContext } from 'ava';

/** The endpoints faults can be injected into. */
export type FakeEndpoint = 'gettoken' | 'message/send' | 'media/upload' | 'media/get' | 'message/update_template_card' | 'webhook/send';

/**
 * One injected fault: an errcode answer, an HTTP status, a late answer, a delivery whose answer is
 * lost, or a request held before it is acted on (dropped unacted if the sender goes away meanwhile).
 */
export type Fault = { errcode: number; errmsg?: string } | { status: number } | { delayMs: number } | { dropAfterDelivery: true } | { holdMs: number };

/** A file received by media/upload. */
export interface FakeUpload {
  type: string;
  mediaId: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** A running fake WeCom; the arrays fill as requests arrive. */
export interface FakeWecom {
  url: string;
  corpId: string;
  secret: string;
  agentId: number;
  robotKey: string;
  /** message/send bodies delivered, in order. */
  messages: Record<string, unknown>[];
  /** message/send bodies answered ok but not delivered, as WeCom's duplicate check does. */
  suppressedDuplicates: Record<string, unknown>[];
  uploads: FakeUpload[];
  cardUpdates: Record<string, unknown>[];
  robotMessages: Record<string, unknown>[];
  /** gettoken calls answered so far, failed ones included. */
  readonly tokenCalls: number;
  inject(endpoint: FakeEndpoint, ...faults: Fault[]): void;
  /** A file as a member's message carries it: its MediaId, served by media/get with its name. */
  addMedia(file: { bytes: Uint8Array; fileName: string; contentType?: string }): string;
  /** media/get calls answered so far. */
  readonly mediaGets: number;
  /** Every token issued so far answers 42001 from now on. */
  expireTokens(): void;
  /** A response_code such as a template_card_event callback carries, accepted once by update_template_card. */
  issueResponseCode(): string;
  waitForMessages(n: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  /** Requests held unanswered by a `holdMs` fault right now. */
  readonly holding: number;
  /** Resolves once `predicate` holds, looked at as each message is delivered and each request held; rejects after `ms` (a guard, not a wait). */
  waitFor(predicate: () => boolean, ms?: number): Promise<void>;
}

/** Options; `now` (ms) drives token expiry and the duplicate-check window. */
export interface FakeWecomOptions {
  corpId?: string;
  secret?: string;
  agentId?: number;
  robotKey?: string;
  tokenTtlS?: number;
  now?: () => number;
  /** false: enable_duplicate_check is ignored, so every send that arrives is counted as delivered. */
  duplicateCheck?: boolean;
}

type Json = Record<string, unknown>;
type Answer = { status: number; json?: Json; file?: { bytes: Uint8Array; fileName: string; contentType: string } };

const maxBody = 25 * 1024 * 1024;
const ok = (extra: Json = {}): Answer => ({ status: 200, json: { errcode: 0, errmsg: 'ok', ...extra } });
const fail = (errcode: number, errmsg: string): Answer => ({ status: 200, json: { errcode, errmsg: `${errmsg}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}` } });
const bytesOf = (text: unknown) => Buffer.byteLength(String(text), 'utf8');
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Start a fake WeCom for this test; it is closed at the test's teardown. */
export async function startFakeWecom(t: ExecutionContext, options: FakeWecomOptions = {}): Promise<FakeWecom> {
  const now = options.now ?? Date.now;
  const ttlS = options.tokenTtlS ?? 7200;
  const tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  const delivered: { body: Json; at: number; answer: Json }[] = [];
  const responseCodes = new Map<string, { used: boolean }>();
  const faults = new Map<FakeEndpoint, Fault[]>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  let tokenCalls = 0;
  let mediaGets = 0;
  let holding = 0;
  let serial = 0;
  const received = new Map<string, { bytes: Uint8Array; fileName: string; contentType: string }>();

  const fake: FakeWecom = {
    url: '',
    corpId: options.corpId ?? 'ww-fake-corp',
    secret: options.secret ?? 'fake-app-secret',
    agentId: options.agentId ?? 1000002,
    robotKey: options.robotKey ?? 'fake-robot-key',
    messages: [], suppressedDuplicates: [], uploads: [], cardUpdates: [], robotMessages: [],
    get tokenCalls() {
      return tokenCalls;
    },
    get mediaGets() {
      return mediaGets;
    },
    get holding() {
      return holding;
    },
    addMedia: (file) => {
      const mediaId = `received-${++serial}`;
      received.set(mediaId, { bytes: file.bytes, fileName: file.fileName, contentType: file.contentType ?? 'application/octet-stream' });
      return mediaId;
    },
    inject: (endpoint, ...more) => faults.set(endpoint, [...(faults.get(endpoint) ?? []), ...more]),
    expireTokens: () => tokens.forEach((token) => (token.revoked = true)),
    issueResponseCode: () => {
      const code = `rc-${++serial}`;
      responseCodes.set(code, { used: false });
      return code;
    },
    waitForMessages: (n, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (fake.messages.length < n) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(fake.messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`waited ${timeoutMs} ms for ${n} message(s) but ${fake.messages.length} arrived${describe(fake.messages)}` + (fake.suppressedDuplicates.length > 0 ? `; ${fake.suppressedDuplicates.length} suppressed as duplicates` : '')));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    waitFor: (predicate, ms = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the fake WeCom did not see what was expected within ${ms} ms${describe(fake.messages)}`));
        }, ms);
        waiters.add(check);
        check();
      }),
  };

  function checkToken(query: URLSearchParams): Answer | undefined {
    const token = query.get('access_token');
    if (!token) return fail(41001, 'access_token missing');
    const known = tokens.get(token);
    if (!known) return fail(40014, 'invalid access_token');
    if (known.revoked || now() >= known.expiresAt) return fail(42001, 'access_token expired');
    return undefined;
  }

  function getToken(query: URLSearchParams): Answer {
    if (query.get('corpid') !== fake.corpId) return fail(40013, 'invalid corpid');
    if (query.get('corpsecret') !== fake.secret) return fail(40001, 'invalid credential');
    const token = `tok-${tokens.size + 1}`;
    tokens.set(token, { expiresAt: now() + ttlS * 1000, revoked: false });
    return ok({ access_token: token, expires_in: ttlS });
  }

  function checkMessage(body: Json): Answer | undefined {
    if (body.agentid !== fake.agentId) return fail(40056, 'invalid agentid');
    if (typeof body.touser !== 'string' || body.touser === '') return fail(81013, 'user & party & tag all invalid');
    const part = body[String(body.msgtype)];
    switch (body.msgtype) {
      case 'text':
      case 'markdown': {
        const content = isObject(part) ? part.content : undefined;
        if (typeof content !== 'string' || content === '') return fail(44004, 'empty content');
        return bytesOf(content) > 2048 ? fail(45002, 'content size out of limit') : undefined;
      }
      case 'file': {
        const mediaId = isObject(part) ? part.media_id : undefined;
        return fake.uploads.some((u) => u.mediaId === mediaId && u.type === 'file') ? undefined : fail(40007, 'invalid media_id');
      }
      case 'template_card': return checkCard(part);
      default: return fail(40008, 'invalid message type');
    }
  }

  function checkCard(card: unknown): Answer | undefined {
    // ASSUMPTION: 40058 (不合法的参数) for a card that is not a button_interaction card.
    if (!isObject(card) || card.card_type !== 'button_interaction') return fail(40058, 'invalid template_card');
    if (typeof card.task_id !== 'string' || !/^[0-9A-Za-z_\-@]{1,128}$/.test(card.task_id)) return fail(42014, 'invalid task_id');
    const buttons = card.button_list;
    if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > 6) return fail(40058, 'invalid button_list');
    for (const button of buttons) {
      if (!isObject(button) || typeof button.text !== 'string' || button.text === '') return fail(42020, 'button text missing');
      if (button.type === 0 && (typeof button.key !== 'string' || button.key === '')) return fail(42019, 'button key missing');
    }
    return undefined;
  }

  function sendMessage(body: Json): Answer {
    const invalid = checkMessage(body);
    if (invalid) return invalid;
    // WeCom compares the whole request JSON within duplicate_check_interval (default 1800 s).
    // ASSUMPTION: the suppressed send is answered with the first delivery's msgid/response_code.
    if (body.enable_duplicate_check === 1 && options.duplicateCheck !== false) {
      const windowMs = (typeof body.duplicate_check_interval === 'number' ? body.duplicate_check_interval : 1800) * 1000;
      const earlier = delivered.find((d) => now() - d.at < windowMs && isDeepStrictEqual(d.body, body));
      if (earlier) {
        fake.suppressedDuplicates.push(body);
        return ok(earlier.answer);
      }
    }
    const answer: Json = { invaliduser: '', msgid: `msg-${++serial}` };
    if (body.msgtype === 'template_card') answer.response_code = fake.issueResponseCode();
    delivered.push({ body, at: now(), answer });
    fake.messages.push(body);
    waiters.forEach((check) => check());
    return ok(answer);
  }

  async function uploadMedia(query: URLSearchParams, contentType: string, raw: Buffer): Promise<Answer> {
    const type = query.get('type') ?? '';
    if (!['file', 'image', 'voice', 'video'].includes(type)) return fail(40005, 'invalid media type');
    const form = await new Request('http://fake', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData().catch(() => undefined);
    const media = form?.get('media');
    // A part without a filename parses as a string field: WeCom wants a file with its name.
    if (!(media instanceof File)) return fail(44001, 'empty media data');
    if (media.size <= 5 || media.size > 20 * 1024 * 1024) return fail(40006, 'invalid file size');
    const mediaId = `media-${++serial}`;
    fake.uploads.push({ type, mediaId, filename: media.name, contentType: media.type, bytes: new Uint8Array(await media.arrayBuffer()) });
    return ok({ type, media_id: mediaId, created_at: String(Math.floor(now() / 1000)) });
  }

  function updateCard(body: Json): Answer {
    if (body.agentid !== fake.agentId) return fail(40056, 'invalid agentid');
    const code = responseCodes.get(String(body.response_code));
    // ASSUMPTION: 40058 for an unknown response_code, 42022 (code已经被使用过) for a used one.
    if (!code) return fail(40058, 'invalid response_code');
    if (code.used) return fail(42022, 'response_code has been used');
    if (!isObject(body.button) || typeof body.button.replace_name !== 'string' || body.button.replace_name === '') return fail(42020, 'replace_name missing');
    code.used = true;
    fake.cardUpdates.push(body);
    return ok({ invaliduser: [] });
  }

  function sendRobot(query: URLSearchParams, body: Json): Answer {
    if (query.get('key') !== fake.robotKey) return fail(93000, 'invalid webhook url');
    const part = body[String(body.msgtype)];
    const content = isObject(part) ? part.content : undefined;
    if (!['text', 'markdown', 'markdown_v2'].includes(String(body.msgtype))) return fail(40008, 'invalid message type');
    if (typeof content !== 'string' || content === '') return fail(44004, 'empty content');
    if (bytesOf(content) > (body.msgtype === 'text' ? 2048 : 4096)) return fail(45002, 'content size out of limit');
    fake.robotMessages.push(body);
    return ok();
  }

  async function route(endpoint: FakeEndpoint, query: URLSearchParams, request: IncomingMessage, raw: Buffer): Promise<Answer> {
    if (endpoint === 'gettoken') return getToken(query);
    if (endpoint === 'webhook/send') return withJson(raw, (body) => sendRobot(query, body));
    const badToken = checkToken(query);
    if (badToken) return badToken;
    if (endpoint === 'media/upload') return uploadMedia(query, request.headers['content-type'] ?? '', raw);
    if (endpoint === 'media/get') {
      mediaGets += 1;
      // https://developer.work.weixin.qq.com/document/path/90254: the bytes with Content-Disposition, or 40007.
      const file = received.get(query.get('media_id') ?? '');
      return file ? { status: 200, file } : fail(40007, 'invalid media_id');
    }
    return withJson(raw, endpoint === 'message/send' ? sendMessage : updateCard);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const endpoint = endpointOf(request.method ?? '', url.pathname);
    const raw = await readBody(request);
    if (!endpoint) return answer(response, { status: 404 });
    if (!raw) return answer(response, { status: 413 });
    if (endpoint === 'gettoken') tokenCalls += 1;
    const fault = faults.get(endpoint)?.shift();
    if (fault && 'errcode' in fault) return answer(response, { status: 200, json: { errcode: fault.errcode, errmsg: fault.errmsg ?? `injected ${fault.errcode}` } });
    if (fault && 'status' in fault) return answer(response, { status: fault.status });
    if (fault && 'holdMs' in fault) {
      holding += 1;
      const held = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => (timers.delete(timer), resolve(false)), fault.holdMs);
        timers.add(timer);
        request.socket.once('close', () => (clearTimeout(timer), timers.delete(timer), resolve(true)));
      });
      waiters.forEach((check) => check());
      const gone = await held;
      holding -= 1;
      // A test may be waiting for the held calls to end (its sender killed).
      waiters.forEach((check) => check());
      if (gone) return;
    }
    const result = await route(endpoint, url.searchParams, request, raw);
    // The request was acted on; the answer is lost, so the sender cannot know.
    if (fault && 'dropAfterDelivery' in fault) return void request.socket.destroy();
    if (!fault || 'holdMs' in fault) return answer(response, result);
    const timer = setTimeout(() => (timers.delete(timer), answer(response, result)), fault.delayMs);
    timers.add(timer);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => answer(response, { status: 500, json: { error: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(async () => {
    timers.forEach(clearTimeout);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return fake;
}

function endpointOf(method: string, path: string): FakeEndpoint | undefined {
  const name = path.replace(/^\/cgi-bin\//, '');
  if (name === 'gettoken' || name === 'media/get') return method === 'GET' ? name : undefined;
  const posts: FakeEndpoint[] = ['message/send', 'media/upload', 'message/update_template_card', 'webhook/send'];
  return method === 'POST' ? posts.find((p) => p === name) : undefined;
}

function withJson(raw: Buffer, use: (body: Json) => Answer): Answer {
  try {
    const body: unknown = JSON.parse(raw.toString('utf8'));
    return isObject(body) ? use(body) : fail(47001, 'data format error');
  } catch {
    return fail(47001, 'data format error');
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBody) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function answer(response: ServerResponse, { status, json, file }: Answer): void {
  if (response.destroyed) return;
  if (file) {
    // ASSUMPTION: a name beyond ASCII percent-encoded as UTF-8 (the doc's example is ASCII).
    response.writeHead(status, { 'content-type': file.contentType, 'content-length': file.bytes.byteLength, 'content-disposition': `attachment; filename="${encodeURIComponent(file.fileName)}"` });
    response.end(file.bytes);
    return;
  }
  response.writeHead(status, { 'content-type': json ? 'application/json; charset=UTF-8' : 'text/plain' });
  response.end(json ? JSON.stringify(json) : `HTTP ${status}`);
}

function describe(messages: Json[]): string {
  const lines = messages.map((m, i) => {
    const part = m[String(m.msgtype)];
    const content = isObject(part) ? JSON.stringify(part).slice(0, 60) : '';
    return `\n  ${i + 1}. ${String(m.msgtype)} to ${String(m.touser)} ${content}`;
  });
  return lines.length > 0 ? `:${lines.join('')}` : '';
}
