// 催办 tells the truth (issue 14, defects 1a–1e): it is its own message whatever the scheduled
// reminders did, at most one a unit and day, 「全部未交」 is the late units and those due within 7
// days, a bare 催办 asks which, and outside sending hours it waits for the next allowed minute and
// the supervisor is told when. The reply lists what was queued and why each other unit was not.
import { Reminder } from '../../entities/reminder.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';
import { planReminders, runReminderTick } from '../../src/jobs/reminder-tick.ts';
import { forEachDatabase } from '../support/databases.ts';
import { county, shanghai, type County } from '../support/supervision.ts';

const calendar = loadCalendar();
const urged = (text: string) => text.startsWith('某县政务公开办提醒您：');

async function tick(c: County, at: string): Promise<void> {
  c.clock.now = shanghai(at);
  await runReminderTick(c.db, c.clock.now, calendar);
}

forEachDatabase('催办 before the day\'s 09:20 reminder is sent at once and the scheduled one folded into it; after 明天再提醒我 it is sent all the same (1a)', async (t, database) => {
  const c = await county(t, database, '2026-01-13T08:00'); // T-7 of the towns
  await planReminders(c.db, c.clock.now, calendar);
  c.clock.now = shanghai('2026-01-13T09:10');
  t.is(await c.say('demo-supervisor', '催办 乙镇'), '已向1个单位发出催办：\n· 乙镇（1名填报人）：截止1月20日，还有7天');
  const [toB] = await c.sentTo('b');
  t.true(urged(toB), toB);
  await tick(c, '2026-01-13T09:30');
  t.is((await c.sentTo('b')).length, 1, 'the T-7 reminder is folded into the 催办');
  t.is((await c.sentTo('a')).length, 1, '甲镇 gets its T-7');
  t.is((await c.db.manager.findOneByOrFail(Reminder, { recipient: 'b', kind: 'T-7' })).note, '已并入催办');

  c.clock.now = shanghai('2026-01-13T09:40');
  await c.say('c', '明天再提醒我');
  c.clock.now = shanghai('2026-01-13T10:00');
  t.regex(await c.say('demo-supervisor', '催办 丙镇'), /^已向1个单位发出催办：\n· 丙镇（1名填报人）/);
  t.true(urged((await c.sentTo('c')).at(-1)!));
});

forEachDatabase('after the 09:20 reminder a late unit still gets the supervisor\'s 催办, once a day (1b)', async (t, database) => {
  const c = await county(t, database, '2026-01-21T08:00'); // the first working day late
  await tick(c, '2026-01-21T09:30');
  t.regex((await c.sentTo('d'))[0], /^请注意：丁镇.*已超过截止日期（1月20日）1个工作日/);
  c.clock.now = shanghai('2026-01-21T10:00');
  t.is(await c.say('demo-supervisor', '催办 丁镇'), '已向1个单位发出催办：\n· 丁镇（1名填报人）：已逾期1个工作日（截止1月20日）');
  t.true(urged((await c.sentTo('d')).at(-1)!));
  c.clock.now = shanghai('2026-01-21T11:00');
  t.is(await c.say('demo-supervisor', '催办 丁镇'), '没有发出催办。\n原因：\n· 今天已催办过（每个单位每天一次）：丁镇');
  t.is((await c.sentTo('d')).length, 2);
});

forEachDatabase('「催办 全部未交」 the day after the towns\' deadline urges the late towns and says why the department due in 10 days is not urged; a bare 催办 asks which (1c, 1d)', async (t, database) => {
  const c = await county(t, database, '2026-01-21T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-19T10:00'));
  await tick(c, '2026-01-21T09:30');
  c.clock.now = shanghai('2026-01-21T10:00');
  const asked = await c.say('demo-supervisor', '催办');
  t.is(asked, '请问催办哪些单位？\n· 回复“催办 单位名”，可写多个，如“催办 甲镇 乙镇”；\n· 回复“催办 全部未交”，即尚未提交、已逾期或7天内到期的单位（现有3个：乙镇、丙镇、丁镇）。');
  t.deepEqual(await c.db.manager.find(Reminder, { where: { kind: 'urge' } }), [], 'a bare 催办 sends nothing');
  t.is(await c.say('demo-supervisor', '催办 全部未交'), [
    '「全部未交」指尚未提交、已逾期或7天内到期的单位。',
    '已向3个单位发出催办：',
    '· 乙镇（1名填报人）：已逾期1个工作日（截止1月20日）',
    '· 丙镇（1名填报人）：已逾期1个工作日（截止1月20日）',
    '· 丁镇（1名填报人）：已逾期1个工作日（截止1月20日）',
    '未催办：',
    '· 截止日期在7天以后，未列入“全部未交”：县统计局（1月31日截止）',
    '如需提前催办，可回复“催办 县统计局”。',
    '另有1个单位已提交。',
  ].join('\n'));
  for (const user of ['b', 'c', 'd']) t.true(urged((await c.sentTo(user)).at(-1)!), user);
  t.deepEqual(await c.sentTo('e'), []);
  t.is(await c.say('demo-supervisor', '催办 县统计局 甲镇'), '已向1个单位发出催办：\n· 县统计局（1名填报人）：截止1月31日，还有10天\n未催办：\n· 已提交，无需催办：甲镇');
});

forEachDatabase('催办 at 22:30 on a Saturday is planned for Monday 09:00, the supervisor told so, and sent then in place of Monday\'s reminder (1e)', async (t, database) => {
  const c = await county(t, database, '2026-01-24T22:30');
  t.is(await c.say('demo-supervisor', '催办 丁镇'), '现在不在发送时间内，已安排1个单位的催办，将于1月26日（星期一）09:00发出：\n· 丁镇（1名填报人）：已逾期3个工作日（截止1月20日）');
  t.deepEqual(await c.sentTo('d'), [], 'nothing goes out at night');
  await tick(c, '2026-01-26T08:55');
  t.deepEqual(await c.sentTo('d'), []);
  await tick(c, '2026-01-26T09:00');
  const [sent] = await c.sentTo('d');
  t.regex(sent, /^某县政务公开办提醒您：丁镇2025年度政府信息公开工作年度报告已超过截止日期（1月20日）4个工作日/);
  await tick(c, '2026-01-26T09:30');
  t.is((await c.sentTo('d')).length, 1, 'Monday\'s overdue reminder is folded into the 催办');
  t.is((await c.sentTo('c')).length, 1, '丙镇 gets its overdue reminder');
  t.regex(await c.say('demo-supervisor', '催办 丁镇'), /今天已催办过/);
});

forEachDatabase('the configured sending hours (NIANBAO_SEND_HOURS) hold for 催办 too: at 09:30 with hours from 10:00 it waits until 10:00', async (t, database) => {
  const c = await county(t, database, '2026-01-21T09:30', { sendHours: { from: '10:00', to: '17:00' } });
  t.is(await c.say('demo-supervisor', '催办 丁镇'), '现在不在发送时间内，已安排1个单位的催办，将于1月21日（星期三）10:00发出：\n· 丁镇（1名填报人）：已逾期1个工作日（截止1月20日）');
  t.deepEqual(await c.sentTo('d'), []);
  c.clock.now = shanghai('2026-01-21T10:00');
  await runReminderTick(c.db, c.clock.now, calendar, { from: '10:00', to: '17:00' });
  t.true(urged((await c.sentTo('d'))[0]));
});
