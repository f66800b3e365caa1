// An official pasting 30 messages in a minute, each turn answering with two texts: past half of
// WeCom's per-member limit the replies are paced and merged, so every message is answered within
// 5 s of its arrival (issue 19), where spending the limit first left the rest a minute behind.
// Time is an injected clock; the dispatcher's look-again timers run when the clock reaches them.
import test from 'ava';
import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { createDispatcher, type Sender } from '../../src/bot/dispatcher.ts';
import { enqueue, paced, type OutboxRow, type Outgoing } from '../../src/bot/outbox.ts';
import { forEachDatabase } from '../support/databases.ts';
import { textOf } from '../support/outbox-rows.ts';

const start = new Date('2026-01-05T02:00:00Z').getTime();
const reply = (n: number, part: 'a' | 'b'): Outgoing => ({ idempotencyKey: `reply:${n}:${part}`, channel: 'wecom', recipient: 'o1', kind: 'text', payload: { text: `第${n}条的回复${part}` } });
const put = (db: DataSource, messages: Outgoing[], at: Date) => db.transaction((m) => enqueue(m, messages, at));

forEachDatabase('30 messages in a minute from one official are each answered within 5 s, never more than 30 sends in any minute, every text once and in order', async (t, database) => {
  const db = await database.open(t);
  let time = start;
  const timers: { at: number; run: () => void }[] = [];
  const sent: { at: number; text: string }[] = [];
  // Each send takes 150 ms of the clock.
  const sender: Sender = { quota: { perMinute: 30, perHour: 1000 }, send: async (row: OutboxRow) => {
    time += 150;
    sent.push({ at: time, text: textOf(row) });
    return { kind: 'sent' };
  } };
  const d = createDispatcher(db, {
    senders: { wecom: sender }, now: () => new Date(time), log: () => {}, every: () => () => {},
    after: (ms, run) => void timers.push({ at: time + ms, run }),
  });
  const arrivals = Array.from({ length: 30 }, (_, i) => start + i * 2000);
  let next = 0;
  while (next < arrivals.length || timers.length) {
    timers.sort((a, b) => a.at - b.at);
    if (next < arrivals.length && (!timers.length || arrivals[next] <= timers[0].at)) {
      time = Math.max(time, arrivals[next]);
      const n = ++next;
      // The turn's two replies, written together, then the dispatcher kicked.
      await put(db, [reply(n, 'a'), reply(n, 'b')], new Date(time));
      await d.kick('wecom', 'o1');
    } else {
      const timer = timers.shift()!;
      time = Math.max(time, timer.at);
      timer.run();
    }
    await d.idle();
  }
  // Every text exactly once, in order, some of them merged into one message.
  const texts = sent.flatMap((s) => s.text.split('\n\n'));
  t.deepEqual(texts, arrivals.flatMap((_, i) => [`第${i + 1}条的回复a`, `第${i + 1}条的回复b`]));
  t.true(sent.length < texts.length);
  // Each message answered (both replies out) within 5 s of its arrival.
  const lateness = arrivals.map((at, i) => sent.find((s) => s.text.includes(`第${i + 1}条的回复b`))!.at - at);
  t.true(Math.max(...lateness) <= 5000, `slowest answer ${Math.max(...lateness)} ms`);
  // WeCom's limit holds over every 60 s window.
  for (const s of sent) t.true(sent.filter((o) => o.at > s.at - 60_000 && o.at <= s.at).length <= 30);
  const states = (await db.manager.find(OutboxMessage)).map((r) => r.state);
  t.deepEqual([...new Set(states)].sort(), ['merged', 'sent']);
});

test('pacing: the first half of the minute’s limit at once, then one message every 60 s over the other half', (t) => {
  const quota = { perMinute: 30, perHour: 1000 };
  t.deepEqual(paced(quota, [], 0), { room: 15 });
  t.deepEqual(paced(quota, Array.from({ length: 14 }, (_, i) => i), 100), { room: 1 });
  const fifteen = Array.from({ length: 15 }, (_, i) => i * 100);
  t.deepEqual(paced(quota, fifteen, 2000), { room: 0, until: 1400 + 4000 });
  t.deepEqual(paced(quota, fifteen, 5400), { room: 1 });
  // A limit of 3: two at once, then one a minute.
  t.deepEqual(paced({ perMinute: 3, perHour: 100 }, [0, 10], 20), { room: 0, until: 60_010 });
});
