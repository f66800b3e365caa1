// Sends the outbox: a recipient's due messages are claimed under a lease and sent in order by
// the channel's sender, each outcome recorded. Kicked right after a turn commits (the reply goes
// out at once) and swept periodically (retries, and messages of a process that died).
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, describeError } from '../app-error.ts';
import { createCoalescer } from './coalesce.ts';
import { claimDue, markFailed, markSent, recipientsDue, release, type OutboxRow, type Quota } from './outbox.ts';
import { hasRowLocks, inStatement, inTransaction, retrying } from './sql.ts';

/** What became of one attempt to send. */
export type SendResult =
  | { kind: 'sent' }
  /** Try again later; `uncertain` when it may have been delivered (a timeout). */
  | { kind: 'retry'; afterMs: number; error: string; uncertain?: boolean }
  /** The channel is misconfigured: stop sending on it for a while and tell the operator. */
  | { kind: 'halt'; afterMs: number; error: string }
  /** This message can never be sent (a recipient outside the app's range, content refused). */
  | { kind: 'failed'; error: string };

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

/** The outbox dispatcher of one process. */
export interface Dispatcher {
  /** Send what is due for one recipient now (after a turn committed its replies). */
  kick(channel: string, recipient: string): Promise<void>;
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
  /** How long a claim lasts; longer than a send's timeout times the batch. */
  leaseMs?: number;
  batch?: number;
  maxAttempts?: number;
}

/** Create the dispatcher over the outbox of `db`. */
export function createDispatcher(db: DataSource, options: DispatcherOptions): Dispatcher {
  const { senders, now = () => new Date(), log = (e) => console.error(describeError(e)), leaseMs = 60_000, batch = 10, maxAttempts = 12 } = options;
  const rowLocks = hasRowLocks(db);
  const halted = new Map<string, { until: number; reason: string }>();
  const sending = createCoalescer();
  let lastSweep: Date | null = null;

  // A claim locks a recipient's rows through the (channel, recipient, state) index, an update of
  // one row locks it by id first: a claim and another process's markSent can deadlock; the loser
  // runs again (https://dev.mysql.com/doc/refman/8.0/en/innodb-deadlocks-handling.html).
  const transact = <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => retrying(() => inTransaction(db, work));

  function isHalted(channel: string): boolean {
    const halt = halted.get(channel);
    if (!halt) return false;
    if (halt.until > now().getTime()) return true;
    halted.delete(channel);
    return false;
  }

  async function sendBatch(channel: string, recipient: string): Promise<boolean> {
    const sender = senders[channel];
    if (!sender || isHalted(channel)) return false;
    const claim = await transact((m) => claimDue(m, channel, recipient, sender.quota, now(), leaseMs, batch, rowLocks));
    if (claim.kind === 'limited') {
      log(new AppError('OUTBOX_RATE_LIMITED', `${channel}:${recipient} reached its channel's per-member limit; sending resumes at ${claim.until.toISOString()}`));
      return false;
    }
    if (claim.kind !== 'claimed') return false;
    for (const [i, row] of claim.rows.entries()) {
      const result = await sender.send(row).catch((cause: unknown): SendResult => {
        log(new AppError('OUTBOX_SEND_FAILED', `sending outbox message ${row.id} threw`, { cause }));
        return { kind: 'retry', afterMs: 5000, error: 'sender threw', uncertain: true };
      });
      const at = now();
      if (result.kind === 'sent') {
        await transact((m) => markSent(m, row.id, claim.token, at));
        continue;
      }
      if (result.kind === 'failed' || (result.kind === 'retry' && row.attempt >= maxAttempts)) {
        log(new AppError('OUTBOX_GAVE_UP', `outbox message ${row.id} to ${channel}:${recipient} given up after ${row.attempt} attempt(s): ${result.error}`));
        await transact((m) => markFailed(m, row.id, claim.token, result.error));
        continue;
      }
      if (result.kind === 'halt') {
        halted.set(channel, { until: at.getTime() + result.afterMs, reason: result.error });
        log(new AppError('CHANNEL_HALTED', `${channel} stopped sending for ${Math.round(result.afterMs / 1000)} s: ${result.error}`));
      }
      // Retry or halt: this message waits, and the rest of the batch waits behind it (order).
      const dueAt = new Date(at.getTime() + result.afterMs);
      const uncertain = result.kind === 'retry' && result.uncertain === true;
      await transact(async (m) => {
        await release(m, row.id, claim.token, dueAt, result.error, uncertain);
        for (const rest of claim.rows.slice(i + 1)) await release(m, rest.id, claim.token, dueAt, null, false, false);
      });
      return false;
    }
    return claim.more;
  }

  function kick(channel: string, recipient: string): Promise<void> {
    return sending.run(`${channel}\u0000${recipient}`, async () => {
      try {
        while (await sendBatch(channel, recipient));
      } catch (cause) {
        log(new AppError('OUTBOX_SEND_FAILED', `dispatching to ${channel}:${recipient} failed; the sweep retries`, { cause }));
      }
    });
  }

  return {
    kick,
    async sweep() {
      lastSweep = now();
      const due = await inStatement(db, (m) => recipientsDue(m, lastSweep!, 500));
      const pool = due.filter((d) => senders[d.channel] && !isHalted(d.channel));
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
