// Sends the outbox: a recipient's due messages are claimed under a lease and sent in order by
// the channel's sender, each outcome recorded. A turn claims its own replies in its transaction
// and hands them over once it commits (they go out at once, with no claim of their own); the
// rest is kicked by whoever wrote it and swept periodically (retries, and messages of a process
// that died).
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, describeError } from '../app-error.ts';
import { createCoalescer } from './coalesce.ts';
import { claimDue, keepMedia, markFailed, markSent, recipientsDue, release, renewLeases, type Claim, type OutboxRow, type Quota } from './outbox.ts';
import { hasRowLocks, inStatement, inTransaction, retrying } from './sql.ts';

/** What became of one attempt to send. */
export type SendResult =
  | { kind: 'sent' }
  /** Try again later; `uncertain` when it may have been delivered (a timeout). */
  | { kind: 'retry'; afterMs: number; error: string; uncertain?: boolean }
  /** The channel is misconfigured: stop sending on it for a while and tell the operator. */
  | { kind: 'halt'; afterMs: number; error: string }
  /** This message can never be sent (a recipient outside the app's range, content refused). */
  | { kind: 'failed'; error: string }
  /** The channel cannot send from this process now (its connection is down, or held by another process): look again later; not an attempt. */
  | { kind: 'unavailable'; afterMs: number; error: string };

/** A channel's way of sending one outbox message, and its limits per recipient. */
export interface Sender {
  quota: Quota;
  send(row: OutboxRow): Promise<SendResult>;
}

/** The dispatcher's state, for /healthz. */
export interface DispatcherStatus {
  halted: { channel: string; until: string; reason: string }[];
  lastSweep: string | null;
}

/** Messages claimed under a lease, to be sent by this process. */
export type Claimed = Extract<Claim, { kind: 'claimed' }>;

/** The outbox dispatcher of one process. */
export interface Dispatcher {
  /** Send what is due for one recipient now (after something committed messages to them). */
  kick(channel: string, recipient: string): Promise<void>;
  /**
   * In the transaction that wrote a recipient's messages: claim what is due for them, so that
   * sending needs no transaction of its own. Undefined when nothing was claimed (the channel is
   * halted or has no sender here, another send holds the lease, the limit is reached): kick then.
   */
  claim(m: EntityManager, channel: string, recipient: string): Promise<Claimed | undefined>;
  /** Once that transaction committed: send what it claimed (if anything), in order with the rest. */
  deliver(channel: string, recipient: string, claimed?: Claimed): Promise<void>;
  /** Send what is due for everyone; the number of recipients looked at. */
  sweep(): Promise<number>;
  status(): DispatcherStatus;
  /** Resolves when no send is running in this process (tests, shutdown). */
  idle(): Promise<void>;
}

/** Options of the dispatcher; times and the operator log are injected. */
export interface DispatcherOptions {
  senders: Record<string, Sender>;
  now?: () => Date;
  log?: (error: AppError) => void;
  /** How long a claim lasts unless renewed: how soon the messages of a process that died are taken over. */
  leaseMs?: number;
  /** How often the leases of the claims this process holds are renewed (a third of the lease). */
  heartbeatMs?: number;
  /** Run `beat` every `ms` until the returned function is called (setInterval; tests beat by hand). */
  every?: (ms: number, beat: () => Promise<void>) => () => void;
  /** Run `then` once after `ms` (setTimeout; tests run it by hand): looking again at a busy or paced recipient. */
  after?: (ms: number, then: () => void) => void;
  batch?: number;
  maxAttempts?: number;
}

// How soon to look again at a recipient another process is sending to: about one send, then
// doubling up to the sweep's 5 s (a process that died holds its leases until they lapse).
const BUSY_RETRY_MS = 200;
const BUSY_RETRY_MAX_MS = 5000;

// Short leases, renewed while the process lives: a slow WeCom (a send may take the client's 10 s
// timeout, a file an upload besides) never outlives one, and a dead process's messages are taken
// over within a lease and a sweep (4 s and 5 s).
const LEASE_MS = 4000;

function afterTimeout(ms: number, then: () => void): void {
  setTimeout(then, ms).unref();
}

function everyInterval(ms: number, beat: () => Promise<void>): () => void {
  const timer = setInterval(() => void beat(), ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** Create the dispatcher over the outbox of `db`. */
export function createDispatcher(db: DataSource, options: DispatcherOptions): Dispatcher {
  const { senders, now = () => new Date(), log = (e) => console.error(describeError(e)), leaseMs = LEASE_MS, heartbeatMs = Math.floor(leaseMs / 3), every = everyInterval, after = afterTimeout, batch = 10, maxAttempts = 12 } = options;
  const rowLocks = hasRowLocks(db);
  const halted = new Map<string, { until: number; reason: string }>();
  const sending = createCoalescer();
  let lastSweep: Date | null = null;

  // A claim locks a recipient's rows through the (channel, recipient, state) index, an update of
  // one row locks it by id first: a claim and another process's markSent can deadlock; the loser
  // runs again (https://dev.mysql.com/doc/refman/8.0/en/innodb-deadlocks-handling.html).
  const transact = <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => retrying(() => inTransaction(db, work));
  const write = <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => retrying(() => inStatement(db, work));

  function isHalted(channel: string): boolean {
    const halt = halted.get(channel);
    if (!halt) return false;
    if (halt.until > now().getTime()) return true;
    halted.delete(channel);
    return false;
  }

  // The claims this process holds (handed over and waiting, or being sent): the ids of their rows
  // not yet sent or put back, and until when their lease is known to run.
  const held = new Map<string, { ids: Set<number>; until: number }>();
  let stopBeating: (() => void) | undefined;

  function hold(claim: Claimed): void {
    held.set(claim.token, { ids: new Set(claim.rows.map((r) => r.id)), until: claim.until.getTime() });
    stopBeating ??= every(heartbeatMs, () => renew().catch((cause: unknown) => log(new AppError('OUTBOX_SEND_FAILED', 'renewing the outbox leases failed; they lapse unless the next beat renews them', { cause }))));
  }

  function letGo(token: string): void {
    held.delete(token);
    if (held.size || !stopBeating) return;
    stopBeating();
    stopBeating = undefined;
  }

  /** Renew the leases of `tokens` (every claim held); a claim whose rows were taken over meanwhile is let go. */
  async function renew(tokens = [...held.keys()]): Promise<void> {
    if (!db.isInitialized) return;
    const claims = tokens.flatMap((token) => {
      const claim = held.get(token);
      return claim ? [{ token, claim }] : [];
    });
    const until = now().getTime() + leaseMs;
    const ids = claims.flatMap(({ claim }) => [...claim.ids]);
    const kept = await write((m) => renewLeases(m, ids, tokens, new Date(until)));
    if (kept === ids.length) return claims.forEach(({ claim }) => (claim.until = until));
    // Some rows were taken over (this process stalled past a lease): find whose, claim by claim.
    for (const { token, claim } of claims) {
      const rows = [...claim.ids];
      if ((await write((m) => renewLeases(m, rows, [token], new Date(until)))) === rows.length) {
        claim.until = until;
      } else {
        log(new AppError('OUTBOX_SEND_FAILED', `the lease on outbox message(s) ${rows.join(', ')} lapsed and another sender took them; this one sends none of them`));
        letGo(token);
      }
    }
  }

  /** Whether this process still holds `row` and may send it now: its lease renewed first when half of it is gone. */
  async function stillHeld(token: string, row: OutboxRow): Promise<boolean> {
    const claim = held.get(token);
    if (!claim?.ids.has(row.id)) return false;
    if (claim.until - now().getTime() < leaseMs / 2) await renew([token]);
    return held.get(token)?.ids.has(row.id) === true;
  }

  /** Tell the operator what a claim found besides what it claimed: the rate limit reached, messages given up as expired or invalid. */
  function noted(channel: string, recipient: string, claim: Claim): void {
    if (claim.kind === 'limited') log(new AppError('OUTBOX_RATE_LIMITED', `${channel}:${recipient} reached its channel's per-member limit; sending resumes at ${claim.until.toISOString()}`));
    if (claim.expired) log(new AppError('OUTBOX_EXPIRED', `outbox message(s) ${claim.expired.join(', ')} to ${channel}:${recipient} expired before they could be sent`));
    for (const { id, reason } of claim.invalid ?? []) log(new AppError('OUTBOX_PAYLOAD_INVALID', `outbox message ${id} to ${channel}:${recipient} was given up: ${reason}`));
  }

  /** Claim and send one batch; true when more may be due. */
  async function sendBatch(channel: string, recipient: string): Promise<boolean> {
    const sender = senders[channel];
    if (!sender || isHalted(channel)) return false;
    const claim = await transact((m) => claimDue(m, channel, recipient, sender.quota, now(), leaseMs, batch, rowLocks));
    noted(channel, recipient, claim);
    // Another process is sending to them (their previous message was handled there): look again
    // shortly, rather than leave what it did not claim to the sweep.
    if (claim.kind === 'busy') lookAgain(channel, recipient);
    else busyTries.delete(`${channel}\u0000${recipient}`);
    if (claim.kind === 'paced') lookAt(channel, recipient, claim.until.getTime() - now().getTime());
    if (claim.kind !== 'claimed') return false;
    hold(claim);
    return (await sendClaimed(channel, recipient, claim)) && claim.more;
  }

  /** Send claimed rows in order, recording each outcome; false when one has to wait (the rest wait behind it) or the lease was lost. */
  async function sendClaimed(channel: string, recipient: string, claim: Claimed): Promise<boolean> {
    try {
      return await sendHeld(channel, recipient, claim);
    } finally {
      letGo(claim.token);
    }
  }

  async function sendHeld(channel: string, recipient: string, claim: Claimed): Promise<boolean> {
    const sender = senders[channel];
    for (const [i, row] of claim.rows.entries()) {
      // Never a row whose lease is gone: another sender has it now.
      if (!isHalted(channel) && !(await stillHeld(claim.token, row))) return false;
      const result = isHalted(channel) ? { kind: 'halted' as const }
        : await sender.send({ ...row, remember: (media) => write((m) => keepMedia(m, row.id, claim.token, media)) }).catch((cause: unknown): SendResult => {
          log(new AppError('OUTBOX_SEND_FAILED', `sending outbox message ${row.id} threw`, { cause }));
          return { kind: 'retry', afterMs: 5000, error: 'sender threw', uncertain: true };
        });
      const at = now();
      // Done with, as far as the heartbeat goes, before its state changes.
      held.get(claim.token)?.ids.delete(row.id);
      // One statement each, autocommitted where there are row locks: a message marked sent stays so.
      if (result.kind === 'sent') {
        await write((m) => markSent(m, row.id, claim.token, at));
        continue;
      }
      if (result.kind === 'failed' || (result.kind === 'retry' && row.attempt >= maxAttempts)) {
        log(new AppError('OUTBOX_GAVE_UP', `outbox message ${row.id} to ${channel}:${recipient} given up after ${row.attempt} attempt(s): ${result.error}`));
        await write((m) => markFailed(m, row.id, claim.token, result.error));
        continue;
      }
      if (result.kind === 'halt') {
        halted.set(channel, { until: at.getTime() + result.afterMs, reason: result.error });
        log(new AppError('CHANNEL_HALTED', `${channel} stopped sending for ${Math.round(result.afterMs / 1000)} s: ${result.error}`));
      }
      // Retry or halt: this message waits, and the rest of the batch waits behind it (order).
      // Halted before this one was tried: it waits until the halt ends, its attempt not counted.
      const dueAt = result.kind === 'halted' ? new Date(halted.get(channel)!.until) : new Date(at.getTime() + result.afterMs);
      const tried = result.kind !== 'halted' && result.kind !== 'unavailable';
      letGo(claim.token);
      await transact(async (m) => {
        await release(m, row.id, claim.token, dueAt, tried ? result.error : null, result.kind === 'retry' && result.uncertain === true, tried);
        for (const rest of claim.rows.slice(i + 1)) await release(m, rest.id, claim.token, dueAt, null, false, false);
      });
      return false;
    }
    return true;
  }

  // Claims handed over by committed turns, and whether a claim of the dispatcher's own is wanted, per recipient.
  const handed = new Map<string, Claimed[]>();
  const wanted = new Set<string>();

  function run(channel: string, recipient: string): Promise<void> {
    const key = `${channel}\u0000${recipient}`;
    return sending.run(key, async () => {
      const claims = handed.get(key) ?? [];
      handed.delete(key);
      try {
        let more = wanted.delete(key);
        for (const claim of claims) {
          // One had to wait: any claimed after it waits for its lease to lapse, then goes out after it.
          if (!(await sendClaimed(channel, recipient, claim))) return;
          more ||= claim.more;
        }
        if (more) while (await sendBatch(channel, recipient));
      } catch (cause) {
        log(new AppError('OUTBOX_SEND_FAILED', `dispatching to ${channel}:${recipient} failed; the sweep retries`, { cause }));
      } finally {
        // Those left unsent are no longer renewed: their leases lapse and the sweep takes them.
        for (const claim of claims) letGo(claim.token);
      }
    });
  }

  // Recipients with a look-again scheduled, and how many claims in a row found them busy.
  const looking = new Set<string>();
  const busyTries = new Map<string, number>();
  function lookAgain(channel: string, recipient: string): void {
    const key = `${channel}\u0000${recipient}`;
    const tries = (busyTries.get(key) ?? 0) + 1;
    busyTries.set(key, tries);
    lookAt(channel, recipient, Math.min(BUSY_RETRY_MS * 2 ** (tries - 1), BUSY_RETRY_MAX_MS));
  }

  /** Kick the recipient after `ms`, unless a look is already scheduled. */
  function lookAt(channel: string, recipient: string, ms: number): void {
    const key = `${channel}\u0000${recipient}`;
    if (looking.has(key)) return;
    looking.add(key);
    after(Math.max(ms, 0), () => {
      looking.delete(key);
      // After a shutdown there is nothing to look at: the sweep of the next start sends it.
      if (db.isInitialized) void kick(channel, recipient);
    });
  }

  function kick(channel: string, recipient: string): Promise<void> {
    wanted.add(`${channel}\u0000${recipient}`);
    return run(channel, recipient);
  }

  return {
    kick,
    async claim(m, channel, recipient) {
      const sender = senders[channel];
      if (!sender || isHalted(channel)) return undefined;
      const claim = await claimDue(m, channel, recipient, sender.quota, now(), leaseMs, batch, rowLocks);
      noted(channel, recipient, claim);
      return claim.kind === 'claimed' ? claim : undefined;
    },
    deliver(channel, recipient, claimed) {
      if (!claimed) return kick(channel, recipient);
      const key = `${channel}\u0000${recipient}`;
      hold(claimed);
      handed.set(key, [...(handed.get(key) ?? []), claimed]);
      return run(channel, recipient);
    },
    async sweep() {
      lastSweep = now();
      // Only the channels this process sends on: another's rows would crowd its own out of the 500.
      const channels = Object.keys(senders).filter((channel) => !isHalted(channel));
      const pool = await inStatement(db, (m) => recipientsDue(m, lastSweep!, 500, channels));
      // A few recipients at a time: each is sent in order, different recipients in parallel.
      for (let i = 0; i < pool.length; i += 8) await Promise.all(pool.slice(i, i + 8).map((d) => kick(d.channel, d.recipient)));
      return pool.length;
    },
    idle: () => sending.idle(),
    status: () => ({
      halted: [...halted].filter(([, h]) => h.until > now().getTime()).map(([channel, h]) => ({ channel, until: new Date(h.until).toISOString(), reason: h.reason })),
      lastSweep: lastSweep?.toISOString() ?? null,
    }),
  };
}
