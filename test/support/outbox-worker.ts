// A web process's engine and outbox dispatcher in a process of its own, for load tests over
// several processes: reads JSON lines {key, userId, text} on stdin, journals each as a WeCom
// message and drains its user (the turn claims its replies and the dispatcher sends them through a
// sender that answers at once, or, given an app {corpId, agentId, secret, apiBase} as the second
// argument, WeCom's sender to that (fake) API), then answers {key, status}. A third argument, an
// ISO time, is the process's clock, standing still (default: the real clock). {stats: true} answers, once all is
// sent, the deadlocks and lock wait timeouts its queries met (each run again by the retries, so invisible otherwise).
import { createInterface } from 'node:readline';
import { createDispatcher } from '../../src/bot/dispatcher.ts';
import { createEngine } from '../../src/bot/engine.ts';
import { outcomeOf } from '../../src/bot/journal.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { driverCode } from '../../src/db/query-errors.ts';
import type { Sender } from '../../src/bot/dispatcher.ts';
import { createWecomSender } from '../../src/channels/wecom-sender.ts';
import { createApiClient, type WecomApp } from '../../src/wecom/api-client.ts';
import { createTokenStore } from '../../src/channels/token-store.ts';

const db = await openDatabase(process.argv[2]);
const stats = { deadlocks: 0, lockWaitTimeouts: 0, sent: 0 };
const logQueryError = db.logger.logQueryError.bind(db.logger);
db.logger.logQueryError = (error, query, parameters, runner) => {
  const code = (error as { code?: unknown }).code ?? driverCode(error);
  if (code === 'ER_LOCK_DEADLOCK') stats.deadlocks++;
  if (code === 'ER_LOCK_WAIT_TIMEOUT') stats.lockWaitTimeouts++;
  return logQueryError(error, query, parameters, runner);
};
const write = (data: object) => process.stdout.write(`${JSON.stringify(data)}\n`);
const log = (error: Error) => process.stderr.write(`${error.message}\n`);
const app = process.argv[3] ? (JSON.parse(process.argv[3]) as WecomApp) : undefined;
const at = process.argv[4] ? new Date(process.argv[4]) : undefined;
const now = () => at ?? new Date();
// A call held by the fake waits until the test kills the process, however loaded the machine.
const wecom: Sender = app
  ? createWecomSender(createApiClient({ app, tokens: createTokenStore(db, app, { now, timeoutMs: 120_000 }), timeoutMs: 120_000 }))
  : { quota: { perMinute: 1000, perHour: 100_000 }, send: async () => (stats.sent++, { kind: 'sent' }) };
// The dispatcher's looks again at a busy recipient (another process was sending to them), kept so
// that {stats: true} answers once they have run: a reply they send is not yet sent before.
const looks = new Set<Promise<void>>();
const after = (ms: number, then: () => void) => {
  const look = new Promise<void>((resolve) => setTimeout(() => (then(), resolve()), ms));
  looks.add(look);
  void look.then(() => looks.delete(look));
};
const dispatcher = createDispatcher(db, { senders: { wecom }, now, log, after });
const engine = createEngine(db, { dispatcher, now, log });
write({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  const message = JSON.parse(line) as { key: string; userId: string; text: string } | { stats: true };
  if ('stats' in message) {
    do {
      await engine.idle();
      await Promise.all(looks);
      await dispatcher.idle();
    } while (looks.size);
    write({ stats });
    continue;
  }
  void (async () => {
    try {
      await engine.accept({ key: message.key, userId: message.userId, channel: 'wecom', content: { kind: 'text', text: message.text }, receivedAt: now() });
      await engine.drain(message.userId);
      const outcome = await db.transaction((m) => outcomeOf(m, message.key));
      write({ key: message.key, status: outcome?.status ?? 'missing' });
    } catch (error) {
      write({ key: message.key, status: 'error', error: (error as Error).message });
    }
  })();
}
await db.destroy();
