// A deadline that falls on a day off is said to: the official's 「截止」 and the supervisor's 进度
// and 未交 name the last working day before it (the rule the reminders follow, src/calendar/).
import { forEachDatabase } from '../support/databases.ts';
import { county } from '../support/supervision.ts';

const NOTE = '截止日1月31日为周六，请于1月30日（周五）前提交。';

forEachDatabase('a deadline on a Saturday is said to fall on a day off, in 截止, 进度 and 未交; a deadline on a working day is not', async (t, database) => {
  const c = await county(t, database, '2026-01-26T10:00');
  // 县统计局 (e) is due Saturday 31 January 2026; the towns Tuesday 20 January.
  t.true((await c.say('e', '截止')).includes(`本单位年度报告的填报截止日期为2026年1月31日，还有5天。${NOTE}`));
  t.true((await c.say('e', '什么时候截止？')).includes(NOTE));
  t.notRegex(await c.say('a', '截止'), /截止日.+为(?:周|法定节假日)/, 'a deadline on a Tuesday needs no note');
  const progress = await c.say('demo-supervisor', '进度');
  t.true(progress.endsWith(`\n${NOTE}`), progress);
  t.true((await c.say('demo-supervisor', '未交')).endsWith(`\n${NOTE}`));

  c.clock.now = new Date('2026-02-02T02:00:00Z');
  t.false((await c.say('demo-supervisor', '进度')).includes(NOTE), 'a deadline passed is not announced again');
});

forEachDatabase('an official past the deadline is told the working days late, the count the supervisor and the reminders give', async (t, database) => {
  const c = await county(t, database, '2026-01-26T10:00');
  // The towns were due Tuesday 20 January: 21, 22, 23 and 26 January are the working days since (6 calendar days).
  t.true((await c.say('a', '截止')).includes('本单位年度报告的填报截止日期为2026年1月20日，已逾期4个工作日，请尽快提交。'));
  t.regex(await c.say('demo-supervisor', '查看 甲镇'), /已逾期4个工作日（截止1月20日）/);
});
