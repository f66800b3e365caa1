// A county supervisor's questions about one unit after a 退回 or a 催办, in their own words, through
// the engine: whether it came back is 查看, which says when it was returned, why and what was to
// change, or when it was handed in again and that it awaits review; 催办记录 (「催了几次」, 「丙镇提醒
// 过没有」) is what the reminders table and the outbox hold, to whom and when, and sends nothing.
import { Like } from 'typeorm';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { Reminder } from '../../entities/reminder.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';
import { runReminderTick } from '../../src/jobs/reminder-tick.ts';
import { forEachDatabase } from '../support/databases.ts';
import { county, shanghai, type County } from '../support/supervision.ts';

const calendar = loadCalendar();

/**
 * The county on Friday 23 January 2026, 19:05 (towns due on the 20th): 甲镇 and 乙镇 handed in on the
 * 16th and returned on the 21st, 乙镇 handed in again on the 22nd; 丙镇 and 丁镇 never started, 丙镇
 * urged on the 21st, 丁镇 urged on the 23rd after hours (its 催办 waits for Monday 09:00). The
 * scheduler reminded the towns not handed in on the 13th (T-7) and the 19th (T-1); the outbox sent
 * everything but the T-1 to 丁镇's official, which failed.
 */
async function afterReturns(t: Parameters<Parameters<typeof forEachDatabase>[1]>[0], database: Parameters<Parameters<typeof forEachDatabase>[1]>[1]): Promise<County> {
  const c = await county(t, database, '2026-01-13T09:30');
  await runReminderTick(c.db, c.clock.now, calendar);
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  await c.hand('乙镇', 'submitted', shanghai('2026-01-16T10:00'));
  c.clock.now = shanghai('2026-01-19T09:30');
  await runReminderTick(c.db, c.clock.now, calendar);

  c.clock.now = shanghai('2026-01-21T10:00');
  t.regex(await c.say('demo-supervisor', '退回 甲镇 行政复议数字与台账不符 修改：行政复议'), /^已退回甲镇的报告（需修改4项/);
  t.regex(await c.say('demo-supervisor', '把乙镇的退回去，总体情况写得太简单'), /^已退回乙镇的报告（全部内容可修改）/);
  t.regex(await c.say('demo-supervisor', '催一下丙镇'), /^已向1个单位发出催办/);

  c.clock.now = shanghai('2026-01-22T10:00');
  await c.say('b', '提交');
  t.regex(await c.say('b', '确认提交'), /已提交/);

  c.clock.now = shanghai('2026-01-23T19:00');
  t.regex(await c.say('demo-supervisor', '催办 丁镇'), /^现在不在发送时间内，已安排1个单位的催办，将于1月26日（星期一）09:00发出/);
  await c.db.manager.update(OutboxMessage, { idempotencyKey: Like('reminder:%') }, { state: 'sent' });
  await c.db.manager.update(OutboxMessage, { idempotencyKey: Like('urge:%') }, { state: 'sent' });
  const failed = await c.db.manager.findOneByOrFail(Reminder, { kind: 'T-1', recipient: 'd' });
  await c.db.manager.update(OutboxMessage, { idempotencyKey: `reminder:${failed.id}` }, { state: 'failed' });
  c.clock.now = shanghai('2026-01-23T19:05');
  return c;
}

const status = async (c: County, name: string) => (await c.db.manager.findOneByOrFail(ReportRecord, { unitId: await c.unitId(name), year: 2025 })).status;

/** What was sent or planned, to compare before and after a question. */
const sending = async (c: County) => [await c.db.manager.count(Reminder), await c.db.manager.count(OutboxMessage)];

// How a county supervisor asks whether a unit came back, each with the unit it is about.
const CAME_BACK: [string, '甲镇' | '乙镇' | '丙镇'][] = [
  ['甲镇改好了吗', '甲镇'], ['甲镇改了没有', '甲镇'], ['甲改好没', '甲镇'], ['甲镇的报告改完了没有', '甲镇'],
  ['甲镇那边改好了没啊', '甲镇'], ['看看甲镇改好没', '甲镇'], ['甲镇重新提交了吗？', '甲镇'], ['甲镇又交上来了吗', '甲镇'],
  ['乙镇又交上来了吗', '乙镇'], ['乙镇重新提交了吗', '乙镇'], ['乙镇改好了没', '乙镇'], ['乙交上来没', '乙镇'],
  ['乙镇报了吗', '乙镇'], ['乙镇交了没', '乙镇'], ['退回乙镇的改好了吗', '乙镇'], ['退回的甲镇改好了没', '甲镇'],
  ['丙镇交了没', '丙镇'], ['丙镇弄完了没', '丙镇'], ['丙镇报了吗', '丙镇'], ['丙镇还没交吗', '丙镇'],
];

// What each of them is told first: its standing, then what became of the return.
const HEAD = {
  甲镇: '【甲镇】已退回 100%，应于1月26日前重新提交，还有3天\n1月21日退回修改（原因：「行政复议数字与台账不符」），尚未重新提交；需修改4项：行政复议·结果维持、行政复议·结果纠正、行政复议·其他结果、行政复议·尚未审结。',
  乙镇: '【乙镇】已提交，1月22日提交，按时\n1月21日退回修改（原因：「总体情况写得太简单」），1月22日已重新提交，待审核。',
  丙镇: '【丙镇】未开始，已逾期3个工作日（截止1月20日）\n还差第二部分6行、第三部分24行、第四部分3行、第一部分文字、第五部分文字和第六部分文字，约11分钟。',
};

forEachDatabase('whether a unit came back after a 退回 is answered with 查看: returned and not handed in again (since when, why, what to change), handed in again (when, awaiting review), never handed in', async (t, database) => {
  const c = await afterReturns(t, database);
  const looks = { 甲镇: await c.say('demo-supervisor', '查看 甲镇'), 乙镇: await c.say('demo-supervisor', '查看 乙镇'), 丙镇: await c.say('demo-supervisor', '查看 丙镇') };
  for (const [name, look] of Object.entries(looks)) t.is(look.split('\n').slice(0, 2).join('\n'), HEAD[name as keyof typeof HEAD], name);
  t.regex(looks.乙镇, /\n可回复“通过 乙镇”或“退回 乙镇 原因 修改：项目”。$/);
  const before = await sending(c);
  for (const [text, unit] of CAME_BACK) t.is(await c.say('demo-supervisor', text), looks[unit], text);
  t.deepEqual(await sending(c), before, 'a question sends nothing');
  t.deepEqual([await status(c, '甲镇'), await status(c, '乙镇')], ['returned', 'submitted']);

  t.is(await c.say('demo-supervisor', '退回的都改好了吗'), [
    '退回修改过的报告2份，其中1份尚未重新提交：',
    '· 甲镇：1月21日退回修改（原因：「行政复议数字与台账不符」），尚未重新提交；需修改4项：行政复议·结果维持、行政复议·结果纠正、行政复议·其他结果、行政复议·尚未审结。',
    '· 乙镇：1月21日退回修改（原因：「总体情况写得太简单」），1月22日已重新提交，待审核。',
    '回复“查看 单位名”查看详情。',
  ].join('\n'));
  t.is(await c.say('demo-supervisor', '新城镇改好了吗'), '在您负责的单位中没有找到「新城镇」。回复“未交”可查看未提交的单位。');
  t.is(await c.say('demo-supervisor', '改好了吗'), '抱歉，没有理解“改好了吗”。您可能想用：\n· 退回 单位名 原因 修改：项目\n回复“帮助”查看全部指令。', 'which unit is not guessed');

  t.regex(await c.say('demo-supervisor', '通过 乙镇'), /^已审核通过乙镇的报告/);
  t.is((await c.say('demo-supervisor', '乙镇又交上来了吗')).split('\n')[1], '1月21日退回修改（原因：「总体情况写得太简单」），1月22日已重新提交，已审核通过。');
});

// The record of the whole county, and of one unit, as the supervisor asks for them.
const RECORD = [
  '【催办和提醒记录】2025年度报告',
  '催办共2次（2个单位）：',
  '· 丙镇：1月21日（星期三）10:00 某县政务公开办催办，发给填报人3（演示），已发出',
  '· 丁镇：1月26日（星期一）09:00 某县政务公开办催办，发给填报人4（演示），待发出',
  '系统自动提醒共6次（4个单位，其中1次发送失败）：甲镇1次（最近1月13日）、乙镇1次（最近1月13日）、丙镇2次（最近1月19日）、丁镇2次（最近1月19日）。',
  '尚未提交、也没有催办或提醒过的单位：县统计局。',
  '回复“丙镇催办记录”可查看某个单位的每一次催办和提醒。',
].join('\n');
const OF_BING = [
  '【丙镇】未开始，已逾期3个工作日（截止1月20日）',
  '催办1次：',
  '· 1月21日（星期三）10:00 某县政务公开办催办，发给填报人3（演示），已发出',
  '系统自动提醒2次：',
  '· 1月13日（星期二）09:20 截止前7天提醒，发给填报人3（演示），已发出',
  '· 1月19日（星期一）09:20 截止前1天提醒，发给填报人3（演示），已发出',
].join('\n');
const OF_DING = [
  '【丁镇】未开始，已逾期3个工作日（截止1月20日）',
  '催办1次：',
  '· 1月26日（星期一）09:00 某县政务公开办催办，发给填报人4（演示），待发出',
  '系统自动提醒2次：',
  '· 1月13日（星期二）09:20 截止前7天提醒，发给填报人4（演示），已发出',
  '· 1月19日（星期一）09:20 截止前1天提醒，发给填报人4（演示），发送失败',
].join('\n');
const OF_JIA = '【甲镇】已退回 100%，应于1月26日前重新提交，还有3天\n尚未催办过。\n系统自动提醒1次：\n· 1月13日（星期二）09:20 截止前7天提醒，发给填报人1（演示），已发出';
const OF_E = '【县统计局】未开始，截止1月31日，还有8天\n尚未催办过。\n系统尚未发出过自动提醒。';

const ASKED: [string, string][] = [
  ['催办记录', RECORD], ['催了几次', RECORD], ['催了几次了？', RECORD], ['提醒记录', RECORD], ['都催过谁了', RECORD],
  ['催办情况', RECORD], ['看看催办记录', RECORD], ['一共催了多少次', RECORD], ['系统提醒了几次', RECORD],
  ['丙镇催了几次', OF_BING], ['丙镇的催办记录', OF_BING], ['丙催过没有', OF_BING], ['给丙镇发过提醒吗', OF_BING], ['催办记录 丙镇', OF_BING],
  ['丁镇催了没有', OF_DING], ['丁镇提醒过几次', OF_DING],
  ['甲镇催过吗', OF_JIA], ['统计局催了没', OF_E],
  ['丙镇和丁镇催了几次', `${OF_BING}\n${OF_DING}`],
  ['新城镇催了几次', '在您负责的单位中没有找到「新城镇」。回复“未交”可查看未提交的单位。'],
];

forEachDatabase('催办记录 says what was sent to whom and when, as the reminders table and the outbox hold it, for the county or the units named; it sends nothing and names no unit 「记录」', async (t, database) => {
  const c = await afterReturns(t, database);
  const before = await sending(c);
  const sentToC = (await c.sentTo('c')).length;
  for (const [text, expected] of ASKED) t.is(await c.say('demo-supervisor', text), expected, text);
  t.deepEqual(await sending(c), before, 'no 催办 is planned or sent by asking about them');
  t.is((await c.sentTo('c')).length, sentToC);
});

// A dropped row's note says why it was dropped (reminder-tick.ts), no longer who urged.
forEachDatabase('催办记录 before anything was sent says so, and a 催办 dropped before it went out is said not to have been sent, with why', async (t, database) => {
  const c = await county(t, database, '2026-01-23T19:00');
  t.is(await c.say('demo-supervisor', '催办记录'), '【催办和提醒记录】2025年度报告\n尚未催办过任何单位。\n系统尚未发出过自动提醒。');
  t.regex(await c.say('demo-supervisor', '催一下丁镇'), /^现在不在发送时间内，已安排1个单位的催办，将于1月26日（星期一）09:00发出/);
  await c.hand('丁镇', 'submitted', shanghai('2026-01-24T10:00'));
  c.clock.now = shanghai('2026-01-26T09:00');
  await runReminderTick(c.db, c.clock.now, calendar);
  t.deepEqual(await c.sentTo('d'), [], 'handed in before Monday: the 催办 was not sent');
  t.is(await c.say('demo-supervisor', '丁镇催过没有'), '【丁镇】已提交，1月24日提交，逾期3个工作日\n催办1次：\n· 1月26日（星期一）09:00 催办，发给填报人4（演示），未发出（已提交）\n系统尚未发出过自动提醒。');
});
