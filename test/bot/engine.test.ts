import type { ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign } from '../../entities/campaign.ts';
import { CellChange } from '../../entities/cell-change.ts';
import { Conversation } from '../../entities/conversation.ts';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { Member } from '../../entities/member.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { handleTurn } from '../../handlers/index.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import type { AppError } from '../../src/app-error.ts';
import { createEngine, type Engine } from '../../src/bot/engine.ts';
import type { Report } from '../../src/report/report.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';

const at = new Date('2026-01-05T02:00:00Z');

/** A database with one 2021-format campaign for 某县统计局 and its official `o1`. */
async function setUp(t: ExecutionContext, database: TestDatabase): Promise<{ db: DataSource; engine: Engine }> {
  const db = await database.open(t);
  await setUpDemo(db, { supervisingUnit: '某县政务公开办', year: 2025, format: '2021', units: [{ name: '某县统计局', officialId: 'o1' }] });
  return { db, engine: createEngine(db, { now: () => at }) };
}

const say = (engine: Engine, text: string, key: string, userId = 'o1') => engine.handle({ key, userId, text, receivedAt: at });
const values = async (db: DataSource) => JSON.parse((await db.manager.findOneByOrFail(ReportRecord, { year: 2025 })).values) as Record<string, number>;

forEachDatabase('an answered row is committed with its history, naming the message', async (t, database) => {
  const { db, engine } = await setUp(t, database);
  await say(engine, '开始', 'm1');
  const outcome = await say(engine, '0 0 0', 'm2');
  t.is(outcome.kind, 'replied');
  t.regex(outcome.replies.join('\n'), /已记录：规章 0 \/ 0 \/ 0/);
  t.deepEqual(await values(db), { 'active.rules.issued': 0, 'active.rules.repealed': 0, 'active.rules.inForce': 0 });
  const history = await db.manager.find(CellChange, { order: { cell: 'ASC' } });
  t.deepEqual(history.map((c) => [c.cell, c.oldValue, c.newValue, c.messageKey]), [
    ['active.rules.inForce', null, '0', 'm2'], ['active.rules.issued', null, '0', 'm2'], ['active.rules.repealed', null, '0', 'm2'],
  ]);
});

forEachDatabase('a redelivered message is answered from the record and applied once', async (t, database) => {
  const { db, engine } = await setUp(t, database);
  await say(engine, '开始', 'm1');
  const first = await say(engine, '1 0 1', 'm2');
  const again = await say(engine, '1 0 1', 'm2');
  t.deepEqual(again, { kind: 'duplicate', replies: first.replies });
  t.is(await db.manager.count(CellChange), 3);
  t.is((await db.manager.findOneByOrFail(Conversation, {})).version, 2);
});

forEachDatabase('the same message delivered three times at once runs exactly once', async (t, database) => {
  const { db, engine } = await setUp(t, database);
  await say(engine, '开始', 'm1');
  const other = createEngine(db, { now: () => at }); // as if a second process received the redelivery
  const outcomes = await Promise.all([say(engine, '2 0 2', 'm2'), say(other, '2 0 2', 'm2'), say(engine, '2 0 2', 'm2')]);
  t.deepEqual(outcomes.map((o) => o.kind).sort(), ['duplicate', 'duplicate', 'replied']);
  t.is(new Set(outcomes.map((o) => o.replies.join())).size, 1);
  t.is(await db.manager.count(CellChange), 3);
});

forEachDatabase('messages of one user sent without waiting are applied in order', async (t, database) => {
  const { db, engine } = await setUp(t, database);
  const rows = ['开始', '0 0 0', '1 0 3', '7', '2', '0', '1.5'];
  await Promise.all(rows.map((text, i) => say(engine, text, `m${i}`)));
  t.deepEqual(await values(db), {
    'active.rules.issued': 0, 'active.rules.repealed': 0, 'active.rules.inForce': 0,
    'active.norms.issued': 1, 'active.norms.repealed': 0, 'active.norms.inForce': 3,
    'active.licensing.decisions': 7, 'active.penalty.decisions': 2, 'active.coercion.decisions': 0, 'active.fees.amountYuan': 15000,
  });
  t.is(await db.manager.count(InboundMessage), rows.length);
});

forEachDatabase('a state of unknown version is dropped: the user resumes at the first open question, values kept', async (t, database) => {
  const { db, engine } = await setUp(t, database);
  await say(engine, '开始', 'm1');
  await say(engine, '0 0 0', 'm2');
  await db.manager.createQueryBuilder().update(Conversation).set({ state: JSON.stringify({ version: 0, step: 'gone' }) }).execute();
  const resumed = await say(engine, '进度', 'm3');
  t.regex(resumed.replies.join('\n'), /行政规范性文件：请依次回复/);
  t.is((await values(db))['active.rules.inForce'], 0);
});

forEachDatabase('an unknown userid is told to contact the administrator and nothing else', async (t, database) => {
  const { db, engine } = await setUp(t, database);
  const outcome = await say(engine, '进度', 'x1', 'stranger');
  t.deepEqual(outcome, { kind: 'replied', replies: ['您好，您的企业微信账号尚未登记为年报填报人员，请联系本单位或上级政务公开管理员开通。'] });
  t.is(await db.manager.count(ReportRecord), 0);
  t.is(await db.manager.count(Conversation), 0);
});

forEachDatabase('a unit whose campaigns are all closed is told the filing has ended; a newer open one is filed', async (t, database) => {
  const { db, engine } = await setUp(t, database);
  await db.manager.createQueryBuilder().update(Campaign).set({ status: 'closed' }).execute();
  const closed = await say(engine, '进度', 'c1');
  t.deepEqual(closed.replies, ['您好，2025年度政府信息公开工作年度报告的填报已结束，系统不再接收报告，您单位已保存的内容不会丢失。如需修改或补报，请联系上级政务公开办。']);
  const unit = await db.manager.findOneByOrFail(Unit, { name: '某县统计局' });
  const open = await db.manager.save(Campaign, { year: 2026, format: '2021', deadlines: '{}', status: 'open', createdAt: new Date() });
  await db.manager.insert(CampaignUnit, { campaignId: open.id, unitId: unit.id });
  await say(engine, '开始', 'c2');
  t.deepEqual((await db.manager.find(ReportRecord)).map((r) => [r.year, r.campaignId]), [[2026, open.id]]);
  // With the older campaign open again as well, the newest open one is still the one filed.
  await db.manager.createQueryBuilder().update(Campaign).set({ status: 'open' }).where('year = 2025').execute();
  await say(engine, '0 0 0', 'c3');
  t.deepEqual((await db.manager.find(ReportRecord)).map((r) => [r.year, r.campaignId]), [[2026, open.id]]);
});

forEachDatabase('a handler that throws: the user gets the apology, nothing is stored, the operator gets HANDLER_FAILED without the text, and the engine counts it for /healthz', async (t, database) => {
  const { db } = await setUp(t, database);
  const logged: AppError[] = [];
  // The real handler, given a previous report whose every property throws (a bug in the handler's reading of it).
  const poisoned = new Proxy({}, { get: () => { throw new TypeError('boom'); } }) as Report;
  const engine = createEngine(db, { now: () => at, log: (error) => logged.push(error), handle: (input, state, ctx) => handleTurn(input, state, { ...ctx, previous: poisoned }) });
  const outcome = await say(engine, '0 0 0', 'h1');
  t.deepEqual(outcome, { kind: 'replied', replies: ['抱歉，处理这条消息时出现问题，已保存的内容不受影响。请换一种说法重试，或回复“帮助”。'] });
  const member = await db.manager.findOneByOrFail(Member, { userId: 'o1' });
  t.deepEqual(logged.map((e) => [e.code, e.message, (e.cause as Error).message]), [['HANDLER_FAILED', `the handler failed on message h1 of member ${member.id}`, 'boom']]);
  t.deepEqual(engine.status(), { handlerFailures: 1 });
  t.deepEqual(await values(db), {});
  t.is(await db.manager.count(CellChange), 0);
});

forEachDatabase('a turn the database cannot run is answered with an apology, logged for operators, and can be sent again', async (t, database) => {
  const { db } = await setUp(t, database);
  const logged: AppError[] = [];
  const engine = createEngine(db, { now: () => at, log: (error) => logged.push(error) });
  await say(engine, '开始', 'f1');
  const broken = createEngine(db, { now: () => at, log: (error) => logged.push(error) });
  const run = db.transaction.bind(db);
  db.transaction = (() => Promise.reject(new Error('connection lost'))) as typeof db.transaction;
  const outcome = await say(broken, '0 0 0', 'f2');
  db.transaction = run;
  t.deepEqual(outcome, { kind: 'failed', replies: ['抱歉，系统暂时无法处理这条消息，请稍后再发送一次。您已填写的内容不会丢失。'] });
  t.true(logged.length > 0 && logged.every((e) => e.code === 'TURN_FAILED'));
  t.false(logged.some((e) => e.message.includes('0 0 0')), 'the log names the message key, not its text');
  // The journal entry was in the turn's transaction: nothing was kept, the message can be sent again.
  const again = await say(engine, '0 0 0', 'f2');
  t.is(again.kind, 'replied');
  t.regex(again.replies.join('\n'), /已记录：规章 0 \/ 0 \/ 0/);
  t.is((await values(db))['active.rules.inForce'], 0);
  t.is(await db.manager.countBy(CellChange, { cell: 'active.rules.inForce' }), 1);
});
