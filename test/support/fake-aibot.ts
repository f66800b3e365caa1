// A fake of WeCom's 智能机器人 long-connection server over a real WebSocket, written from the
// frame shapes of https://developer.work.weixin.qq.com/document/path/101463: the first frame must
// be aibot_subscribe with the right bot_id and secret; ping is answered; a newer subscription
// kicks the older connection with a disconnected_event; aibot_respond_msg is accepted only for a
// req_id pushed on that same connection; every frame of ours is answered `{headers, errcode,
// errmsg}` with the same req_id. The test pushes messages and events, drops the connection,
// makes it half-alive (open but silent) and refuses frames with error codes.
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from 'ava';
import { WebSocketServer, type WebSocket } from 'ws';

/** A frame a client sent (pings apart). */
export interface ReceivedFrame {
  cmd: string;
  req_id: string;
  body: Record<string, unknown>;
  /** Which connection (1, 2 …) it came on. */
  connection: number;
}

/** What the bot said to a member: a finished stream replying to their message, or a proactive markdown. */
export interface Said {
  to: string;
  via: 'respond' | 'send';
  content: string;
}

/** The fake server and the test's handles on it. */
export interface FakeAibot {
  url: string;
  botId: string;
  secret: string;
  /** Every frame received (pings apart), in order. */
  frames: ReceivedFrame[];
  /** Files uploaded in full (init, chunks, finish with the right md5). */
  uploads: { filename: string; bytes: Buffer; mediaId: string }[];
  /** Subscriptions accepted so far. */
  subscriptions: number;
  /** Push a text message from `userid` on the live connection; its req_id. */
  say(userid: string, content: string, options?: { msgid?: string; chattype?: 'single' | 'group'; chatid?: string }): string;
  /** Push an event (`enter_chat`, `template_card_event` …) from `userid`; its req_id. */
  event(userid: string, event: Record<string, unknown>): string;
  /** What the bot said, in order: finished streams (the last content of each stream id) and markdown. */
  said(): Said[];
  /** Close the live connection as a network failure would (no close frame). */
  drop(): void;
  /** Keep the live connection open but answer and push nothing any more (a half-alive connection). */
  silence(): void;
  /** Answer the next frame of `cmd` with this error instead of accepting it. */
  refuseNext(cmd: string, errcode: number, errmsg: string): void;
  /** Refusals set by refuseNext and not yet used. */
  readonly refusing: number;
  /** When the next frame of `cmd` arrives, drop the connection instead (the frame is lost, unanswered). */
  dropOnNext(cmd: string): void;
  /** Resolves when `predicate` holds (checked after every frame); rejects after `ms`. */
  waitFor(predicate: () => boolean, ms?: number): Promise<void>;
}

/** Error codes of the fake (WeCom's own list for the long connection was not found; spec §8). */
export const FAKE_ERRORS = { badSecret: 40001, notSubscribed: 40002, unknownReqId: 40003, unknownCmd: 40004, badUpload: 40005 } as const;

/** Start the fake on a random port; closed when the test ends. `now` (ms) stamps its pushes and uploads. */
export async function startFakeAibot(t: ExecutionContext, options: { botId?: string; secret?: string; now?: () => number } = {}): Promise<FakeAibot> {
  const now = options.now ?? Date.now;
  const botId = options.botId ?? 'aibot-test-id';
  const secret = options.secret ?? 'aibot-test-secret';
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  t.teardown(() => new Promise<void>((resolve) => {
    for (const client of server.clients) client.terminate();
    server.close(() => resolve());
  }));

  const frames: ReceivedFrame[] = [];
  const refusals: { cmd: string; errcode: number; errmsg: string }[] = [];
  const drops: string[] = [];
  const pending = new Map<string, { filename: string; size: number; md5: string; chunks: Buffer[] }>();
  const uploads: FakeAibot['uploads'] = [];
  const watchers = new Set<() => void>();
  let live: { socket: WebSocket; id: number; pushed: Set<string>; silent: boolean } | undefined;
  let connections = 0;
  let subscriptions = 0;
  const notify = () => watchers.forEach((w) => w());

  server.on('connection', (socket) => {
    const id = ++connections;
    const pushed = new Set<string>();
    let subscribed = false;
    const answer = (reqId: string, errcode = 0, errmsg = 'ok', body?: object) => {
      if (live?.socket === socket && live.silent) return;
      socket.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg, ...(body && { body }) }));
    };
    socket.on('message', (data) => {
      let frame: { cmd?: unknown; headers?: { req_id?: unknown }; body?: Record<string, unknown> };
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return socket.close(1003, 'not JSON');
      }
      const cmd = typeof frame.cmd === 'string' ? frame.cmd : '';
      const reqId = typeof frame.headers?.req_id === 'string' ? frame.headers.req_id : '';
      if (!reqId) return socket.close(1003, 'no req_id');
      if (live?.socket === socket && live.silent) return;
      if (cmd === 'ping') return subscribed ? answer(reqId) : answer(reqId, FAKE_ERRORS.notSubscribed, 'not subscribed');
      frames.push({ cmd, req_id: reqId, body: frame.body ?? {}, connection: id });
      if (cmd === 'aibot_subscribe') {
        if (frame.body?.bot_id !== botId || frame.body?.secret !== secret) {
          answer(reqId, FAKE_ERRORS.badSecret, 'invalid bot_id or secret');
          socket.close();
          return notify();
        }
        // One live connection per bot: the older one is told, then closed (101463).
        const older = live;
        if (older && older.socket !== socket) {
          older.socket.send(JSON.stringify({ cmd: 'aibot_event_callback', headers: { req_id: randomUUID() }, body: { msgid: randomUUID(), create_time: Math.floor(now() / 1000), aibotid: botId, msgtype: 'event', event: { eventtype: 'disconnected_event' } } }));
          older.socket.close();
        }
        subscribed = true;
        subscriptions++;
        live = { socket, id, pushed, silent: false };
        answer(reqId);
        return notify();
      }
      if (!subscribed) {
        answer(reqId, FAKE_ERRORS.notSubscribed, 'not subscribed');
        return notify();
      }
      if (drops.includes(cmd)) {
        drops.splice(drops.indexOf(cmd), 1);
        frames.pop();
        socket.terminate();
        return notify();
      }
      const refusal = refusals.findIndex((r) => r.cmd === cmd);
      if (refusal >= 0) {
        const [r] = refusals.splice(refusal, 1);
        frames.pop();
        answer(reqId, r.errcode, r.errmsg);
        return notify();
      }
      if (cmd === 'aibot_respond_msg' || cmd === 'aibot_respond_update_msg' || cmd === 'aibot_respond_welcome_msg') {
        if (!pushed.has(reqId)) {
          frames.pop();
          answer(reqId, FAKE_ERRORS.unknownReqId, 'req_id not found on this connection');
          return notify();
        }
      } else if (cmd === 'aibot_upload_media_init') {
        const { filename, total_size: size, total_chunks: chunks, md5 } = frame.body as { filename: string; total_size: number; total_chunks: number; md5: string };
        const uploadId = randomUUID();
        pending.set(uploadId, { filename, size, md5, chunks: new Array<Buffer>(chunks) });
        answer(reqId, 0, 'ok', { upload_id: uploadId });
        return notify();
      } else if (cmd === 'aibot_upload_media_chunk') {
        const { upload_id: uploadId, chunk_index: index, base64_data: data } = frame.body as { upload_id: string; chunk_index: number; base64_data: string };
        const upload = pending.get(uploadId);
        if (!upload || !(index >= 0 && index < upload.chunks.length)) answer(reqId, FAKE_ERRORS.badUpload, 'invalid upload_id or chunk_index');
        else (upload.chunks[index] = Buffer.from(data, 'base64'), answer(reqId));
        return notify();
      } else if (cmd === 'aibot_upload_media_finish') {
        const upload = pending.get((frame.body as { upload_id: string }).upload_id);
        const bytes = upload && upload.chunks.every(Boolean) ? Buffer.concat(upload.chunks) : undefined;
        if (!upload || !bytes || bytes.length !== upload.size || createHash('md5').update(bytes).digest('hex') !== upload.md5) {
          answer(reqId, FAKE_ERRORS.badUpload, 'chunks missing or md5 mismatch');
          return notify();
        }
        const mediaId = `media-${randomUUID()}`;
        uploads.push({ filename: upload.filename, bytes, mediaId });
        answer(reqId, 0, 'ok', { type: 'file', media_id: mediaId, created_at: Math.floor(now() / 1000) });
        return notify();
      } else if (cmd !== 'aibot_send_msg') {
        frames.pop();
        answer(reqId, FAKE_ERRORS.unknownCmd, `unknown cmd ${cmd}`);
        return notify();
      }
      answer(reqId);
      notify();
    });
    socket.on('close', () => {
      if (live?.socket === socket) live = undefined;
      notify();
    });
  });

  // Which member each pushed req_id came from, to say who a reply went to.
  const senders = new Map<string, string>();
  function push(cmd: string, userid: string, body: Record<string, unknown>): string {
    if (!live || live.silent) throw new Error('no live subscribed connection to push on');
    const reqId = randomUUID();
    live.pushed.add(reqId);
    // A reply in a group goes to the group.
    senders.set(reqId, body.chattype === 'group' && typeof body.chatid === 'string' ? body.chatid : userid);
    live.socket.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body: { msgid: randomUUID(), aibotid: botId, from: { userid }, create_time: Math.floor(now() / 1000), ...body } }));
    return reqId;
  }

  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    botId, secret, frames, uploads,
    get refusing() {
      return refusals.length;
    },
    get subscriptions() {
      return subscriptions;
    },
    say(userid, content, o = {}) {
      return push('aibot_msg_callback', userid, { ...(o.msgid && { msgid: o.msgid }), chattype: o.chattype ?? 'single', ...(o.chatid && { chatid: o.chatid }), msgtype: 'text', text: { content } });
    },
    event(userid, event) {
      return push('aibot_event_callback', userid, { chattype: 'single', msgtype: 'event', event });
    },
    said() {
      const out: Said[] = [];
      const streams = new Map<string, Said>();
      for (const f of frames) {
        if (f.cmd === 'aibot_respond_msg' && f.body.msgtype === 'stream') {
          const stream = f.body.stream as { id: string; finish: boolean; content: string };
          const known = streams.get(stream.id);
          if (known) known.content = stream.content;
          else {
            const said: Said = { to: senders.get(f.req_id) ?? '?', via: 'respond', content: stream.content };
            streams.set(stream.id, said);
            out.push(said);
          }
        } else if (f.cmd === 'aibot_send_msg' && f.body.msgtype === 'markdown') {
          out.push({ to: String(f.body.chatid), via: 'send', content: (f.body.markdown as { content: string }).content });
        }
      }
      return out;
    },
    dropOnNext(cmd) {
      drops.push(cmd);
    },
    drop() {
      live?.socket.terminate();
    },
    silence() {
      if (live) live.silent = true;
    },
    refuseNext(cmd, errcode, errmsg) {
      refusals.push({ cmd, errcode, errmsg });
    },
    waitFor(predicate, ms = 5000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error('the fake WeCom bot server did not see what was expected in time'));
        }, ms);
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          watchers.delete(check);
          resolve();
        };
        watchers.add(check);
      });
    },
  };
}
