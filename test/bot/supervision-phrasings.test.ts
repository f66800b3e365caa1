// A county supervisor's own phrasings, through the engine on the database: 「钱集镇没问题了，通过吧」,
// 「钱集镇的报告退回去，<理由>」, 「胡集镇的报告看一下」, 「哪些单位逾期了」, 「催一下韩山和颜集」 (short
// names resolved within the jurisdiction; a short name fitting two units asked about, nothing done),
// and a phrase that could mean something else (「钱集镇可以了」, 「钱集镇通过了吗」, 「韩山催了没有」) never acted on.
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { forEachDatabase } from '../support/databases.ts';
import { county, shanghai, type County } from '../support/supervision.ts';

const status = async (c: County, name: string) => (await c.db.manager.findOneByOrFail(ReportRecord, { unitId: await c.unitId(name), year: 2025 })).status;

/** The county with real town names: 钱集镇 (a) and 胡集镇 (b) handed in on 16 January, 韩山镇 (c) and 颜集镇 (d) not, all due 20 January. */
async function towns(t: Parameters<Parameters<typeof forEachDatabase>[1]>[0], database: Parameters<Parameters<typeof forEachDatabase>[1]>[1]): Promise<County> {
  const c = await county(t, database, '2026-01-26T10:00');
  for (const [from, to] of [['甲镇', '钱集镇'], ['乙镇', '胡集镇'], ['丙镇', '韩山镇'], ['丁镇', '颜集镇']]) await c.db.manager.update(Unit, { name: from }, { name: to });
  await c.hand('钱集镇', 'submitted', shanghai('2026-01-16T10:00'));
  await c.hand('胡集镇', 'submitted', shanghai('2026-01-16T10:00'));
  return c;
}

forEachDatabase('the supervisor\'s 通过, 退回, 查看, 逾期 and 催办 in their own words are done exactly; an appraisal or a question is not', async (t, database) => {
  const c = await towns(t, database);
  t.is(await c.say('demo-supervisor', '钱集镇可以了'), '请问是要审核通过钱集镇的报告吗？尚未办理。确认请回复“通过 钱集镇”；如需先看内容，请回复“查看 钱集镇”。');
  t.regex(await c.say('demo-supervisor', '钱集镇通过了吗？'), /^【钱集镇】已提交，1月16日提交，按时\n/);
  t.is(await status(c, '钱集镇'), 'submitted', 'neither the appraisal nor the question approved it');

  t.is(await c.say('demo-supervisor', '钱集镇没问题了，通过吧'), '已审核通过钱集镇的报告，填报人会收到通知。');
  t.is(await status(c, '钱集镇'), 'approved');
  t.regex((await c.sentTo('a')).at(-1)!, /^您好，钱集镇2025年度政府信息公开工作年度报告已由某县政务公开办审核通过。/);

  t.regex(await c.say('demo-supervisor', '胡集镇的报告看一下'), /^【胡集镇】已提交，1月16日提交，按时\n主要数据：新收申请4件/);
  t.regex(await c.say('demo-supervisor', '胡集镇要不要退回？'), /^【胡集镇】已提交/);
  t.is(await status(c, '胡集镇'), 'submitted');
  const reason = '第四部分行政复议数字与台账不符，请核实';
  t.is(await c.say('demo-supervisor', `胡集镇的报告退回去，${reason}`), `已退回胡集镇的报告（全部内容可修改），原因：「${reason}」。填报人会收到通知和完整的修改清单，重新提交后将告知您；填报人修改前可回复“撤回退回 胡集镇”撤回。`);
  t.is(await status(c, '胡集镇'), 'returned');
  t.regex((await c.sentTo('b')).at(-1)!, new RegExp(`\n原因：${reason}\n`));

  t.is(await c.say('demo-supervisor', '哪些单位逾期了'), '逾期未交2个单位：\n· 韩山镇：未开始，已逾期4个工作日（截止1月20日）\n· 颜集镇：未开始，已逾期4个工作日（截止1月20日）\n回复“催一下逾期的”可催办这些单位。');
  t.is(await c.say('demo-supervisor', '韩山催了没有'), '【韩山镇】未开始，已逾期4个工作日（截止1月20日）\n尚未催办过。\n系统尚未发出过自动提醒。', 'a question about a 催办 is answered from what was sent');
  t.deepEqual(await c.sentTo('c'), [], 'and sends none');
  t.is(await c.say('demo-supervisor', '催一下韩山和颜集'), '已向2个单位发出催办：\n· 韩山镇（1名填报人）：已逾期4个工作日（截止1月20日）\n· 颜集镇（1名填报人）：已逾期4个工作日（截止1月20日）');
  t.is((await c.sentTo('c')).length, 1);
  t.is((await c.sentTo('d')).length, 1);
  t.is((await c.say('demo-supervisor', '韩山催了没有')).split('\n')[2], '· 1月26日（星期一）10:00 某县政务公开办催办，发给填报人3（演示），正在发送');
});

forEachDatabase('a short name that fits two units of the jurisdiction is asked about, and nothing is done for any unit named with it', async (t, database) => {
  const c = await towns(t, database);
  await c.db.manager.update(Unit, { name: '县统计局' }, { name: '韩山街道' });
  t.is(await c.say('demo-supervisor', '催一下韩山和颜集'), '「韩山」对应多个单位：韩山镇、韩山街道，请写得更完整些。本次未催办任何单位。回复“未交”可查看未提交的单位。');
  t.deepEqual([await c.sentTo('c'), await c.sentTo('d'), await c.sentTo('e')], [[], [], []]);
  t.is(await c.say('demo-supervisor', '退回韩山数字不对'), '「韩山」对应多个单位：韩山镇、韩山街道。请写得更完整些，本次未退回。');
  t.is(await c.say('demo-supervisor', '胡集和韩山通过吧'), '「韩山」对应多个单位：韩山镇、韩山街道，请写得更完整些。本次未办理任何单位。回复“未交”可查看未提交的单位。');
  t.is(await status(c, '胡集镇'), 'submitted', 'the unit named unambiguously is not approved either');
});
