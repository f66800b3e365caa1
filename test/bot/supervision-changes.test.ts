// 「甲镇改了啥」: a supervisor asks what the official changed since the return, through the engine;
// each cell from its value at the return to its value now, totals left out, a text by its length.
import { forEachDatabase } from '../support/databases.ts';
import { county, reportOf, shanghai } from '../support/supervision.ts';

forEachDatabase('「甲镇改了啥」 lists what the official changed since the return, cell by cell; a unit never returned is said so', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  await c.hand('乙镇', 'submitted', shanghai('2026-01-16T10:00'));
  t.regex(await c.say('demo-supervisor', '退回 甲镇 行政许可数字与台账不符，总体情况太简单 修改：行政许可 总体情况'), /^已退回甲镇的报告/);
  t.is(await c.say('demo-supervisor', '甲镇改了啥'), '【甲镇】1月19日退回修改（原因：「行政许可数字与台账不符，总体情况太简单」），尚未重新提交；需修改2项：行政许可·本年处理决定数量、总体情况。\n退回后尚未修改任何内容。');

  const before = reportOf('甲镇');
  const licensing = before.values['active.licensing.decisions']!;
  await c.say('a', `行政许可改成${licensing + 10}`);
  await c.say('a', '是');
  await c.say('a', '跳到总体情况');
  await c.say('a', '本年度全镇主动公开政府信息一百二十条，依申请公开办理四件，均按期答复。');
  await c.say('a', '完成');
  await c.say('a', '提交');
  t.regex(await c.say('a', '确认提交'), /已提交/);

  const changed = await c.say('demo-supervisor', '甲镇都改了哪些');
  t.is(changed, [
    '【甲镇】1月19日退回修改（原因：「行政许可数字与台账不符，总体情况太简单」），1月19日已重新提交，待审核。',
    '退回后修改了2处：',
    `· 行政许可·本年处理决定数量：${licensing} → ${licensing + 10}`,
    `· 总体情况：${[...before.texts.overview!.replace(/\n/g, '')].length}字 → 35字`,
    '回复“查看 甲镇 全文”阅读全部文字。',
  ].join('\n'));
  for (const text of ['甲镇改了什么', '看看甲镇修改了哪些地方', '甲镇的修改记录', '甲改了几处']) t.is(await c.say('demo-supervisor', text), changed, text);
  t.is(await c.say('demo-supervisor', '乙镇改了啥'), '乙镇的报告目前没有退回（或退回已撤回），没有“退回后的修改”可查。回复“查看 乙镇”了解其情况。');
  // A return withdrawn is no return to compare with.
  t.regex(await c.say('demo-supervisor', '退回 乙镇 数字有误'), /^已退回乙镇的报告/);
  t.regex(await c.say('demo-supervisor', '撤回退回 乙镇'), /^已撤回对乙镇的退回/);
  t.is(await c.say('demo-supervisor', '乙镇改了啥'), '乙镇的报告目前没有退回（或退回已撤回），没有“退回后的修改”可查。回复“查看 乙镇”了解其情况。');
});
