// The official sees why their report was returned: the supervisor's reason is kept with the
// return in the audit trail, answered to 「为什么退回了」 / 「退回原因是什么」, and shown in 预览 and 进度.
import { CellChange } from '../../entities/cell-change.ts';
import { forEachDatabase } from '../support/databases.ts';
import { county, shanghai } from '../support/supervision.ts';

forEachDatabase('the 退回 reason is kept and the official is told it when asking why, in 预览 and in 进度', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  const reason = '第四部分行政复议数字与台账不符，请核实';
  t.regex(await c.say('demo-supervisor', `甲镇的报告退回去，${reason} 修改：行政复议`), /^已退回甲镇的报告（需修改/);
  const [row] = await c.db.manager.find(CellChange, { where: { cell: 'status', newValue: '"returned"' } });
  t.is(row.note, reason, 'kept with the return in the audit trail');

  const answer = `审核人退回的原因：${reason}\n需修改的项目：`;
  const asked = await c.say('a', '为什么退回了');
  t.true(asked.includes(answer), asked);
  t.true(asked.includes(`\n您好，甲镇2025年度政府信息公开工作年度报告已被审核人退回（原因：${reason}）。需修改的项目：行政复议`), 'the greeting of a returned report says why too');
  t.true(asked.includes('改好后回复“提交”重新提交。'));
  t.true((await c.say('a', '退回原因是什么？')).includes(answer));
  t.true((await c.say('a', '为啥被打回来')).includes(answer));
  t.true((await c.say('a', '被退回是因为什么')).includes(answer));
  t.notRegex(await c.say('a', '怎么退回上一步'), /审核人退回的原因/, 'going back a step is not asking why');
  // Once returned, the same question in fewer words.
  for (const text of ['怎么了', '咋了？', '怎么回事啊', '哪里不对', '要改什么', '改哪里呀', '需要改哪些地方', '出什么问题了']) t.true((await c.say('a', text)).includes(answer), text);
  t.regex(await c.say('a', '预览'), new RegExp(`\n【预览】甲镇2025年度政府信息公开工作年度报告（.+）· 已退回\n退回原因：${reason}\n`));
  t.regex(await c.say('a', '进度'), new RegExp(`\n退回原因：${reason}\n需修改的项目：`));

  t.regex(await c.say('b', '为什么退回了'), /本报告目前填报中，没有被退回。/);
  t.notRegex(await c.say('b', '怎么了'), /退回/, 'a report not returned: 「怎么了」 is no question about a return');
});

forEachDatabase('a 退回 that names no item tells the official everything may change, without listing every cell', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  t.regex(await c.say('demo-supervisor', '把甲镇的退回去，数字不对'), /^已退回甲镇的报告（全部内容可修改）/);
  const asked = await c.say('a', '为什么退回了');
  t.true(asked.includes('审核人退回的原因：数字不对\n全部内容均可修改。'), asked);
  t.false(asked.includes('需修改的项目'), asked);
  const progress = await c.say('a', '进度');
  t.true(progress.includes('\n全部内容均可修改。'), progress);
  t.false(progress.includes('需修改的项目'), progress);
});
