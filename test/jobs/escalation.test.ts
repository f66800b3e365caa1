// Escalation and digests (issue 14, defect 5): late reminders change tone and stop offering
// 明天再提醒我, go every 2nd working day after a week late, a unit 5 working days late is escalated
// once one level up; the digest covers everything since the previous one (a weekend too), counts
// submissions, returns and approvals apart, names every overdue unit and the next deadline; every
// supervisor above a unit hears of its submission once, the nearest level by default.
import { Member } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import { storeAncestries } from '../../src/bot/jurisdiction.ts';
import { findWriter } from '../../src/bot/store.ts';
import { notifySubmitted } from '../../src/bot/supervision.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';
import { runReminderTick } from '../../src/jobs/reminder-tick.ts';
import { forEachDatabase } from '../support/databases.ts';
import { county, shanghai, type County } from '../support/supervision.ts';

const calendar = loadCalendar();

/** 某市政务公开办 (member `city`) above the county's office. */
async function withCity(c: County): Promise<void> {
  const city = await c.db.manager.save(Unit, { name: '某市政务公开办', kind: '县级部门', parentId: null, createdAt: c.clock.now });
  await c.db.manager.update(Unit, { name: '某县政务公开办' }, { parentId: city.id });
  await storeAncestries(c.db.manager);
  await c.db.manager.save(Member, { userId: 'city', userKey: 'city', name: '市审核人', role: 'supervisor', unitId: city.id, createdAt: c.clock.now });
}

/** Tick at 09:30 on each working day from `from` to `to`; what each member received on each day. */
async function walk(c: County, from: string, to: string): Promise<Map<string, string[]>> {
  const got = new Map<string, string[]>();
  for (let day = from; day <= to; day = calendar.nextWorkingDay(day)) {
    c.clock.now = shanghai(`${day}T09:30`);
    const before = new Map<string, number>();
    for (const user of ['d', 'city', 'demo-supervisor']) before.set(user, (await c.sentTo(user)).length);
    await runReminderTick(c.db, c.clock.now, calendar);
    for (const user of ['d', 'city', 'demo-supervisor']) {
      for (const text of (await c.sentTo(user)).slice(before.get(user))) got.set(`${day} ${user}`, [...(got.get(`${day} ${user}`) ?? []), text]);
    }
  }
  return got;
}

forEachDatabase('late reminders change tone without 明天再提醒我, come every 2nd working day after a week, and a unit 5 working days late is escalated once to the level above', async (t, database) => {
  const c = await county(t, database, '2026-01-21T08:00');
  await withCity(c);
  for (const name of ['甲镇', '乙镇', '丙镇']) await c.hand(name, 'submitted', shanghai('2026-01-19T10:00'));
  const got = await walk(c, '2026-01-21', '2026-02-06');
  const toD = [...got].filter(([key]) => key.endsWith(' d')).map(([key, texts]) => [key.slice(0, 10), texts.length]);
  t.deepEqual(toD, [
    ['2026-01-21', 1], ['2026-01-22', 1], ['2026-01-23', 1], ['2026-01-26', 1], ['2026-01-27', 1], // daily for five working days
    ['2026-01-29', 1], ['2026-02-02', 1], ['2026-02-04', 1], ['2026-02-06', 1], // then every 2nd working day
  ]);
  for (const [, [text]] of [...got].filter(([key]) => key.endsWith(' d'))) {
    t.regex(text, /^请注意：丁镇2025年度政府信息公开工作年度报告已超过截止日期（1月20日）\d+个工作日/);
    t.notRegex(text, /明天再提醒我/);
  }
  t.regex(got.get('2026-02-06 d')![0], /已超过截止日期（1月20日）13个工作日/);
  const toCity = [...got].filter(([key]) => key.endsWith(' city'));
  // Once per unit, on its fifth working day late: 丁镇 by the towns' deadline, 县统计局 by the departments' (1月31日).
  t.deepEqual(toCity.map(([key, texts]) => [key.slice(0, 10), texts.length]), [['2026-01-27', 1], ['2026-02-06', 1]]);
  t.regex(toCity[1][1][0], /^【逾期提示】某县政务公开办所属的县统计局2025年度.*已逾期5个工作日仍未提交（截止1月31日）/);
  t.is(toCity[0][1][0], '【逾期提示】某县政务公开办所属的丁镇2025年度政府信息公开工作年度报告已逾期5个工作日仍未提交（截止1月20日）。系统持续提醒该单位，某县政务公开办每天收到逾期名单；您可回复“查看 丁镇”了解详情，或“催办 丁镇”。');
});

forEachDatabase('Monday\'s digest covers Friday afternoon: submissions, returns and approvals counted apart, every overdue unit with its days late, and the next deadline', async (t, database) => {
  const c = await county(t, database, '2026-01-23T09:30'); // a Friday
  await runReminderTick(c.db, c.clock.now, calendar);
  t.regex((await c.sentTo('demo-supervisor'))[0], /^早上好！【每日简报 · 某县政务公开办 · 2025年度报告】/);
  await c.hand('甲镇', 'submitted', shanghai('2026-01-19T10:00')); // before Friday's digest
  await c.hand('乙镇', 'submitted', shanghai('2026-01-23T15:00')); // Friday afternoon, 3 working days late
  c.clock.now = shanghai('2026-01-23T16:00');
  await c.say('demo-supervisor', '通过 乙镇');
  await c.say('demo-supervisor', '退回 甲镇 总体情况过于简略 修改：总体情况');
  await c.say('demo-supervisor', '通过 丙镇'); // not handed in: nothing happens
  c.clock.now = shanghai('2026-01-26T09:30'); // Monday
  const before = (await c.sentTo('demo-supervisor')).length;
  await runReminderTick(c.db, c.clock.now, calendar);
  const digest = (await c.sentTo('demo-supervisor')).slice(before).find((text) => text.startsWith('早上好'))!;
  t.regex(digest, /\n已提交1（其中已通过1）、填报中0、未开始3、退回修改1\n/);
  t.regex(digest, /\n1月23日简报以来：新提交1个（乙镇），退回1个（甲镇），审核通过1个（乙镇）。\n/);
  // 甲镇, returned on Friday, is due again on Wednesday; 县统计局 on 1月31日.
  t.regex(digest, /\n逾期未交2个：\n· 丙镇：逾期4个工作日（截止1月20日）\n· 丁镇：逾期4个工作日（截止1月20日）\n下一个截止日期：1月28日，1个单位尚未提交。$/);
});

forEachDatabase('a submission is told to the nearest level above that has supervisors, each once; with reach all, to every level above', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await withCity(c);
  // 甲镇 sits under a township office without supervisors, under the county.
  const office = await c.db.manager.save(Unit, { name: '甲镇片区办', kind: '县级部门', parentId: await c.unitId('某县政务公开办'), createdAt: c.clock.now });
  await c.db.manager.update(Unit, { name: '甲镇' }, { parentId: office.id });
  await storeAncestries(c.db.manager);
  const writer = (await findWriter(c.db.manager, 'a'))!;
  t.deepEqual((await notifySubmitted(c.db.manager, writer, 'k1', false)).map((o) => o.recipient), ['demo-supervisor']);
  t.deepEqual((await notifySubmitted(c.db.manager, writer, 'k2', false, 'all')).map((o) => o.recipient), ['demo-supervisor', 'city']);
});
