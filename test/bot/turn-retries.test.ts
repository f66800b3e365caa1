// A message answered 200 is never lost to a failing turn: it waits in the journal and the
// scheduler's tick runs it again with a backoff, the user told once that it is coming. Only a
// message whose handler throws every time is set aside, logged and counted for /healthz.
import type { ExecutionContext } from 'ava';
import { QueryFailedError, type DataSource } from 'typeorm';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import type { AppError } from '../../src/app-error.ts';
import { createEngine, type ChannelInbound } from '../../src/bot/engine.ts';
import { journalSummary } from '../../src/bot/journal.ts';
import { runOutboxTick } from '../../src/jobs/outbox-tick.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { clockAt } from '../support/wecom-service.ts';
import { storedText } from '../support/outbox-rows.ts';

const start = new Date('2026-01-05T02:00:00Z');

async function setUp(t: ExecutionContext, database: TestDatabase): Promise<DataSource> {
  const db = await database.open(t);
  await setUpDemo(db, { supervisingUnit: '某县政务公开办', year: 2025, format: '2021', units: [{ name: '某县统计局', officialId: 'o1' }] });
  return db;
}

const text = (key: string, body: string, receivedAt: Date): ChannelInbound => ({ key, userId: 'o1', channel: 'wecom', content: { kind: 'text', text: body }, receivedAt });
const deadlock = () => new QueryFailedError('SELECT 1', [], Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 }));
const outbox = async (db: DataSource) => (await db.manager.find(OutboxMessage, { order: { id: 'ASC' } })).map((o) => [o.idempotencyKey, storedText(o)]);
const journaled = async (db: DataSource, key: string) => {
  const row = await db.manager.findOneByOrFail(InboundMessage, { key });
  return { status: row.status, attempts: row.attempts, retryAt: row.retryAt?.toISOString() ?? null };
};

/** An engine whose turns throw `fault()` the next `failures` times; the clock is the test's. */
function failingEngine(db: DataSource, failures: number, fault: () => Error) {
  const clock = clockAt(start);
  const logged: AppError[] = [];
  const state = { left: failures, runs: 0 };
  const engine = createEngine(db, {
    now: clock.now, log: (e) => logged.push(e),
    dispatcher: { claim: async () => undefined, deliver: async () => {} },
    beforeTurn: () => {
      state.runs++;
      if (state.left > 0) {
        state.left--;
        throw fault();
      }
    },
  });
  return { engine, clock, logged, state };
}

forEachDatabase('a turn that fails 6 times in a row is applied later by the scheduler, without the user sending it again; they are told once that it is coming', async (t, database) => {
  const db = await setUp(t, database);
  const { engine, clock, logged, state } = failingEngine(db, 6, deadlock);
  t.true(await engine.accept(text('msg:1', '开始', clock.now())));
  await engine.drain('o1');
  // Five tries in the turn's retries, then the message is put off, not given up.
  t.is(state.runs, 5);
  t.deepEqual(await journaled(db, 'msg:1'), { status: 'received', attempts: 1, retryAt: new Date(start.getTime() + 5000).toISOString() });
  t.deepEqual(await outbox(db), [['delayed:msg:1', '消息已收到，系统正忙，稍后会自动处理，无需重新发送。']]);
  t.deepEqual(logged.map((e) => e.code), ['TURN_FAILED']);

  // The scheduler's tick, once the message is due again (5 s): the sixth failure, then the turn runs.
  clock.advance(4000);
  await runOutboxTick(engine, undefined, clock.now);
  t.is(state.runs, 5, 'not yet due again');
  clock.advance(2000);
  await runOutboxTick(engine, undefined, clock.now);
  t.is(state.runs, 7);
  t.is((await journaled(db, 'msg:1')).status, 'done');
  const replies = await outbox(db);
  t.deepEqual(replies.map(([key]) => key), ['delayed:msg:1', 'reply:msg:1:0']);
  t.regex(replies[1][1], /规章：请依次回复/);
  t.false(replies.some(([, body]) => body.includes('再发送')), 'never asked to send it again');
  t.deepEqual(await db.transaction(journalSummary), { waiting: 0, retrying: 0, setAside: 0 });
});

forEachDatabase('a message kept after a failed turn holds back the user’s later ones, which follow it in order once it runs', async (t, database) => {
  const db = await setUp(t, database);
  const { engine, clock } = failingEngine(db, 5, deadlock);
  await engine.accept(text('msg:1', '开始', clock.now()));
  await engine.drain('o1');
  await engine.accept(text('msg:2', '0 0 0', clock.now()));
  // The next message's drain takes the waiting one first: it runs now, then the new one.
  await engine.drain('o1');
  t.deepEqual([(await journaled(db, 'msg:1')).status, (await journaled(db, 'msg:2')).status], ['done', 'done']);
  const values = JSON.parse((await db.manager.findOneByOrFail(ReportRecord, { year: 2025 })).values) as Record<string, number>;
  t.is(values['active.rules.inForce'], 0);
  t.deepEqual((await outbox(db)).map(([key]) => key), ['delayed:msg:1', 'reply:msg:1:0', 'reply:msg:2:0']);
});

forEachDatabase('a message whose handler throws every time is set aside after its third turn, logged with TURN_SET_ASIDE and counted', async (t, database) => {
  const db = await setUp(t, database);
  const { engine, clock, logged, state } = failingEngine(db, Infinity, () => new TypeError("Cannot read properties of undefined (reading 'cells')"));
  await engine.accept(text('msg:1', '开始', clock.now()));
  await engine.drain('o1');
  t.is(state.runs, 1, 'not retried at once: it is not a race');
  t.deepEqual(await db.transaction(journalSummary), { waiting: 1, retrying: 1, setAside: 0 });
  clock.advance(31_000);
  await runOutboxTick(engine, undefined, clock.now);
  t.deepEqual(await journaled(db, 'msg:1'), { status: 'received', attempts: 2, retryAt: new Date(start.getTime() + 41_000).toISOString() });
  clock.advance(10_000);
  await runOutboxTick(engine, undefined, clock.now);
  t.is((await journaled(db, 'msg:1')).status, 'failed');
  t.deepEqual(await outbox(db), [
    ['delayed:msg:1', '消息已收到，系统正忙，稍后会自动处理，无需重新发送。'],
    ['reply:msg:1:0', '抱歉，这条消息没能处理，已记录并转交管理员排查。您已填写的内容不会丢失；可以换一种说法再试，或回复“帮助”。'],
  ]);
  t.deepEqual(logged.map((e) => e.code), ['TURN_FAILED', 'TURN_FAILED', 'TURN_FAILED', 'TURN_SET_ASIDE']);
  t.deepEqual(await db.transaction(journalSummary), { waiting: 0, retrying: 0, setAside: 1 });
  clock.advance(600_000);
  await runOutboxTick(engine, undefined, clock.now);
  t.is(state.runs, 3, 'a message set aside is not run again');
});
