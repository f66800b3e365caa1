// A unit nobody files for (no enabled 填报人) is flagged wherever a supervisor looks — 进度, 未交,
// 查看, 逾期 and the morning digest — so that they call it; and a supervisor with nothing under
// them is told so, not that no campaign is running.
import { Member } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import { storeAncestries } from '../../src/bot/jurisdiction.ts';
import { digestText } from '../../handlers/reminders.ts';
import { jurisdictionOf } from '../../src/bot/supervision.ts';
import { forEachDatabase } from '../support/databases.ts';
import { county, shanghai } from '../support/supervision.ts';

forEachDatabase('a unit without an enabled 填报人 is flagged in 进度, 未交, 查看, 逾期 and the digest', async (t, database) => {
  const c = await county(t, database, '2026-01-26T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  await c.db.manager.update(Member, { userId: 'd' }, { disabledAt: shanghai('2026-01-10T10:00') });
  await c.db.manager.delete(Member, { userId: 'e' });
  const flag = '尚未设置填报人员，无法提醒';

  t.regex(await c.say('demo-supervisor', '进度'), new RegExp(`\n${flag}（请电话联系）：丁镇、县统计局\n`));
  const pending = await c.say('demo-supervisor', '未交');
  t.true(pending.includes(`· 丁镇：未开始，已逾期4个工作日（截止1月20日）（${flag}）\n`));
  t.true(pending.includes(`· 县统计局：未开始，截止1月31日，还有5天（${flag}）\n`));
  t.true(pending.includes('· 乙镇：未开始，已逾期4个工作日（截止1月20日）\n'), 'a unit with a 填报人 is not flagged');
  t.regex(await c.say('demo-supervisor', '查看 丁镇'), new RegExp(`^【丁镇】未开始，已逾期4个工作日（截止1月20日）（${flag}）\n`));
  t.regex(await c.say('demo-supervisor', '哪些单位逾期了'), new RegExp(`· 丁镇：未开始，已逾期4个工作日（截止1月20日）（${flag}）`));
  t.notRegex(await c.say('demo-supervisor', '查看 甲镇'), new RegExp(flag), 'a unit handed in needs no reminder');

  const supervisor = await c.db.manager.findOneByOrFail(Member, { userId: 'demo-supervisor' });
  const found = await jurisdictionOf(c.db.manager, supervisor.unitId, '2026-01-26');
  const digest = digestText({ supervisorUnit: '某县政务公开办', year: 2025, units: found!.units, today: '2026-01-26' }, { submitted: [], returned: [], approved: [], edited: 0 });
  t.regex(digest, new RegExp(`\n${flag}（请电话联系）：丁镇、县统计局\n`));
});

forEachDatabase('a supervisor with no unit under them is told so, and what to do', async (t, database) => {
  const c = await county(t, database, '2026-01-26T10:00');
  const county_ = await c.db.manager.findOneByOrFail(Unit, { name: '某县政务公开办' });
  const office = await c.db.manager.save(Unit, { name: '某乡政务公开办', kind: '乡', parentId: county_.id, createdAt: shanghai('2026-01-01T10:00') });
  await storeAncestries(c.db.manager);
  await c.db.manager.save(Member, { userId: 'lone', userKey: 'lone', name: '乡审核人', role: 'supervisor', unitId: office.id, createdAt: shanghai('2026-01-01T10:00') });
  t.is(await c.say('lone', '进度'), '您好，某乡政务公开办下目前没有登记任何下级单位，因此没有需要审核的报告。如需添加下级单位及其填报人员，请联系系统管理员。');
});
