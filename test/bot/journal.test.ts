// The journal: a message is written down before the platform is answered and handled later, in
// arrival order, by any process; replies of channels go to the outbox in the turn's transaction.
import test, { type ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { Member } from '../../entities/member.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { createEngine, type ChannelInbound } from '../../src/bot/engine.ts';
import type { InboundContent } from '../../src/bot/journal.ts';
import { textMessages } from '../../src/bot/outbox.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { storedText, textOf } from '../support/outbox-rows.ts';

const at = new Date('2026-01-05T02:00:00Z');

async function setUp(t: ExecutionContext, database: TestDatabase): Promise<DataSource> {
  const db = await database.open(t);
  await setUpDemo(db, { supervisingUnit: '某县政务公开办', year: 2025, format: '2021', units: [{ name: '某县统计局', officialId: 'o1' }] });
  return db;
}

const message = (key: string, content: InboundContent, userId = 'o1', receivedAt = at): ChannelInbound => ({ key, userId, channel: 'wecom', content, receivedAt });
const text = (key: string, body: string, userId = 'o1') => message(key, { kind: 'text', text: body }, userId);
const values = async (db: DataSource) => JSON.parse((await db.manager.findOneByOrFail(ReportRecord, { year: 2025 })).values) as Record<string, number>;
const outbox = async (db: DataSource) => (await db.manager.find(OutboxMessage, { order: { id: 'ASC' } })).map((o) => ({ key: o.idempotencyKey, to: o.recipient, text: storedText(o) }));

forEachDatabase('a journaled message is handled by drain; its replies are in the outbox, keyed by the message', async (t, database) => {
  const db = await setUp(t, database);
  const replied: string[] = [];
  const engine = createEngine(db, { now: () => at, dispatcher: { claim: async () => undefined, deliver: async (channel, userId) => void replied.push(`${channel}:${userId}`) } });
  t.true(await engine.accept(text('msg:1', '开始')));
  t.is(await db.manager.count(OutboxMessage), 0, 'nothing is sent before the turn runs');
  await engine.drain('o1');
  const [row] = await outbox(db);
  t.is(row.key, 'reply:msg:1:0');
  t.is(row.to, 'o1');
  t.regex(row.text, /规章：请依次回复/);
  t.deepEqual(replied, ['wecom:o1']);
  const stored = await db.manager.findOneByOrFail(InboundMessage, { key: 'msg:1' });
  t.deepEqual([stored.status, stored.content, JSON.parse(stored.replies!)], ['done', null, [row.text]]);
});

forEachDatabase('a redelivery is refused by accept and changes nothing', async (t, database) => {
  const db = await setUp(t, database);
  const engine = createEngine(db, { now: () => at });
  t.true(await engine.accept(text('msg:1', '开始')));
  await engine.drain('o1');
  t.false(await engine.accept(text('msg:1', '开始')));
  await engine.drain('o1');
  t.is(await db.manager.count(OutboxMessage), 1);
  t.is(await db.manager.count(InboundMessage), 1);
});

forEachDatabase('messages journaled by a process that died are handled by recover, in arrival order', async (t, database) => {
  const db = await setUp(t, database);
  const dead = createEngine(db, { now: () => at });
  for (const [i, body] of ['开始', '0 0 0', '1 0 3', '7'].entries()) await dead.accept(text(`msg:${i}`, body));
  const later = createEngine(db, { now: () => new Date(at.getTime() + 60_000) });
  t.is(await later.recover(new Date(at.getTime() + 1)), 1);
  t.deepEqual(await values(db), {
    'active.rules.issued': 0, 'active.rules.repealed': 0, 'active.rules.inForce': 0,
    'active.norms.issued': 1, 'active.norms.repealed': 0, 'active.norms.inForce': 3, 'active.licensing.decisions': 7,
  });
  t.is(await later.recover(new Date(at.getTime() + 1)), 0, 'nothing is left waiting');
  t.deepEqual((await outbox(db)).map((o) => o.key), ['reply:msg:0:0', 'reply:msg:1:0', 'reply:msg:2:0', 'reply:msg:3:0']);
});

forEachDatabase('recover leaves alone a message younger than its cut-off (its own process is on it)', async (t, database) => {
  const db = await setUp(t, database);
  const engine = createEngine(db, { now: () => at });
  await engine.accept(text('msg:1', '开始'));
  t.is(await engine.recover(new Date(at.getTime() - 1000)), 0);
  t.is((await db.manager.findOneByOrFail(InboundMessage, { key: 'msg:1' })).status, 'received');
});

forEachDatabase('an image is answered with a request for text and changes nothing', async (t, database) => {
  const db = await setUp(t, database);
  const engine = createEngine(db, { now: () => at });
  await engine.accept(text('msg:1', '开始'));
  await engine.accept(text('msg:2', '0 0 0'));
  await engine.accept(message('msg:3', { kind: 'unsupported' }));
  await engine.drain('o1');
  t.deepEqual((await outbox(db)).at(-1), { key: 'reply:msg:3:0', to: 'o1', text: '抱歉，目前只能识别文字消息，请直接发送文字回复。如需帮助，请回复“帮助”。' });
  t.deepEqual(await values(db), { 'active.rules.issued': 0, 'active.rules.repealed': 0, 'active.rules.inForce': 0 });
});

forEachDatabase('opening the chat greets a new user and one back after a long pause, not one in the middle of a conversation', async (t, database) => {
  const db = await setUp(t, database);
  let now = at;
  const engine = createEngine(db, { now: () => now });
  await engine.accept(message('event:a', { kind: 'opened' }));
  await engine.drain('o1');
  t.regex((await outbox(db))[0].text, /现在开始填报某县统计局2025年度/);
  await engine.accept(text('msg:1', '0 0 0'));
  await engine.accept(message('event:b', { kind: 'opened' }));
  await engine.drain('o1');
  t.deepEqual((await outbox(db)).map((o) => o.key), ['reply:event:a:0', 'reply:msg:1:0'], 'no greeting right after an answer');
  now = new Date(at.getTime() + 13 * 3600_000);
  await engine.accept(message('event:c', { kind: 'opened' }));
  await engine.drain('o1');
  const [greeting] = (await outbox(db)).filter((o) => o.key === 'reply:event:c:0');
  t.regex(greeting.text, /欢迎继续填报.*已保存的内容都在/s);
  t.regex(greeting.text, /行政规范性文件：请依次回复/);
});

forEachDatabase('an unknown userid is told to contact the administrator, once per message, and nothing else is stored', async (t, database) => {
  const db = await setUp(t, database);
  const [first, second] = [createEngine(db, { now: () => at }), createEngine(db, { now: () => at })];
  await first.accept(text('msg:x', '进度', 'stranger'));
  await Promise.all([first.drain('stranger'), second.drain('stranger')]);
  t.deepEqual(await outbox(db), [{ key: 'reply:msg:x:0', to: 'stranger', text: '您好，您的企业微信账号尚未登记为年报填报人员，请联系本单位或上级政务公开管理员开通。' }]);
  t.is(await db.manager.count(ReportRecord), 0);
});

forEachDatabase('two members of one unit answering at once: both answers are kept in the one report', async (t, database) => {
  const db = await setUp(t, database);
  const unit = await db.manager.findOneByOrFail(Unit, { name: '某县统计局' });
  await db.manager.insert(Member, { userId: 'o2', userKey: 'o2', name: '李四', role: 'filer', unitId: unit.id, createdAt: at });
  const [a, b] = [createEngine(db, { now: () => at }), createEngine(db, { now: () => at })];
  await a.handle({ key: 'a0', userId: 'o1', text: '开始', receivedAt: at });
  await b.handle({ key: 'b0', userId: 'o2', text: '开始', receivedAt: at });
  await Promise.all([
    a.handle({ key: 'a1', userId: 'o1', text: '改 行政许可 5', receivedAt: at }),
    b.handle({ key: 'b1', userId: 'o2', text: '改 行政处罚 6', receivedAt: at }),
  ]);
  const stored = await values(db);
  t.deepEqual([stored['active.licensing.decisions'], stored['active.penalty.decisions']], [5, 6]);
});

test('a long text becomes several outbox messages of at most 2048 bytes, cut at line ends, in order', (t) => {
  const line = (i: number) => `第${i}行：${'杨舍镇政府信息公开'.repeat(8)}`;
  const text = Array.from({ length: 40 }, (_, i) => line(i)).join('\n');
  const messages = textMessages('digest:2026-01-05', 'wecom', 's1', text);
  const pieces = messages.map((m) => textOf(m));
  t.true(messages.length > 1);
  t.true(pieces.every((p) => Buffer.byteLength(p, 'utf8') <= 2048));
  t.is(pieces.join('\n'), text, 'nothing lost, nothing cut inside a line');
  t.deepEqual(messages.map((m) => m.idempotencyKey), pieces.map((_, i) => `digest:2026-01-05.${i}`));
  t.deepEqual(textMessages('short', 'wecom', 's1', '您好').map((m) => m.idempotencyKey), ['short']);
});
