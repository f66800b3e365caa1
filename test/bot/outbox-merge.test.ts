// Texts waiting behind the pace or the per-member limit (outbox.ts `paced`) are merged into one
// message, in order and within 2048 bytes, instead of each waiting for a slot of its own.
import test from 'ava';
import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { createDispatcher, type Sender } from '../../src/bot/dispatcher.ts';
import { mergeTexts, type Mergeable } from '../../src/bot/outbox-merge.ts';
import { enqueue, type OutboxRow, type Outgoing } from '../../src/bot/outbox.ts';
import { forEachDatabase } from '../support/databases.ts';
import { clockAt } from '../support/wecom-service.ts';
import { textOf } from '../support/outbox-rows.ts';

const text = (n: number, body = `回复${n}`): Outgoing => ({ idempotencyKey: `reply:${n}`, channel: 'wecom', recipient: 'o1', kind: 'text', payload: { text: body } });
const put = (db: DataSource, messages: Outgoing[], at: Date) => db.transaction((m) => enqueue(m, messages, at));

forEachDatabase('replies waiting behind the pace go out as one message, in order, when it allows', async (t, database) => {
  const db = await database.open(t);
  const clock = clockAt(new Date('2026-01-05T02:00:00Z'));
  const calls: OutboxRow[] = [];
  const sender: Sender = { quota: { perMinute: 3, perHour: 1000 }, send: async (row) => (calls.push(row), { kind: 'sent' }) };
  const d = createDispatcher(db, { senders: { wecom: sender }, now: clock.now, log: () => {}, every: () => () => {}, after: () => {} });
  // Three waiting where the pace lets two out at once: merged into one message.
  await put(db, [text(1), text(2), text(3)], clock.now());
  await d.kick('wecom', 'o1');
  clock.advance(1000);
  // Four more replies, one turn after another: the first takes the second slot, the rest wait for the pace.
  for (const n of [4, 5, 6, 7]) {
    await put(db, [text(n)], clock.now());
    await d.kick('wecom', 'o1');
  }
  t.is(calls.length, 2);
  clock.advance(60_000);
  await d.sweep();
  await d.idle();
  t.deepEqual(calls.map((r) => textOf(r)), ['回复1\n\n回复2\n\n回复3', '回复4', '回复5\n\n回复6\n\n回复7']);
  const rows = await db.manager.find(OutboxMessage, { order: { id: 'ASC' } });
  t.deepEqual(rows.map((r) => r.state), ['sent', 'merged', 'merged', 'sent', 'sent', 'merged', 'merged']);
});

const row = (id: number, body: string, more: Partial<Mergeable> = {}): Mergeable => ({ id, kind: 'text', payload: JSON.stringify({ text: body }), state: 'pending', attempts: 0, uncertain: 0, expiresAt: null, ...more });

test('merging keeps each message within 2048 bytes and merges only texts never attempted, in runs', (t) => {
  const long = '字'.repeat(682); // 2046 bytes: nothing fits with it
  const { rows, merges } = mergeTexts([
    row(1, 'a'), row(2, 'b'), row(3, long), row(4, 'c'),
    { ...row(5, 'x'), kind: 'card', payload: '{"taskId":"t"}' }, row(6, 'd'), row(7, 'e', { attempts: 1, uncertain: 1 }), row(8, 'f'),
  ]);
  t.deepEqual(rows.map((r) => r.id), [1, 3, 4, 5, 6, 7, 8]);
  t.deepEqual(merges, [{ id: 1, text: 'a\n\nb', absorbed: [2] }]);
  const fits = mergeTexts([row(1, '字'.repeat(600)), row(2, 'b'), row(3, '字'.repeat(100))]);
  t.deepEqual(fits.merges.map((m) => [m.id, m.absorbed, Buffer.byteLength(m.text)]), [[1, [2], 1803]]);
  t.deepEqual(fits.rows.map((r) => r.id), [1, 3], 'the third would make 2105 bytes');
  t.true(merges.every((m) => Buffer.byteLength(m.text) <= 2048));
});
