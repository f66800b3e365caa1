// The long connection of a 智能机器人 (https://developer.work.weixin.qq.com/document/path/101463):
// open the WebSocket, subscribe with the BotID and Secret, ping every 30 s, reconnect with backoff
// when it drops, and reconnect too when nothing at all (not even a ping's answer) has arrived for a
// while although the socket looks open — the "half-alive" connection others report. A
// disconnected_event (another connection subscribed as this bot) is logged loudly and not fought
// over: this socket stays down until it is started again.
//
// Our own small client over `ws`, not the SDK's WSClient: the SDK reconnects on its own timers,
// which cannot be held back while another process holds the bot's lease (the database decides
// who connects, not the socket), and its timers cannot be injected for tests. The SDK's client is
// used in test/channels/aibot-conformance.test.ts against the same fake, so both speak one protocol.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { pingFrame, readFrame, subscribeFrame, type AibotBody, type OutboundFrame } from './aibot-frames.ts';

/** Where the connection is. */
export type SocketState = 'stopped' | 'connecting' | 'online' | 'offline' | 'kicked' | 'refused';

/** The answer to a frame of ours, or why there was none. */
export type FrameAnswer =
  | { kind: 'answered'; errcode: number; errmsg: string; body?: Record<string, unknown> }
  /** Not sent: no live connection. */
  | { kind: 'offline' }
  /** Sent, but no answer came (timeout, or the connection dropped): it may have arrived. */
  | { kind: 'unknown'; reason: string };

/** A message or event pushed on the connection; `generation` counts the connections, so that a req_id is used only on its own. */
export interface Pushed {
  kind: 'message' | 'event';
  reqId: string;
  generation: number;
  body: AibotBody;
}

/** What the socket is given. */
export interface AibotSocketOptions {
  url: string;
  botId: string;
  secret: string;
  onPush: (pushed: Pushed) => void;
  /** Every change of state (online: sweep what waited; kicked: tell the operator). */
  onState?: (state: SocketState, detail?: string) => void;
  /** For operators; never message content or the secret. */
  log?: (line: string) => void;
  now?: () => Date;
  /** Run `beat` every `ms` until the returned function is called (setInterval; tests beat by hand). */
  every?: (ms: number, beat: () => void) => () => void;
  /** Run `fn` after `ms` (setTimeout), for the reconnect backoff. */
  after?: (ms: number, fn: () => void) => () => void;
  heartbeatMs?: number;
  /** No frame for this long while open: reconnect (default three heartbeats). */
  watchdogMs?: number;
  answerTimeoutMs?: number;
  /** The delay before reconnect attempt `n` (1, 2 …): 1 s doubling to 30 s by default. */
  backoffMs?: (attempt: number) => number;
}

/** The live connection of one bot. */
export interface AibotSocket {
  /** Connect, and keep connected until stop. */
  start(): void;
  stop(): Promise<void>;
  /** Send a frame and wait for its answer (matched by req_id: frames sharing one, replies to one message, go one at a time). */
  request(frame: OutboundFrame): Promise<FrameAnswer>;
  status(): { state: SocketState; generation: number; since: string | null; lastFrameAt: string | null };
  /** The heartbeat: ping, and reconnect if the watchdog fires (tests call it by hand). */
  beat(): void;
}

const HEARTBEAT_MS = 30_000;
const ANSWER_TIMEOUT_MS = 10_000;
const backoff = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 30_000);

/** Create the socket (not connected until start). */
export function createAibotSocket(options: AibotSocketOptions): AibotSocket {
  const {
    url, botId, secret, onPush, onState = () => {}, log = () => {}, now = () => new Date(),
    every = (ms, beat) => { const timer = setInterval(beat, ms); timer.unref(); return () => clearInterval(timer); },
    after = (ms, fn) => { const timer = setTimeout(fn, ms); timer.unref(); return () => clearTimeout(timer); },
    heartbeatMs = HEARTBEAT_MS, answerTimeoutMs = ANSWER_TIMEOUT_MS, backoffMs = backoff,
  } = options;
  const watchdogMs = options.watchdogMs ?? 3 * heartbeatMs;
  let state: SocketState = 'stopped';
  let since: Date | undefined;
  let lastFrameAt: Date | undefined;
  let socket: WebSocket | undefined;
  let generation = 0;
  let attempts = 0;
  let stopHeartbeat: (() => void) | undefined;
  let cancelRetry: (() => void) | undefined;
  const waiting = new Map<string, { resolve: (a: FrameAnswer) => void; cancel: () => void }>();
  const queued = new Map<string, Promise<FrameAnswer>>();

  function enter(next: SocketState, detail?: string): void {
    if (state === next) return;
    state = next;
    since = now();
    onState(next, detail);
  }

  function settleAll(answer: FrameAnswer): void {
    for (const [id, w] of waiting) {
      waiting.delete(id);
      w.cancel();
      w.resolve(answer);
    }
  }

  function send(frame: OutboundFrame): boolean {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function awaitAnswer(reqId: string): Promise<FrameAnswer> {
    return new Promise((resolve) => {
      const cancel = after(answerTimeoutMs, () => {
        waiting.delete(reqId);
        resolve({ kind: 'unknown', reason: `no answer within ${answerTimeoutMs} ms` });
      });
      waiting.set(reqId, { resolve, cancel });
    });
  }

  function connect(): void {
    cancelRetry = undefined;
    if (state === 'stopped' || state === 'kicked') return;
    enter('connecting');
    const current = new WebSocket(url, { handshakeTimeout: answerTimeoutMs });
    const mine = ++generation;
    socket = current;
    lastFrameAt = now();
    // Answered in the message handler itself, before a close that follows the answer can be seen.
    const subscription = `sub-${randomUUID()}`;
    const cancelSubscription = after(answerTimeoutMs, () => {
      if (socket !== current || state !== 'connecting') return;
      log(`aibot: no answer to the subscription within ${answerTimeoutMs} ms; reconnecting`);
      current.terminate();
    });
    const subscribed = (errcode: number, errmsg: string) => {
      cancelSubscription();
      if (errcode === 0) {
        attempts = 0;
        return enter('online');
      }
      // A wrong BotID or Secret does not get better by retrying quickly: say so; the backoff grows.
      log(`aibot: subscription refused (errcode ${errcode} ${errmsg}); check WECOM_BOT_ID and WECOM_BOT_SECRET`);
      enter('refused', `errcode ${errcode}`);
      current.terminate();
    };
    current.on('open', () => current.send(JSON.stringify(subscribeFrame(subscription, botId, secret))));
    current.on('message', (data) => {
      if (socket !== current) return;
      lastFrameAt = now();
      const frame = readFrame(data.toString());
      if (frame.kind === 'invalid') return log(`aibot: a frame could not be read (${frame.reason})`);
      if (frame.kind === 'answer' && frame.reqId === subscription) return subscribed(frame.errcode, frame.errmsg);
      if (frame.kind === 'answer') {
        const w = waiting.get(frame.reqId);
        waiting.delete(frame.reqId);
        w?.cancel();
        return w?.resolve({ kind: 'answered', errcode: frame.errcode, errmsg: frame.errmsg, ...(frame.body && { body: frame.body }) });
      }
      if (frame.kind === 'event' && frame.body.event?.eventtype === 'disconnected_event') {
        log('aibot: WARNING — another connection subscribed as this bot and WeCom closed this one (disconnected_event). Not reconnecting, so as not to fight over the bot: find the other program using this BotID, stop it, then restart nianbao.');
        enter('kicked', 'disconnected_event');
        current.close();
        return;
      }
      onPush({ kind: frame.kind, reqId: frame.reqId, generation: mine, body: frame.body });
    });
    current.on('error', (error) => log(`aibot: connection error (${error.message})`));
    current.on('close', () => {
      if (socket !== current) return;
      socket = undefined;
      cancelSubscription();
      settleAll({ kind: 'unknown', reason: 'the connection closed' });
      if (state === 'stopped' || state === 'kicked') return;
      enter(state === 'refused' ? 'refused' : 'offline');
      const delay = backoffMs(++attempts);
      log(`aibot: connection closed; reconnecting in ${Math.round(delay / 1000)} s (attempt ${attempts})`);
      cancelRetry = after(delay, connect);
    });
  }

  function beat(): void {
    if (!socket || state === 'connecting') return;
    if (now().getTime() - (lastFrameAt?.getTime() ?? 0) > watchdogMs) {
      log(`aibot: no frame for ${Math.round(watchdogMs / 1000)} s although the connection looks open; reconnecting`);
      socket.terminate();
      return;
    }
    const reqId = `ping-${randomUUID()}`;
    if (send(pingFrame(reqId))) void awaitAnswer(reqId);
  }

  return {
    start() {
      if (state !== 'stopped' && state !== 'kicked') return;
      state = 'offline';
      attempts = 0;
      stopHeartbeat = every(heartbeatMs, beat);
      connect();
    },
    async stop() {
      enter('stopped');
      stopHeartbeat?.();
      cancelRetry?.();
      const current = socket;
      socket = undefined;
      settleAll({ kind: 'offline' });
      if (current && current.readyState !== WebSocket.CLOSED) {
        await new Promise<void>((resolve) => {
          current.once('close', () => resolve());
          current.close();
          after(1000, () => current.terminate());
        });
      }
    },
    request(frame) {
      const reqId = frame.headers.req_id;
      const run = (queued.get(reqId) ?? Promise.resolve()).then(async (): Promise<FrameAnswer> => {
        if (state !== 'online') return { kind: 'offline' };
        const answer = awaitAnswer(reqId);
        if (!send(frame)) {
          waiting.get(reqId)?.cancel();
          waiting.delete(reqId);
          return { kind: 'offline' };
        }
        return answer;
      });
      queued.set(reqId, run);
      void run.then(() => queued.get(reqId) === run && queued.delete(reqId));
      return run;
    },
    status: () => ({ state, generation, since: since?.toISOString() ?? null, lastFrameAt: lastFrameAt?.toISOString() ?? null }),
    beat,
  };
}
