// The outbound half of a self-built WeCom app (message/send, media/upload,
// update_template_card) and of the group robot. Every answer of WeCom and every network problem
// comes back as a value; the access token, the secret and the robot key never appear in one.
import http from 'node:http';
import https from 'node:https';
import { actionOf, type ErrorAction } from './errcodes.ts';

/** A self-built app's credentials and the API base (https://qyapi.weixin.qq.com in production). */
export interface WecomApp {
  corpId: string;
  agentId: number;
  secret: string;
  apiBase: string;
}

/** The shared access-token cache the client draws from (it lives elsewhere, in the database). */
export interface TokenSource {
  /** The token to use now. Throws TokenUnavailableError when none can be had. */
  current(): Promise<string>;
  /** WeCom rejected `failing`: refresh unless the cached token already differs; return the token to retry with. */
  invalidate(failing: string): Promise<string>;
}

/** Why a call did not succeed: WeCom answered with an errcode, or no usable answer came back. */
export type ApiFailure =
  | { kind: 'failed'; errcode: number; errmsg: string; action: ErrorAction; hint: string }
  // reason 'timeout' means the outcome is unknown: the request may have been delivered.
  | { kind: 'unreachable'; reason: 'timeout' | 'network' | 'http'; status?: number; detail: string };

/** What an API call returns: WeCom's JSON when errcode is 0, or the failure. */
export type ApiResult = { kind: 'ok'; body: Record<string, unknown> } | ApiFailure;

/** The outcome of gettoken. */
export type TokenFetch = { kind: 'token'; token: string; expiresInS: number } | ApiFailure;

/** Thrown by a TokenSource that cannot produce a token; the client returns `failure` as its result. */
export class TokenUnavailableError extends Error {
  constructor(readonly failure: ApiFailure, options?: { cause?: unknown }) {
    super(failure.kind === 'failed' ? `gettoken failed: ${failure.errcode} ${failure.hint}` : `gettoken unreachable: ${failure.detail}`, options);
    this.name = 'TokenUnavailableError';
  }
}

/** A message nianbao sends through the app; `duplicateCheck` lets WeCom drop an identical resend. */
export type AppMessage = (
  | { kind: 'text'; touser: string; content: string }
  | { kind: 'markdown'; touser: string; content: string }
  | { kind: 'file'; touser: string; mediaId: string }
  | { kind: 'card'; touser: string; taskId: string; title: string; description: string; buttons: CardButton[] }
) & { duplicateCheck?: boolean };

/** A callback button of a card; its key comes back as EventKey when tapped. */
export interface CardButton {
  key: string;
  text: string;
  style?: 1 | 2 | 3 | 4;
}

/** A file to upload as temporary media (valid 3 days). */
export interface MediaFile {
  name: string;
  bytes: Uint8Array;
  contentType: string;
}

/** Grey out a sent card's buttons, naming what was chosen. */
export interface CardUpdate {
  userids: string[];
  responseCode: string;
  replaceName: string;
}

/** The app's outbound calls. */
export interface ApiClient {
  sendMessage(message: AppMessage): Promise<ApiResult>;
  /** The media_id is `body.media_id` of an ok result. */
  uploadMedia(file: MediaFile, type: 'file' | 'image'): Promise<ApiResult>;
  updateTemplateCard(update: CardUpdate): Promise<ApiResult>;
  /** A received file by its MediaId (media/get), refused above `maxBytes` without reading the rest. */
  downloadMedia(mediaId: string, maxBytes: number): Promise<MediaDownload>;
}

/** A file fetched by media/get: its bytes and the name WeCom gives it; too large; or the failure. */
export type MediaDownload = { kind: 'media'; bytes: Buffer; fileName: string; contentType: string } | { kind: 'tooLarge'; maxBytes: number } | ApiFailure;

/** The group robot's one call. */
export interface RobotClient {
  send(markdown: string): Promise<ApiResult>;
}

/** The JSON body of message/send for `message` (https://developer.work.weixin.qq.com/document/path/90236). */
export function messageBody(message: AppMessage, agentId: number): Record<string, unknown> {
  const head = { touser: message.touser, agentid: agentId };
  // Only send the flag when asked: the whole JSON is what WeCom compares, within 1800 s here.
  const duplicateCheck = message.duplicateCheck ? { enable_duplicate_check: 1, duplicate_check_interval: 1800 } : {};
  switch (message.kind) {
    case 'text':
      return { ...head, msgtype: 'text', text: { content: message.content }, ...duplicateCheck };
    case 'markdown':
      return { ...head, msgtype: 'markdown', markdown: { content: message.content }, ...duplicateCheck };
    case 'file':
      return { ...head, msgtype: 'file', file: { media_id: message.mediaId }, ...duplicateCheck };
    case 'card':
      return {
        ...head,
        msgtype: 'template_card',
        template_card: {
          card_type: 'button_interaction',
          main_title: { title: message.title, desc: message.description },
          task_id: message.taskId,
          // type 0 = a callback button: a tap arrives as template_card_event with EventKey = key.
          button_list: message.buttons.map((b) => ({ type: 0, text: b.text, key: b.key, ...(b.style === undefined ? {} : { style: b.style }) })),
        },
        ...duplicateCheck,
      };
  }
}

/** Call gettoken once (https://developer.work.weixin.qq.com/document/path/91039); the token cache decides when. */
export async function fetchAccessToken(app: WecomApp, timeoutMs: number): Promise<TokenFetch> {
  const result = await callWecom(app.apiBase, { method: 'GET', path: '/cgi-bin/gettoken', query: { corpid: app.corpId, corpsecret: app.secret } }, timeoutMs, [app.secret]);
  if (result.kind !== 'ok') return result;
  const { access_token: token, expires_in: expiresInS } = result.body;
  if (typeof token !== 'string' || token === '' || typeof expiresInS !== 'number') {
    return { kind: 'unreachable', reason: 'http', status: 200, detail: 'GET /cgi-bin/gettoken answered errcode 0 without access_token/expires_in' };
  }
  return { kind: 'token', token, expiresInS };
}

/** The outbound client of a self-built app. */
export function createApiClient(options: { app: WecomApp; tokens: TokenSource; timeoutMs: number }): ApiClient {
  const { app, tokens, timeoutMs } = options;

  async function callWithToken(path: string, query: Record<string, string>, body: () => string | FormData): Promise<ApiResult> {
    const token = await tokenFrom(() => tokens.current());
    if (typeof token !== 'string') return token;
    const call = (t: string) => callWecom(app.apiBase, { method: 'POST', path, query: { access_token: t, ...query }, body: body() }, timeoutMs, [t, app.secret]);
    const first = await call(token);
    if (first.kind !== 'failed' || !tokenRejected.has(first.errcode)) return first;
    // WeCom may invalidate a token before expires_in; refresh once and retry once
    // (https://developer.work.weixin.qq.com/document/path/91039).
    const fresh = await tokenFrom(() => tokens.invalidate(token));
    if (typeof fresh !== 'string') return fresh;
    return call(fresh);
  }

  async function downloadMedia(mediaId: string, maxBytes: number): Promise<MediaDownload> {
    const token = await tokenFrom(() => tokens.current());
    if (typeof token !== 'string') return token;
    const url = new URL(app.apiBase.replace(/\/+$/, '') + '/cgi-bin/media/get');
    url.searchParams.set('media_id', mediaId);
    // A file takes longer than a JSON answer: at least a minute for 20 MB.
    const get = (t: string) => fetchMedia(withToken(url, t), maxBytes, Math.max(timeoutMs, 60_000), [t, app.secret]);
    const first = await get(token);
    if (first.kind !== 'failed' || !tokenRejected.has(first.errcode)) return first;
    const fresh = await tokenFrom(() => tokens.invalidate(token));
    return typeof fresh === 'string' ? get(fresh) : fresh;
  }

  return {
    downloadMedia,
    sendMessage: (message) => callWithToken('/cgi-bin/message/send', {}, () => JSON.stringify(messageBody(message, app.agentId))),
    // https://developer.work.weixin.qq.com/document/path/90253: field `media`, with the filename
    // that a file message then shows.
    uploadMedia: (file, type) =>
      callWithToken('/cgi-bin/media/upload', { type }, () => {
        const form = new FormData();
        // A copy: Blob takes only bytes over a plain ArrayBuffer, not a possibly shared one.
        form.append('media', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.name);
        return form;
      }),
    // https://developer.work.weixin.qq.com/document/path/94888: a response_code works once, for 72 h.
    updateTemplateCard: (update) =>
      callWithToken('/cgi-bin/message/update_template_card', {}, () =>
        JSON.stringify({ userids: update.userids, agentid: app.agentId, response_code: update.responseCode, button: { replace_name: update.replaceName } }),
      ),
  };
}

/** The group robot client (https://developer.work.weixin.qq.com/document/path/99110); the key is the credential. */
export function createRobotClient(options: { key: string; apiBase: string; timeoutMs: number }): RobotClient {
  const { key, apiBase, timeoutMs } = options;
  return {
    send: (markdown) =>
      callWecom(apiBase, { method: 'POST', path: '/cgi-bin/webhook/send', query: { key }, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: markdown } }) }, timeoutMs, [key]),
  };
}

const tokenRejected = new Set([40014, 42001]);

function withToken(url: URL, token: string): URL {
  const copy = new URL(url);
  copy.searchParams.set('access_token', token);
  return copy;
}

/**
 * GET media/get (https://developer.work.weixin.qq.com/document/path/90254): the file's bytes with
 * Content-Disposition, or a JSON errcode (40007: the media_id expired after its 3 days). The
 * body is counted as it comes and the connection dropped past `maxBytes`.
 */
async function fetchMedia(url: URL, maxBytes: number, timeoutMs: number, secrets: string[]): Promise<MediaDownload> {
  const where = 'GET /cgi-bin/media/get';
  const transport = url.protocol === 'https:' ? https : http;
  type Got = { kind: 'body'; status: number; type: string; disposition: string; bytes: Buffer } | { kind: 'tooLarge'; maxBytes: number };
  let got: Got;
  try {
    got = await new Promise<Got>((resolve, reject) => {
      const req = transport.get(url, { agent: agents[url.protocol as keyof typeof agents], signal: AbortSignal.timeout(timeoutMs) }, (res) => {
        const type = String(res.headers['content-type'] ?? '');
        if (!/json/i.test(type) && Number(res.headers['content-length'] ?? 0) > maxBytes) {
          res.destroy();
          return resolve({ kind: 'tooLarge', maxBytes });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            resolve({ kind: 'tooLarge', maxBytes });
          } else chunks.push(chunk);
        });
        res.on('end', () => resolve({ kind: 'body', status: res.statusCode ?? 0, type, disposition: String(res.headers['content-disposition'] ?? ''), bytes: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  } catch (error) {
    return unreachableOf(error, where, timeoutMs, secrets);
  }
  if (got.kind === 'tooLarge') return got;
  if (got.status !== 200) return { kind: 'unreachable', reason: 'http', status: got.status, detail: `${where} answered HTTP ${got.status}` };
  // An error is JSON without a file name (its Content-Type is not to be relied on: a .txt file is text/plain too).
  const answer = /filename/i.test(got.disposition) || got.bytes.length > 65_536 ? undefined : parseObject(got.bytes.toString('utf8'));
  if (answer !== undefined || /json/i.test(got.type)) {
    const body = answer;
    const errcode = body?.errcode;
    if (typeof errcode !== 'number' || errcode === 0) return { kind: 'unreachable', reason: 'http', status: 200, detail: `${where} answered JSON without the file` };
    return { kind: 'failed', errcode, errmsg: redact(String(body?.errmsg ?? ''), secrets), ...actionOf(errcode) };
  }
  return { kind: 'media', bytes: got.bytes, fileName: dispositionName(got.disposition), contentType: got.type };
}

/** The file name of `attachment; filename="…"` (UTF-8 sent raw, or percent-encoded, or as filename*). */
function dispositionName(header: string): string {
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  const plain = /filename\s*=\s*"?([^";]*)"?/i.exec(header);
  const raw = extended?.[1] ?? plain?.[1] ?? '';
  // Node reads header bytes as latin1: UTF-8 names come back as mojibake until re-read.
  const text = extended ? raw : Buffer.from(raw, 'latin1').toString('utf8');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function tokenFrom(get: () => Promise<string>): Promise<string | ApiFailure> {
  try {
    return await get();
  } catch (error) {
    if (error instanceof TokenUnavailableError) return error.failure;
    throw error;
  }
}

interface WecomRequest {
  method: 'GET' | 'POST';
  path: string;
  query: Record<string, string>;
  body?: string | FormData;
}

// Errors that mean the connection broke after the request went out: WeCom may have acted on it.
const droppedInFlight = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

// node:http rather than fetch: a message/send through fetch cost the service about 0.3 ms of CPU
// more (npm run bench), once for every reply. One connection pool per process, kept alive.
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** The status and body text of one HTTP exchange; rejects on a network error or the timeout (AbortError). */
async function exchange(url: URL, request: WecomRequest, timeoutMs: number): Promise<{ status: number; text: string }> {
  const transport = url.protocol === 'https:' ? https : http;
  if (!(url.protocol in agents)) throw new Error(`unsupported protocol ${url.protocol}`);
  // A multipart form is laid out (with its boundary) by the web Response; a JSON body is sent as is.
  const form = request.body instanceof FormData ? new Response(request.body) : undefined;
  const body = form ? Buffer.from(await form.arrayBuffer()) : (request.body as string | undefined);
  const type = form ? form.headers.get('content-type')! : 'application/json; charset=utf-8';
  const headers = body === undefined ? {} : { 'content-type': type, 'content-length': Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method: request.method, headers, agent: agents[url.protocol as keyof typeof agents], signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function callWecom(apiBase: string, request: WecomRequest, timeoutMs: number, secrets: string[]): Promise<ApiResult> {
  const url = new URL(apiBase.replace(/\/+$/, '') + request.path);
  for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value);
  // Named by method and path only: the query carries the token or the key.
  const where = `${request.method} ${request.path}`;
  let status: number;
  let text: string;
  try {
    ({ status, text } = await exchange(url, request, timeoutMs));
  } catch (error) {
    return unreachableOf(error, where, timeoutMs, secrets);
  }
  if (status !== 200) return { kind: 'unreachable', reason: 'http', status, detail: `${where} answered HTTP ${status}` };
  const body = parseObject(text);
  if (body === undefined) return { kind: 'unreachable', reason: 'http', status, detail: `${where} answered HTTP 200 with a body that is not a JSON object` };
  const errcode = body.errcode ?? 0;
  if (errcode === 0) return { kind: 'ok', body };
  if (typeof errcode !== 'number') return { kind: 'unreachable', reason: 'http', status, detail: `${where} answered a non-numeric errcode` };
  return { kind: 'failed', errcode, errmsg: redact(String(body.errmsg ?? ''), secrets), ...actionOf(errcode) };
}

function unreachableOf(error: unknown, where: string, timeoutMs: number, secrets: string[]): ApiFailure {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { kind: 'unreachable', reason: 'timeout', detail: `${where}: no answer within ${timeoutMs} ms; the request may have been delivered` };
  }
  const code = codeOf(error);
  // 'aborted': the answer was cut off midway.
  if ((code !== undefined && droppedInFlight.has(code)) || (error instanceof Error && error.message === 'aborted')) {
    return { kind: 'unreachable', reason: 'timeout', detail: `${where}: connection closed before the answer (${code ?? 'aborted'}); the request may have been delivered` };
  }
  return { kind: 'unreachable', reason: 'network', detail: `${where}: cannot connect (${code ?? redact(error instanceof Error ? error.message : String(error), secrets)})` };
}

// A socket error carries its code; one connect error per address tried comes as an AggregateError.
function codeOf(error: unknown): string | undefined {
  const first = error instanceof AggregateError ? error.errors[0] : error;
  const code = typeof first === 'object' && first !== null && 'code' in first ? first.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// For text from outside (errmsg, a socket error's message): what we write ourselves names no secret.
function redact(text: string, secrets: string[]): string {
  const forms = secrets.filter((s) => s !== '').flatMap((s) => [s, encodeURIComponent(s)]);
  return forms.reduce((out, secret) => out.split(secret).join('***'), text);
}
