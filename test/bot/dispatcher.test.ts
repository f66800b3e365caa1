// The outbox dispatcher on both databases: order per recipient, leases across processes, retries,
// WeCom's per-member limits, halts and give-ups. Time is an injected clock moved by hand; a
// sender can be held mid-send to interleave two dispatchers without sleeping.
import type { ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import type { AppError } from '../../src/app-error.ts';
import { createDispatcher, type Dispatcher, type DispatcherOptions, type Sender, type SendResult } from '../../src/bot/dispatcher.ts';
import { claimDue, enqueue, EXPIRED, outboxSummary, type OutboxRow, type Outgoing, type Quota } from '../../src/bot/outbox.ts';
import { hasRowLocks, inTransaction } from '../../src/bot/sql.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';

const start = new Date('2026-01-05T02:00:00.000Z');
const roomy: Quota = { perMinute: 30, perHour: 1000 };
const leaseMs = 30_000;

/** A clock that moves only when told. */
function createClock() {
  let time = start.getTime();
  return {
    now: () => new Date(time),
    advance: (ms: number) => void (time += ms),
    at: (ms: number) => new Date(start.getTime() + ms),
  };
}
type Clock = ReturnType<typeof createClock>;

/** What a scripted call does: return a result, or throw. */
type Step = SendResult | { kind: 'throw'; error: Error };

interface FakeSender extends Sender {
  /** Every row it was given, in call order (shared between senders when `calls` is passed). */
  calls: OutboxRow[];
  /** Hold every send until `open()`; `entered` resolves when a held send has begun. */
  hold(): { entered: Promise<void>; open(): void };
}

/** A sender answering `script` call by call (then `sent`), recording what it got; teardown lets held sends go. */
function fakeSender(t: ExecutionContext, script: Step[] = [], options: { quota?: Quota; calls?: OutboxRow[]; onSend?: (row: OutboxRow) => void } = {}): FakeSender {
  const calls = options.calls ?? [];
  let gate: Promise<void> | undefined;
  let entered = () => {};
  const opens: (() => void)[] = [];
  t.teardown(() => opens.forEach((open) => open()));
  return {
    quota: options.quota ?? roomy,
    calls,
    hold() {
      let open = () => {};
      gate = new Promise((resolve) => (open = resolve));
      opens.push(open);
      return { entered: new Promise((resolve) => (entered = resolve)), open };
    },
    async send(row) {
      calls.push(row);
      options.onSend?.(row);
      if (gate) {
        entered();
        await gate;
      }
      const step = script.shift() ?? { kind: 'sent' };
      if (step.kind === 'throw') throw step.error;
      return step;
    },
  };
}

/** A dispatcher whose log lines are collected in `logged`. */
function dispatcher(db: DataSource, clock: Clock, senders: Record<string, Sender>, options: Partial<DispatcherOptions> = {}) {
  const logged: AppError[] = [];
  const d = createDispatcher(db, { senders, now: clock.now, log: (e) => logged.push(e), leaseMs, ...options });
  return Object.assign(d, { logged, codes: () => logged.map((e) => e.code) }) satisfies Dispatcher;
}

/** Message `n` to `recipient`; its payload names it (markdown: texts waiting would be merged). */
const message = (recipient: string, n: number, channel = 'wecom'): Outgoing => ({ idempotencyKey: `${channel}:${recipient}:${n}`, channel, recipient, kind: 'markdown', payload: { markdown: `${n}` } });
/** The `n` of a message made by `message`. */
const numberOf = (r: OutboxRow) => (r.kind === 'markdown' ? Number(r.payload.markdown) : NaN);

const put = (db: DataSource, messages: Outgoing[], at: Date) => db.transaction((m) => enqueue(m, messages, at));
const rows = (db: DataSource) => db.manager.find(OutboxMessage, { order: { id: 'ASC' } });
const named = (calls: OutboxRow[]) => calls.map((r) => `${r.recipient}:${numberOf(r)}`);
const row = async (db: DataSource, recipient: string, n: number) => {
  const found = await db.manager.findOneByOrFail(OutboxMessage, { idempotencyKey: `wecom:${recipient}:${n}` });
  return { state: found.state, attempts: found.attempts, uncertain: found.uncertain, dueAt: found.dueAt.toISOString(), lastError: found.lastError, sentAt: found.sentAt?.toISOString() ?? null };
};

/** One database and a second pool on it, as a second process would have (the same DataSource on SQLite, which has one connection). */
async function openTwice(t: ExecutionContext, database: TestDatabase): Promise<[DataSource, DataSource]> {
  const url = await database.url(t);
  const db = await openDatabase(url);
  t.teardown(() => db.destroy());
  if (database.name === 'sqlite') return [db, db];
  const other = await openDatabase(url);
  t.teardown(() => other.destroy());
  return [db, other];
}

forEachDatabase('a kick sends the recipient’s messages in id order and marks them sent; a second kick sends nothing', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [message('u1', 1), message('u2', 1), message('u1', 2), message('u1', 3)], clock.now());
  const sender = fakeSender(t);
  const d = dispatcher(db, clock, { wecom: sender });
  clock.advance(500);
  await d.kick('wecom', 'u1');
  t.deepEqual(sender.calls.map((r) => [r.id, r.channel, r.recipient, r.kind, r.payload, r.attempt, r.uncertain]), [
    [1, 'wecom', 'u1', 'markdown', { markdown: '1' }, 1, false], [3, 'wecom', 'u1', 'markdown', { markdown: '2' }, 1, false], [4, 'wecom', 'u1', 'markdown', { markdown: '3' }, 1, false],
  ]);
  t.deepEqual((await rows(db)).map((r) => [r.id, r.state, r.attempts, r.sentAt?.toISOString() ?? null]), [
    [1, 'sent', 1, clock.at(500).toISOString()], [2, 'pending', 0, null], [3, 'sent', 1, clock.at(500).toISOString()], [4, 'sent', 1, clock.at(500).toISOString()],
  ]);
  await d.kick('wecom', 'u1');
  t.is(sender.calls.length, 3);
  t.deepEqual(d.logged, []);
});

forEachDatabase('a retry puts the message back with its error and holds back those after it; the sweep sends them in order once due', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [message('u1', 1), message('u1', 2), message('u1', 3), message('u2', 1)], clock.now());
  const sender = fakeSender(t, [{ kind: 'retry', afterMs: 20_000, error: 'errcode -1: system busy' }]);
  const d = dispatcher(db, clock, { wecom: sender });
  await d.kick('wecom', 'u1');
  t.deepEqual(await row(db, 'u1', 1), { state: 'pending', attempts: 1, uncertain: 0, dueAt: clock.at(20_000).toISOString(), lastError: 'errcode -1: system busy', sentAt: null });
  // Claimed with it but never tried: waiting behind it, no attempt counted.
  const behind = { state: 'pending', attempts: 0, uncertain: 0, dueAt: clock.at(20_000).toISOString(), lastError: null, sentAt: null };
  t.deepEqual(await row(db, 'u1', 2), behind);
  t.deepEqual(await row(db, 'u1', 3), behind);

  await d.kick('wecom', 'u2');
  t.deepEqual(named(sender.calls), ['u1:1', 'u2:1']);
  // A new message for u1, due at once, still waits behind the one backing off.
  clock.advance(1000);
  await put(db, [message('u1', 4)], clock.now());
  await d.kick('wecom', 'u1');
  t.is(await d.sweep(), 1);
  t.deepEqual(named(sender.calls), ['u1:1', 'u2:1']);

  clock.advance(19_000);
  t.is(await d.sweep(), 1);
  t.deepEqual(named(sender.calls), ['u1:1', 'u2:1', 'u1:1', 'u1:2', 'u1:3', 'u1:4']);
  t.deepEqual(sender.calls.slice(2).map((r) => [r.attempt, r.uncertain]), [[2, false], [1, false], [1, false], [1, false]]);
  t.deepEqual(await row(db, 'u1', 1), { state: 'sent', attempts: 2, uncertain: 0, dueAt: clock.at(20_000).toISOString(), lastError: null, sentAt: clock.at(20_000).toISOString() });
  t.deepEqual((await rows(db)).map((r) => r.state), ['sent', 'sent', 'sent', 'sent', 'sent']);
  t.deepEqual(d.logged, []);
});

forEachDatabase('a retry that may have been delivered is resent as uncertain, as its second attempt', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [message('u1', 1)], clock.now());
  const sender = fakeSender(t, [{ kind: 'retry', afterMs: 5000, error: 'timeout after 10 s', uncertain: true }]);
  const d = dispatcher(db, clock, { wecom: sender });
  await d.kick('wecom', 'u1');
  t.deepEqual(await row(db, 'u1', 1), { state: 'pending', attempts: 1, uncertain: 1, dueAt: clock.at(5000).toISOString(), lastError: 'timeout after 10 s', sentAt: null });
  clock.advance(5000);
  t.is(await d.sweep(), 1);
  t.deepEqual(sender.calls.map((r) => [r.id, r.attempt, r.uncertain]), [[1, 1, false], [1, 2, true]]);
  t.is((await row(db, 'u1', 1)).state, 'sent');
});

forEachDatabase('a claim whose sender crashed is taken again once its lease lapses, resent as uncertain', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [message('u1', 1), message('u1', 2)], clock.now());
  // The claim of a process that dies before sending or recording anything.
  const crashed = await inTransaction(db, (m) => claimDue(m, 'wecom', 'u1', roomy, clock.now(), leaseMs, 10, hasRowLocks(db)));
  t.is(crashed.kind, 'claimed');
  const sender = fakeSender(t);
  const d = dispatcher(db, clock, { wecom: sender });
  clock.advance(leaseMs - 1);
  await d.kick('wecom', 'u1');
  t.is(await d.sweep(), 0);
  t.deepEqual(sender.calls, []);

  clock.advance(2);
  t.is(await d.sweep(), 1);
  t.deepEqual(sender.calls.map((r) => [r.id, r.attempt, r.uncertain]), [[1, 2, true], [2, 2, true]]);
  t.deepEqual((await rows(db)).map((r) => [r.state, r.attempts, r.uncertain]), [['sent', 2, 1], ['sent', 2, 1]]);
});

forEachDatabase('while one dispatcher sends to a recipient another finds it busy, then sends what the first left shortly after, without a sweep; each message goes out once', async (t, database) => {
  const [db, other] = await openTwice(t, database);
  const clock = createClock();
  await put(db, [message('u1', 1), message('u1', 2), message('u1', 3)], clock.now());
  const first = fakeSender(t);
  const second = fakeSender(t);
  const a = dispatcher(db, clock, { wecom: first });
  const looks: [number, () => void][] = [];
  const b = dispatcher(other, clock, { wecom: second }, { after: (ms, later) => looks.push([ms, later]) });
  const held = first.hold();
  const sending = a.kick('wecom', 'u1');
  await held.entered;
  // The next reply, written by a turn in the other process, which finds u1 busy.
  await put(db, [message('u1', 4)], clock.now());
  await b.kick('wecom', 'u1');
  t.is(await b.sweep(), 1);
  t.deepEqual(second.calls, []);

  held.open();
  await sending;
  t.deepEqual(named(first.calls), ['u1:1', 'u1:2', 'u1:3'], 'the first took only what was there when it claimed');
  // The other looks again at u1 200 ms after it found it busy (run here by hand, not by waiting).
  t.deepEqual(looks.map(([ms]) => ms), [200]);
  looks[0][1]();
  await b.idle();
  t.deepEqual(named(second.calls), ['u1:4']);
  t.deepEqual((await rows(db)).map((r) => [r.state, r.attempts]), [['sent', 1], ['sent', 1], ['sent', 1], ['sent', 1]]);
  t.deepEqual([...a.logged, ...b.logged], []);
});

forEachDatabase('messages claimed in the transaction that wrote them are sent once it commits and they are handed over, with no claim of the dispatcher’s own', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  const sender = fakeSender(t);
  const d = dispatcher(db, clock, { wecom: sender });
  const claimed = await db.transaction(async (m) => {
    await enqueue(m, [message('u1', 1), message('u1', 2)], clock.now());
    return d.claim(m, 'wecom', 'u1');
  });
  t.is(claimed?.rows.length, 2);
  t.deepEqual((await rows(db)).map((r) => [r.state, r.attempts]), [['sending', 1], ['sending', 1]], 'claimed under a lease: no other process takes them');
  t.deepEqual(sender.calls, [], 'nothing is sent before it is handed over');
  await d.deliver('wecom', 'u1', claimed);
  t.deepEqual(sender.calls.map((r) => [numberOf(r), r.attempt, r.uncertain]), [[1, 1, false], [2, 1, false]]);
  t.deepEqual((await rows(db)).map((r) => r.state), ['sent', 'sent']);
  // While those are being sent, the next turn's claim finds them under the lease: it claims
  // nothing, and its reply goes out after them.
  const held = sender.hold();
  const next = await db.transaction(async (m) => {
    await enqueue(m, [message('u1', 3)], clock.now());
    return d.claim(m, 'wecom', 'u1');
  });
  const sending = d.deliver('wecom', 'u1', next);
  await held.entered;
  const later = await db.transaction(async (m) => {
    await enqueue(m, [message('u1', 4)], clock.now());
    return d.claim(m, 'wecom', 'u1');
  });
  t.is(later, undefined);
  const after = d.deliver('wecom', 'u1', later);
  held.open();
  await Promise.all([sending, after]);
  t.deepEqual(named(sender.calls), ['u1:1', 'u1:2', 'u1:3', 'u1:4']);
  t.deepEqual((await rows(db)).map((r) => [r.state, r.attempts]), [['sent', 1], ['sent', 1], ['sent', 1], ['sent', 1]]);
  t.deepEqual(d.logged, []);
});

forEachDatabase('a claim handed over after its channel halted waits for the end of the halt, its attempt not counted', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  const sender = fakeSender(t, [{ kind: 'halt', afterMs: 300_000, error: 'errcode 60020: not allow to access from your ip' }]);
  const d = dispatcher(db, clock, { wecom: sender });
  const claimed = await db.transaction(async (m) => {
    await enqueue(m, [message('u1', 1)], clock.now());
    return d.claim(m, 'wecom', 'u1');
  });
  // Meanwhile a send to someone else finds the app misconfigured.
  await put(db, [message('u2', 1)], clock.now());
  await d.kick('wecom', 'u2');
  await d.deliver('wecom', 'u1', claimed);
  t.deepEqual(named(sender.calls), ['u2:1']);
  t.deepEqual(await row(db, 'u1', 1), { state: 'pending', attempts: 0, uncertain: 0, dueAt: clock.at(300_000).toISOString(), lastError: null, sentAt: null });
  t.is(await db.transaction((m) => d.claim(m, 'wecom', 'u1')), undefined, 'nothing is claimed while the channel is halted');
  clock.advance(300_000);
  t.is(await d.sweep(), 2);
  // The sweep sends to both at once: in either order.
  t.deepEqual(named(sender.calls).slice(1).sort(), ['u1:1', 'u2:1']);
  t.deepEqual(d.codes(), ['CHANNEL_HALTED']);
});

forEachDatabase('two dispatchers sweeping 30 recipients at once send every message once, each recipient’s in order', async (t, database) => {
  const [db, other] = await openTwice(t, database);
  const clock = createClock();
  const recipients = Array.from({ length: 30 }, (_, i) => `u${i}`);
  // Interleaved ids: each recipient's messages are spread over the table.
  await put(db, [1, 2, 3].flatMap((n) => recipients.map((r) => message(r, n))), clock.now());
  const calls: OutboxRow[] = [];
  const a = dispatcher(db, clock, { wecom: fakeSender(t, [], { calls }) }, { batch: 2 });
  const b = dispatcher(other, clock, { wecom: fakeSender(t, [], { calls }) }, { batch: 2 });
  await Promise.all([a.sweep(), b.sweep()]);
  t.deepEqual(named(calls).sort(), recipients.flatMap((r) => [1, 2, 3].map((n) => `${r}:${n}`)).sort());
  for (const r of recipients) t.deepEqual(named(calls.filter((c) => c.recipient === r)), [`${r}:1`, `${r}:2`, `${r}:3`], r);
  t.deepEqual(new Set((await rows(db)).map((r) => r.state)), new Set(['sent']));
  t.deepEqual([...a.logged, ...b.logged], []);
});

forEachDatabase('a sweep looks only at the channels its process sends on: 600 recipients due on another channel do not crowd out its own', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [...Array.from({ length: 600 }, (_, i) => message(`w${i}`, 1, 'wechat')), message('u1', 1)], clock.now());
  const sender = fakeSender(t);
  const d = dispatcher(db, clock, { wecom: sender });
  t.is(await d.sweep(), 1);
  t.deepEqual(named(sender.calls), ['u1:1']);
});

forEachDatabase('past half the per-minute limit one message goes out every 60 s over the other half, quietly; a full minute waits for its oldest send and is logged', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [1, 2, 3, 4, 5].map((n) => message('u1', n)), clock.now());
  // Each send takes a second; four a minute: two at once, then one every 30 s.
  const sender = fakeSender(t, [], { quota: { perMinute: 4, perHour: 1000 }, onSend: () => clock.advance(1000) });
  const looks: number[] = [];
  const d = dispatcher(db, clock, { wecom: sender }, { after: (ms) => void looks.push(ms) });
  await d.kick('wecom', 'u1');
  t.deepEqual(named(sender.calls), ['u1:1', 'u1:2']);
  // The rest stay due, and the dispatcher looks again when the pace allows: 30 s after the last send.
  t.deepEqual(looks, [30_000]);
  t.deepEqual((await rows(db)).map((r) => [r.state, r.sentAt?.toISOString() ?? null]), [
    ['sent', clock.at(1000).toISOString()], ['sent', clock.at(2000).toISOString()], ['pending', null], ['pending', null], ['pending', null],
  ]);
  t.is(await d.sweep(), 1);
  t.is(sender.calls.length, 2);
  clock.advance(30_000);
  await d.sweep();
  t.deepEqual(named(sender.calls), ['u1:1', 'u1:2', 'u1:3']);
  clock.advance(30_000);
  await d.sweep();
  t.deepEqual(named(sender.calls), ['u1:1', 'u1:2', 'u1:3', 'u1:4']);
  t.deepEqual(d.codes(), []);

  // Another process has used this minute's four: the last message waits a minute from the oldest of them, logged.
  const other = fakeSender(t, [], { quota: roomy, onSend: () => clock.advance(1000) });
  await put(db, [6, 7, 8].map((n) => message('u1', n)), clock.now());
  const o = dispatcher(db, clock, { wecom: other });
  await o.kick('wecom', 'u1');
  t.deepEqual(named(other.calls), ['u1:5', 'u1:6', 'u1:7', 'u1:8']);
  await put(db, [message('u1', 10)], clock.now());
  await d.kick('wecom', 'u1');
  t.is(sender.calls.length, 4);
  // Sent in the minute: 3 at 33 s, 4 at 64 s, 5–8 at 65–68 s; the oldest leaves the window at 93 s.
  t.is((await rows(db)).at(-1)!.dueAt.toISOString(), clock.at(93_000).toISOString());
  t.deepEqual(d.codes(), ['OUTBOX_RATE_LIMITED']);
});

forEachDatabase('the per-hour limit is counted from the table, so a second process keeps it too', async (t, database) => {
  const [db, other] = await openTwice(t, database);
  const clock = createClock();
  const quota = { perMinute: 30, perHour: 2 };
  await put(db, [message('u1', 1), message('u1', 2)], clock.now());
  const a = dispatcher(db, clock, { wecom: fakeSender(t, [], { quota }) });
  await a.kick('wecom', 'u1');
  clock.advance(10 * 60_000);
  await put(db, [message('u1', 3)], clock.now());
  const second = fakeSender(t, [], { quota });
  const b = dispatcher(other, clock, { wecom: second });
  await b.kick('wecom', 'u1');
  t.deepEqual(second.calls, []);
  t.deepEqual(await row(db, 'u1', 3), { state: 'pending', attempts: 0, uncertain: 0, dueAt: clock.at(3_600_000).toISOString(), lastError: null, sentAt: null });
  t.deepEqual(b.codes(), ['OUTBOX_RATE_LIMITED']);
  clock.advance(50 * 60_000);
  t.is(await b.sweep(), 1);
  t.deepEqual(named(second.calls), ['u1:3']);
});

forEachDatabase('a halt stops its channel until it ends, the message waiting; other channels still send', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [message('u1', 1), message('u1', 2)], clock.now());
  const wecom = fakeSender(t, [{ kind: 'halt', afterMs: 300_000, error: 'errcode 60020: not allowed to access from your ip' }]);
  const robot = fakeSender(t);
  const d = dispatcher(db, clock, { wecom, robot });
  await d.kick('wecom', 'u1');
  t.deepEqual(d.status().halted, [{ channel: 'wecom', until: clock.at(300_000).toISOString(), reason: 'errcode 60020: not allowed to access from your ip' }]);
  t.deepEqual(await row(db, 'u1', 1), { state: 'pending', attempts: 1, uncertain: 0, dueAt: clock.at(300_000).toISOString(), lastError: 'errcode 60020: not allowed to access from your ip', sentAt: null });
  t.is((await row(db, 'u1', 2)).state, 'pending');
  t.deepEqual(d.codes(), ['CHANNEL_HALTED']);
  t.is(d.logged[0].message, 'wecom stopped sending for 300 s: errcode 60020: not allowed to access from your ip');

  clock.advance(1000);
  await put(db, [message('u2', 1), message('group', 1, 'robot')], clock.now());
  await d.kick('wecom', 'u2');
  t.is(await d.sweep(), 1);
  t.deepEqual(named(wecom.calls), ['u1:1']);
  t.deepEqual(named(robot.calls), ['group:1']);

  clock.advance(299_000);
  t.deepEqual(d.status().halted, []);
  t.is(await d.sweep(), 2);
  t.deepEqual(named(wecom.calls.filter((r) => r.recipient === 'u1')), ['u1:1', 'u1:1', 'u1:2']);
  t.deepEqual(named(wecom.calls.filter((r) => r.recipient === 'u2')), ['u2:1']);
  t.deepEqual((await rows(db)).map((r) => r.state), ['sent', 'sent', 'sent', 'sent']);
  t.deepEqual(d.codes(), ['CHANNEL_HALTED']);
});

forEachDatabase('a row whose payload is not what its kind carries is given up unsent and logged, never guessed at; the rows after it still go', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [message('u1', 1), message('u1', 2), message('u1', 3)], clock.now());
  // Written by other code, or changed by hand: a markdown row without its markdown, another not JSON.
  await db.manager.update(OutboxMessage, { idempotencyKey: 'wecom:u1:1' }, { payload: '{"text":"1"}' });
  await db.manager.update(OutboxMessage, { idempotencyKey: 'wecom:u1:2' }, { payload: '{"markdown":' });
  const sender = fakeSender(t);
  const d = dispatcher(db, clock, { wecom: sender });
  await d.kick('wecom', 'u1');
  t.deepEqual(named(sender.calls), ['u1:3']);
  t.deepEqual((await rows(db)).map((r) => [r.state, r.attempts, r.lastError]), [
    ['failed', 0, 'invalid: the markdown payload does not match its schema (payload.markdown: Required)'],
    ['failed', 0, 'invalid: the markdown payload is not JSON'],
    ['sent', 1, null],
  ]);
  t.deepEqual(d.codes(), ['OUTBOX_PAYLOAD_INVALID', 'OUTBOX_PAYLOAD_INVALID']);
  t.is(d.logged[0].message, 'outbox message 1 to wecom:u1 was given up: the markdown payload does not match its schema (payload.markdown: Required)');
});

forEachDatabase('a message past its expiresAt is given up unsent and logged; one without expiry still goes, however late', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [{ ...message('u1', 1), expiresAt: clock.at(60_000) }, message('u1', 2), { ...message('u1', 3), expiresAt: clock.at(7_200_000) }], clock.now());
  const sender = fakeSender(t);
  const d = dispatcher(db, clock, { wecom: sender });
  clock.advance(3_600_000);
  await d.kick('wecom', 'u1');
  t.deepEqual(named(sender.calls), ['u1:2', 'u1:3']);
  t.deepEqual((await rows(db)).map((r) => [r.state, r.attempts, r.lastError]), [['failed', 0, EXPIRED], ['sent', 1, null], ['sent', 1, null]]);
  t.deepEqual(d.codes(), ['OUTBOX_EXPIRED']);
});

forEachDatabase('a message that can never be sent is given up and logged; the next one still goes', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [message('u1', 1), message('u1', 2)], clock.now());
  const sender = fakeSender(t, [{ kind: 'failed', error: 'errcode 81013: user not in the app’s visible range' }]);
  const d = dispatcher(db, clock, { wecom: sender });
  await d.kick('wecom', 'u1');
  t.deepEqual(named(sender.calls), ['u1:1', 'u1:2']);
  t.deepEqual(await row(db, 'u1', 1), { state: 'failed', attempts: 1, uncertain: 0, dueAt: clock.at(0).toISOString(), lastError: 'errcode 81013: user not in the app’s visible range', sentAt: null });
  t.is((await row(db, 'u1', 2)).state, 'sent');
  t.deepEqual(d.codes(), ['OUTBOX_GAVE_UP']);
  t.is(d.logged[0].message, 'outbox message 1 to wecom:u1 given up after 1 attempt(s): errcode 81013: user not in the app’s visible range');
  t.is(await d.sweep(), 0);
});

forEachDatabase('a message retried maxAttempts times is given up', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [message('u1', 1)], clock.now());
  const busy: SendResult = { kind: 'retry', afterMs: 1000, error: 'errcode -1: system busy' };
  const sender = fakeSender(t, [busy, busy, busy]);
  const d = dispatcher(db, clock, { wecom: sender }, { maxAttempts: 3 });
  await d.kick('wecom', 'u1');
  clock.advance(1000);
  t.is(await d.sweep(), 1);
  clock.advance(1000);
  t.is(await d.sweep(), 1);
  t.deepEqual(sender.calls.map((r) => r.attempt), [1, 2, 3]);
  t.deepEqual(await row(db, 'u1', 1), { state: 'failed', attempts: 3, uncertain: 0, dueAt: clock.at(2000).toISOString(), lastError: 'errcode -1: system busy', sentAt: null });
  t.deepEqual(d.codes(), ['OUTBOX_GAVE_UP']);
  clock.advance(1000);
  t.is(await d.sweep(), 0);
  t.is(sender.calls.length, 3);
});

forEachDatabase('a sender that throws is retried as uncertain and logged', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  await put(db, [message('u1', 1)], clock.now());
  const boom = new Error('socket hang up');
  const sender = fakeSender(t, [{ kind: 'throw', error: boom }]);
  const d = dispatcher(db, clock, { wecom: sender });
  await d.kick('wecom', 'u1');
  t.deepEqual(await row(db, 'u1', 1), { state: 'pending', attempts: 1, uncertain: 1, dueAt: clock.at(5000).toISOString(), lastError: 'sender threw', sentAt: null });
  t.deepEqual(d.codes(), ['OUTBOX_SEND_FAILED']);
  t.is(d.logged[0].cause, boom);
  clock.advance(5000);
  t.is(await d.sweep(), 1);
  t.deepEqual(sender.calls.map((r) => [r.attempt, r.uncertain]), [[1, false], [2, true]]);
  t.is((await row(db, 'u1', 1)).state, 'sent');
});

forEachDatabase('the outbox summary counts waiting and given-up messages and the age of the oldest waiting', async (t, database) => {
  const db = await database.open(t);
  const clock = createClock();
  t.deepEqual(await inTransaction(db, (m) => outboxSummary(m, clock.now())), { pending: 0, failed: 0, oldestPendingS: null });
  await put(db, [message('u1', 1), message('u1', 2)], clock.now());
  clock.advance(10_000);
  await put(db, [message('u2', 1)], clock.now());
  clock.advance(10_000);
  await put(db, [message('u3', 1), message('u3', 2)], clock.now());
  const d = dispatcher(db, clock, { wecom: fakeSender(t, [{ kind: 'failed', error: 'errcode 81013' }]) });
  await d.kick('wecom', 'u1'); // u1:1 given up, u1:2 sent
  await inTransaction(db, (m) => claimDue(m, 'wecom', 'u2', roomy, clock.now(), leaseMs, 10, hasRowLocks(db))); // sending still waits
  clock.advance(80_000);
  t.deepEqual(await inTransaction(db, (m) => outboxSummary(m, clock.now())), { pending: 3, failed: 1, oldestPendingS: 90 });
});
