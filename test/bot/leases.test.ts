// Leases that reflect liveness: a sender renews its short leases while it lives, so a slow WeCom
// never hands its messages to a second sender, a sender never sends what it no longer holds, and
// the messages of a process killed mid-send are taken over within seconds. Counted at the fake
// WeCom with its duplicate check off, so that a second send shows.
import type { ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { createDispatcher, type Dispatcher, type Sender } from '../../src/bot/dispatcher.ts';
import { createEngine } from '../../src/bot/engine.ts';
import { enqueue, type Outgoing } from '../../src/bot/outbox.ts';
import { createWecomSender } from '../../src/channels/wecom-sender.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { scheduleOutboxTick } from '../../src/jobs/outbox-tick.ts';
import { createApiClient, type WecomApp } from '../../src/wecom/api-client.ts';
import { createTokenStore } from '../../src/channels/token-store.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { startFakeWecom, type FakeWecom } from '../support/fake-wecom.ts';
import { startOutboxWorker } from '../support/outbox-process.ts';
import { manualSchedule } from '../support/manual-schedule.ts';
import { clockAt, type Clock } from '../support/wecom-service.ts';

const text = (n: number): Outgoing => ({ idempotencyKey: `reply:${n}`, channel: 'wecom', recipient: 'o1', kind: 'text', payload: { text: `第${n}条` } });
const contents = (fake: FakeWecom) => fake.messages.map((m) => (m.text as { content: string }).content);

/** One database and a second pool on it, as a second process has (SQLite: the same one). */
async function openTwice(t: ExecutionContext, database: TestDatabase): Promise<[DataSource, DataSource]> {
  const url = await database.url(t);
  const db = await openDatabase(url);
  t.teardown(() => db.destroy());
  if (database.name === 'sqlite') return [db, db];
  const other = await openDatabase(url);
  t.teardown(() => other.destroy());
  return [db, other];
}

/** Two processes' dispatchers sending to the fake WeCom; each one's heartbeat is beaten by hand. */
async function twoSenders(t: ExecutionContext, database: TestDatabase, slow: (a: Harness, row: Parameters<Sender['send']>[0]) => Promise<void>) {
  const [db, other] = await openTwice(t, database);
  const clock = clockAt(new Date('2026-01-05T02:00:00Z'));
  const fake = await startFakeWecom(t, { now: () => clock.now().getTime(), duplicateCheck: false });
  const app: WecomApp = { corpId: fake.corpId, agentId: fake.agentId, secret: fake.secret, apiBase: fake.url };
  const sender = (on: DataSource) => createWecomSender(createApiClient({ app, tokens: createTokenStore(on, app, { now: clock.now, timeoutMs: 2000 }), timeoutMs: 2000 }));
  const harness = {} as Harness;
  const calls = { a: [] as number[], b: [] as number[] };
  const beating = (beats: Set<() => Promise<void>>) => (_ms: number, beat: () => Promise<void>) => (beats.add(beat), () => void beats.delete(beat));
  const beatsA = new Set<() => Promise<void>>();
  const wecomA = sender(db);
  const a = createDispatcher(db, {
    now: clock.now, log: () => {}, every: beating(beatsA),
    senders: { wecom: { quota: wecomA.quota, send: async (row) => (calls.a.push(row.id), await slow(harness, row), wecomA.send(row)) } },
  });
  const wecomB = sender(other);
  const b = createDispatcher(other, {
    now: clock.now, log: () => {}, every: beating(new Set()),
    senders: { wecom: { quota: wecomB.quota, send: async (row) => (calls.b.push(row.id), wecomB.send(row)) } },
  });
  Object.assign(harness, { db, clock, fake, a, b, calls, beat: () => Promise.all([...beatsA].map((beat) => beat())) });
  await db.transaction((m) => enqueue(m, Array.from({ length: 10 }, (_, i) => text(i + 1)), clock.now()));
  return harness;
}

interface Harness {
  db: DataSource;
  clock: Clock;
  fake: FakeWecom;
  a: Dispatcher;
  b: Dispatcher;
  calls: { a: number[]; b: number[] };
  /** Process A's heartbeat, once. */
  beat(): Promise<unknown>;
}

forEachDatabase('a WeCom answering after 9 s never causes a second send: the sender’s heartbeat keeps its lease while another process sweeps', async (t, database) => {
  const h = await twoSenders(t, database, async (h) => {
    // Nine seconds pass during each send, the heartbeat beating every 3 s; then the other process sweeps.
    for (let s = 0; s < 3; s++) {
      h.clock.advance(3000);
      await h.beat();
    }
    await h.b.sweep();
  });
  await h.a.kick('wecom', 'o1');
  await Promise.all([h.a.idle(), h.b.idle()]);
  t.deepEqual(contents(h.fake), Array.from({ length: 10 }, (_, i) => `第${i + 1}条`), 'each once, in order');
  t.deepEqual(h.calls.b, []);
  t.deepEqual((await h.db.manager.find(OutboxMessage)).map((r) => r.state), Array(10).fill('sent'));
});

forEachDatabase('a sender whose lease lapsed while it stalled sends none of the messages another process took over', async (t, database) => {
  const h = await twoSenders(t, database, async (h) => {
    // Stalled for a minute with no heartbeat (a paused process): the other takes over and sends.
    if (h.calls.a.length > 1) return;
    h.clock.advance(61_000);
    await h.b.sweep();
    await h.b.idle();
  });
  await h.a.kick('wecom', 'o1');
  await Promise.all([h.a.idle(), h.b.idle()]);
  t.deepEqual(h.calls.a, [1], 'the stalled sender went on with the message in its hands only');
  t.deepEqual(h.calls.b, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  t.deepEqual(contents(h.fake), ['第1条', '第2条', '第3条', '第4条', '第5条', '第6条', '第7条', '第8条', '第9条', '第10条', '第1条']);
});

// A real web process, killed mid-send, and the scheduler's tick fired by hand: nothing is timed.
// Both clocks are the test's; the scheduler's is moved past the killed process's 4 s leases.
forEachDatabase('the replies of a web process killed mid-send reach their members, sent by the scheduler once the lease lapses', async (t, database) => {
  const url = await database.url(t);
  const clock = clockAt(new Date('2026-01-05T02:00:00Z'));
  const fake = await startFakeWecom(t, { now: () => clock.now().getTime() });
  const app: WecomApp = { corpId: fake.corpId, agentId: fake.agentId, secret: fake.secret, apiBase: fake.url };
  const members = ['m1', 'm2', 'm3', 'm4', 'm5'];
  // WeCom holds each of the web process's sends, unacted, until the process dies.
  fake.inject('message/send', ...members.map(() => ({ holdMs: 600_000 })));
  const db = await openDatabase(url);
  t.teardown(() => db.destroy());
  const web = await startOutboxWorker(t, url, app, clock.now());
  // Unknown userids: each gets one reply (「尚未登记」), claimed by the web process's turn.
  t.deepEqual((await Promise.all(members.map((userId, i) => web.send({ key: `msg:${i}`, userId, text: '你好' })))).map((a) => a.status), Array(5).fill('done'));
  await fake.waitFor(() => fake.holding === members.length, 110_000);
  t.is(await db.manager.countBy(OutboxMessage, { state: 'sending' }), members.length);
  await web.kill('SIGKILL');
  await fake.waitFor(() => fake.holding === 0, 110_000);
  t.deepEqual(fake.messages, [], 'WeCom acted on none of the held sends');

  // The scheduler, as PM2 runs it, its tick fired by hand: while the leases hold, it sends nothing.
  const sender = createWecomSender(createApiClient({ app, tokens: createTokenStore(db, app, { now: clock.now, timeoutMs: 60_000 }), timeoutMs: 60_000 }));
  const dispatcher = createDispatcher(db, { senders: { wecom: sender }, now: clock.now, log: () => {} });
  const schedule = manualSchedule();
  const stopTick = scheduleOutboxTick(createEngine(db, { dispatcher, now: clock.now, log: () => {} }), dispatcher, clock.now, () => {}, schedule.schedule);
  t.teardown(async () => {
    await stopTick();
    await dispatcher.idle();
  });
  await schedule.fire('outbox');
  await dispatcher.idle();
  t.deepEqual(fake.messages, [], 'the killed process\'s leases still hold');
  clock.advance(4001);
  await schedule.fire('outbox');
  await dispatcher.idle();
  t.deepEqual(fake.messages.map((m) => m.touser).sort(), members);
  t.is(await db.manager.countBy(OutboxMessage, { state: 'sent' }), members.length);
}, 'mariadb');
