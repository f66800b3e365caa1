// The 智能机器人 channel over the long connection: the process that holds the bot's lease in the
// database opens the connection (one live connection per bot, 101463; a second process stands
// by and takes over when the holder stops renewing). A member's message is journaled under its
// msgid (the same journal and dedupe as the app's callback) and handled by the engine in the
// member's order; the replies go through the outbox as the `aibot` channel (aibot-sender.ts). An
// @-mention in a group is the member's turn too, its replies addressed to the group (`aibot-group`).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Engine } from '../bot/engine.ts';
import type { InboundContent } from '../bot/journal.ts';
import type { Sender } from '../bot/dispatcher.ts';
import { datetime, execute, inStatement } from '../bot/sql.ts';
import { isUniqueViolation } from '../db/query-errors.ts';
import { AIBOT_GROUP_CHANNEL, AIBOT_SINGLE_CHANNEL, rememberContact } from '../bot/aibot-groups.ts';
import { aibotKeyOf, readAibotInbound, withoutMentions } from '../wecom/aibot-frames.ts';
import { createAibotSocket, type AibotSocketOptions, type Pushed, type SocketState } from '../wecom/aibot-socket.ts';
import { cardHandle, createAibotSender } from './aibot-sender.ts';

/** The outbox channel of the bot's single chats; group chats are AIBOT_GROUP_CHANNEL (the same sender, the chatid as recipient). */
export const AIBOT_CHANNEL = AIBOT_SINGLE_CHANNEL;

/** What the channel is given. */
export interface AibotChannelOptions {
  db: DataSource;
  url: string;
  botId: string;
  secret: string;
  now?: () => Date;
  log?: (line: string) => void;
  /** How long a lease lasts unless renewed (default 90 s: three missed renewals). */
  leaseMs?: number;
  /** How often the lease is renewed or, by a process standing by, tried (default 30 s). */
  leaseBeatMs?: number;
  /** Run `beat` every `ms` until the returned function is called. */
  every?: (ms: number, beat: () => void) => () => void;
  /** The socket's timers and limits (tests). */
  socket?: Partial<Pick<AibotSocketOptions, 'every' | 'after' | 'heartbeatMs' | 'watchdogMs' | 'answerTimeoutMs' | 'backoffMs'>>;
  /** Told each time the connection's state or this process's holding of the lease changes (tests wait on it). */
  onStatus?: (status: AibotStatus) => void;
}

/** The channel's state for /healthz: the connection's, whether this process holds the bot, since when. */
export interface AibotStatus {
  state: SocketState;
  holder: boolean;
  since: string | null;
}

/** The running channel. */
export interface AibotChannel {
  sender: Sender;
  /** Start standing by for the lease; messages go to `engine`; `online` runs each time the connection is up (send what waited). */
  start(engine: Pick<Engine, 'accept' | 'drain'>, online?: () => void): void;
  stop(): Promise<void>;
  /** For /healthz. */
  status(): AibotStatus;
}

// A reply may use the message's req_id for this long: the stream is refreshed until 6 minutes after the message (101031).
const REPLY_WINDOW_MS = 5 * 60_000;
const LEASE_MS = 90_000;
const LEASE_BEAT_MS = 30_000;

/** Create the channel (nothing connects until start). */
export function createAibotChannel(options: AibotChannelOptions): AibotChannel {
  const { db, url, botId, secret, now = () => new Date(), log = (line) => console.error(line), leaseMs = LEASE_MS, leaseBeatMs = LEASE_BEAT_MS, onStatus = () => {} } = options;
  const every = options.every ?? ((ms, beat) => { const timer = setInterval(beat, ms); timer.unref(); return () => clearInterval(timer); });
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let engine: Pick<Engine, 'accept' | 'drain'> | undefined;
  let online: () => void = () => {};
  let holding = false;
  let stopBeat: (() => void) | undefined;
  // The latest message of each member, for replying on its req_id.
  const latest = new Map<string, { reqId: string; generation: number; at: number }>();
  const contacts = new Set<string>();

  const socket = createAibotSocket({
    url, botId, secret, now, log, ...options.socket,
    onPush: (pushed) => void received(pushed),
    onState: (state) => {
      onStatus(status());
      if (state === 'online') online();
    },
  });
  function status(): AibotStatus {
    return { state: socket.status().state, holder: holding, since: socket.status().since };
  }

  function replyTarget(chatId: string): string | undefined {
    const target = latest.get(chatId);
    if (!target || target.generation !== socket.status().generation) return undefined;
    return now().getTime() - target.at < REPLY_WINDOW_MS ? target.reqId : undefined;
  }

  async function received(pushed: Pushed): Promise<void> {
    const { body } = pushed;
    const userId = body.from?.userid;
    if (!userId || !engine) return;
    const inbound = readAibotInbound(body);
    const group = body.chattype === 'group' ? body.chatid : undefined;
    if (body.chattype === 'group' && (!group || inbound.kind !== 'text')) return;
    const content: InboundContent | undefined = group && inbound.kind === 'text' ? { kind: 'group', chatId: group, text: withoutMentions(inbound.text) } : contentOf(inbound, pushed.reqId);
    if (!content) return;
    // Replies go on the message's req_id while they may: kept by the chat they go to (a group's chatid, or the member's userid).
    if (pushed.kind === 'message') latest.set(group ?? userId, { reqId: pushed.reqId, generation: pushed.generation, at: now().getTime() });
    if (!group) await remember(userId);
    let accepted: boolean;
    try {
      accepted = await engine.accept({ key: aibotKeyOf(body), userId, channel: group ? AIBOT_GROUP_CHANNEL : AIBOT_CHANNEL, content, receivedAt: now() });
    } catch (error) {
      // The long connection has no redelivery to fall back on: the operator must know.
      log(`aibot: message ${aibotKeyOf(body)} of ${userId} could not be journaled and is lost (${(error as Error).message}); the member has to send it again`);
      return;
    }
    if (accepted) void engine.drain(userId);
  }

  /** A member who wrote to the bot in a single chat (or opened it) can be sent reminders by it: remembered once. */
  async function remember(userId: string): Promise<void> {
    if (contacts.has(userId)) return;
    try {
      await inStatement(db, (m) => rememberContact(m, userId, now()));
      contacts.add(userId);
    } catch (error) {
      // Tried again at their next message; meanwhile reminders go through the app.
      log(`aibot: could not remember that ${userId} has talked to the bot (${(error as Error).message})`);
    }
  }

  async function renew(): Promise<void> {
    let held: boolean;
    try {
      held = await inStatement(db, (m) => holdLease(m, botId, holder, now(), leaseMs));
    } catch (error) {
      // Without the database the lease cannot be proved: keep what we have until it would lapse.
      log(`aibot: the lease could not be renewed (${(error as Error).message})`);
      return;
    }
    if (held && !holding) log(`aibot: this process (${holder}) holds the bot's connection`);
    if (!held && holding) log(`aibot: the lease passed to another process; closing this connection`);
    const changed = held !== holding;
    holding = held;
    if (changed) onStatus(status());
    const state = socket.status().state;
    // A kicked socket stays down (someone else uses this bot): the operator decides.
    if (held && state === 'stopped') socket.start();
    if (!held && state !== 'stopped') await socket.stop();
  }

  return {
    sender: createAibotSender(socket, replyTarget),
    start(turns, whenOnline) {
      engine = turns;
      if (whenOnline) online = whenOnline;
      stopBeat = every(leaseBeatMs, () => void renew());
      void renew();
    },
    async stop() {
      stopBeat?.();
      await socket.stop();
      if (holding && db.isInitialized) await inStatement(db, (m) => releaseLease(m, botId, holder)).catch(() => undefined);
      if (holding) {
        holding = false;
        onStatus(status());
      }
    },
    status,
  };
}

/** What a bot message means to the engine; undefined for what it does not act on. */
function contentOf(inbound: ReturnType<typeof readAibotInbound>, reqId: string): InboundContent | undefined {
  switch (inbound.kind) {
    case 'text':
      return { kind: 'text', text: inbound.text };
    case 'entered':
      return { kind: 'opened' };
    case 'button':
      // The card is updated on the click's req_id (within 5 s, 101031): kept where the app keeps its response_code.
      return { kind: 'button', key: inbound.key, taskId: inbound.taskId, responseCode: cardHandle(reqId, inbound.taskId) };
    case 'file':
    case 'unsupported':
      // Files sent to the bot are encrypted with a per-file aeskey; reading them is not built yet.
      return { kind: 'unsupported' };
    case 'kicked':
    case 'ignored':
      return undefined;
  }
}

/** Take or renew the bot's lease for `holder`; false when another process holds it and it has not lapsed. */
export async function holdLease(m: EntityManager, botId: string, holder: string, at: Date, leaseMs: number): Promise<boolean> {
  const until = datetime(m, new Date(at.getTime() + leaseMs));
  const changed = await execute(m, 'UPDATE {aibot_leases} SET {holder} = ?, {until} = ?, {updatedAt} = ? WHERE {botId} = ? AND ({holder} = ? OR {until} < ?)',
    [holder, until, datetime(m, at), botId, holder, datetime(m, at)]);
  if (changed === 1) return true;
  try {
    await execute(m, 'INSERT INTO {aibot_leases} ({botId}, {holder}, {until}, {updatedAt}) VALUES (?, ?, ?, ?)', [botId, holder, until, datetime(m, at)]);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Give the lease up at once (a clean stop): the process standing by takes over at its next try. */
export async function releaseLease(m: EntityManager, botId: string, holder: string): Promise<void> {
  await execute(m, 'UPDATE {aibot_leases} SET {until} = ? WHERE {botId} = ? AND {holder} = ?', [datetime(m, new Date(0)), botId, holder]);
}
