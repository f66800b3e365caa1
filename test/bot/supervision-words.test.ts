// Supervisors in their own words (issue 14, defect 7), through the engine: natural phrasings, 「查看
// 城」 listing the units it fits, one character naming a unit, several units in one command, 「全部
// 通过」 listing the units and approving exactly those on confirmation, and a message not understood
// said to be so, with the closest commands instead of the help block.
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { forEachDatabase } from '../support/databases.ts';
import { county, shanghai } from '../support/supervision.ts';

forEachDatabase('supervisors are understood in their own words: natural phrasings, a part of a name, several units, a message not understood', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.db.manager.update(Unit, { name: '丙镇' }, { name: '城东街道' });
  await c.db.manager.update(Unit, { name: '丁镇' }, { name: '城西街道' });
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  t.regex(await c.say('demo-supervisor', '看看还有谁没交'), /^未提交4个单位：\n· 乙镇：未开始，截止1月20日，还有1天\n· 城东街道：/);
  t.is(await c.say('demo-supervisor', '谁还没交？'), await c.say('demo-supervisor', '未交'));
  t.regex(await c.say('demo-supervisor', '甲镇的报告有问题吗'), /^【甲镇】已提交，1月16日提交，按时\n主要数据：/);
  t.is(await c.say('demo-supervisor', '查看 城'), '「城」对应2个单位：\n· 城东街道：未开始，截止1月20日，还有1天\n· 城西街道：未开始，截止1月20日，还有1天\n请回复“查看 城东街道”等查看详情。');
  t.regex(await c.say('demo-supervisor', '查看 统'), /^【县统计局】未开始，截止1月31日，还有12天/, 'one character naming one unit');
  t.is(await c.say('demo-supervisor', '帮我催一下乙镇'), '已向1个单位发出催办：\n· 乙镇（1名填报人）：截止1月20日，还有1天');
  t.is(await c.say('demo-supervisor', '催一下城东，城西'), '已向2个单位发出催办：\n· 城东街道（1名填报人）：截止1月20日，还有1天\n· 城西街道（1名填报人）：截止1月20日，还有1天');
  const lost = await c.say('demo-supervisor', '报告模板在哪里下载');
  t.is(lost, '抱歉，没有理解“报告模板在哪里下载”。您可能想用：\n· 下载 单位名\n· 查看 单位名\n· 未交\n回复“帮助”查看全部指令。');
  t.notRegex(lost, /审核人可用指令/);
});

forEachDatabase('全部通过 lists the units waiting for review and approves exactly those on confirmation; a changed list asks again', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  await c.hand('乙镇', 'submitted', shanghai('2026-01-19T09:00'));
  const asked = await c.say('demo-supervisor', '全部通过');
  const [, code] = /确认通过 (\d{4})/.exec(asked) ?? [];
  t.is(asked, `以下2个单位的报告已提交、待审核：\n· 甲镇：1月16日提交，按时\n· 乙镇：1月19日提交，按时\n确认全部审核通过，请回复“确认通过 ${code}”；只通过其中几个，可回复“通过 单位名 单位名”。`);
  const status = async (name: string) => (await c.db.manager.findOneByOrFail(ReportRecord, { unitId: await c.unitId(name) })).status;
  t.deepEqual([await status('甲镇'), await status('乙镇')], ['submitted', 'submitted'], 'nothing approved before the confirmation');
  await c.hand('丙镇', 'submitted', shanghai('2026-01-19T10:30'));
  t.regex(await c.say('demo-supervisor', `确认通过 ${code}`), /^待审核的单位已有变化，请按下面的清单重新确认。\n以下3个单位/);
  t.is(await status('甲镇'), 'submitted');
  const again = /确认通过 (\d{4})/.exec(await c.say('demo-supervisor', '全部通过'))![1];
  t.is(await c.say('demo-supervisor', `确认通过 ${again}`), '已审核通过以下3个单位的报告，填报人会收到通知：甲镇、乙镇、丙镇。');
  t.deepEqual([await status('甲镇'), await status('乙镇'), await status('丙镇')], ['approved', 'approved', 'approved']);
  t.regex((await c.sentTo('c')).at(-1)!, /已由某县政务公开办审核通过/);
});

forEachDatabase('a unit\'s name alone shows its report; 「通过」 alone approves nothing and names the reports waiting', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  t.is(await c.say('demo-supervisor', '甲镇'), await c.say('demo-supervisor', '查看 甲镇'));
  t.is(await c.say('demo-supervisor', '通过'), '请写明通过哪个单位的报告，如“通过 甲镇”。待审核的有：甲镇。');
  t.is((await c.db.manager.findOneByOrFail(ReportRecord, { status: 'submitted' })).status, 'submitted', 'nothing approved');
});
