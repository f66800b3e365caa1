// 退回 (issue 14, defect 4): items only from the explicit 「修改：」 part, exactly those cells and the
// totals computed from them, the official shown the complete list and the reason verbatim, 第3部分
// and 表三 understood, and 「撤回退回」 until the official edits.
import { CellChange } from '../../entities/cell-change.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { reopenedLabels } from '../../handlers/supervise-return.ts';
import { formats } from '../../src/report/formats.ts';
import { forEachDatabase } from '../support/databases.ts';
import { county, shanghai, type County } from '../support/supervision.ts';

async function record(c: County, name: string): Promise<ReportRecord> {
  return c.db.manager.findOneByOrFail(ReportRecord, { unitId: await c.unitId(name), year: 2025 });
}
const reopened = async (c: County, name: string) => JSON.parse((await record(c, name)).reopened ?? 'null') as string[] | null;
const inputsOf = (section: string) => formats['2021'].cells.filter((cell) => cell.section === section && !cell.total).map((cell) => cell.id);

forEachDatabase('a return reads items only after 修改：, reopens exactly the cell named and its totals, and hands the reason over verbatim', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  for (const name of ['甲镇', '乙镇', '丙镇', '丁镇']) await c.hand(name, 'submitted', shanghai('2026-01-16T10:00'));
  const reason = '“复议”一栏与台账不一致，请核实（见1月5日通知）。';
  t.is(await c.say('demo-supervisor', `退回 甲镇 ${reason} 修改：第一部分`), `已退回甲镇的报告（需修改1项：总体情况），原因：「${reason}」。填报人会收到通知和完整的修改清单，重新提交后将告知您；填报人修改前可回复“撤回退回 甲镇”撤回。`);
  t.deepEqual(await reopened(c, '甲镇'), ['texts.overview'], 'the 复议 quoted in the reason reopens nothing');
  t.is((await c.sentTo('a')).join(''), `您好，甲镇2025年度政府信息公开工作年度报告已被某县政务公开办退回修改。\n原因：${reason}\n需修改的项目（1项，合计数随之重新计算）：\n· 总体情况\n改好后回复“提交”重新提交。`);

  await c.say('demo-supervisor', '退回 乙镇 自然人申请的予以公开数与登记簿不符 修改：三（一）自然人');
  t.deepEqual((await reopened(c, '乙镇'))?.sort(), ['requests.granted.natural', 'requests.granted.total', 'requests.total.natural', 'requests.total.total'], 'one cell, its row total and the 总计 row');

  await c.say('demo-supervisor', '退回 丙镇 第三部分需重新统计 修改：第3部分');
  const third = await reopened(c, '丙镇');
  t.true(inputsOf('三').every((id) => third!.includes(id)));
  t.false(third!.some((id) => id.startsWith('appeals.') || id.startsWith('active.') || id.startsWith('texts.')));
  await c.say('demo-supervisor', '退回 丁镇 表格数字需核对 修改：表二、表三、行政诉讼');
  const many = (await reopened(c, '丁镇'))!;
  const labels = reopenedLabels('2021', many);
  t.true(labels.length > 30);
  const notice = (await c.sentTo('d')).join('\n');
  for (const label of labels) t.true(notice.includes(`· ${label}`), label);
  t.true(many.includes('appeals.directSuit.upheld') && many.includes('appeals.suitAfterReview.total'));
  t.false(many.includes('appeals.review.upheld'));
});

forEachDatabase('an item not understood stops the return and is named; without 修改： everything reopens', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  t.regex(await c.say('demo-supervisor', '退回 甲镇 数据有误 修改：第四部分、台账'), /^未能识别需修改的项目：「台账」，报告未退回。/);
  t.is((await record(c, '甲镇')).status, 'submitted');
  t.regex(await c.say('demo-supervisor', '退回 甲镇 请全面核对复议和诉讼数字'), /^已退回甲镇的报告（全部内容可修改），原因：「请全面核对复议和诉讼数字」/);
  t.is((await reopened(c, '甲镇'))!.length, formats['2021'].cells.length + 3);
  t.regex((await c.sentTo('a')).at(-1)!, /原因：请全面核对复议和诉讼数字\n全部内容均可修改。/);
});

forEachDatabase('撤回退回 restores the report as it was and tells the official, until the official edits; a withdrawn return leaves no resubmission date', async (t, database) => {
  const c = await county(t, database, '2026-01-22T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  await c.hand('乙镇', 'submitted', shanghai('2026-01-16T10:00'));
  await c.say('demo-supervisor', '退回 甲镇 行政复议数字有误 修改：行政复议');
  t.is(await c.say('demo-supervisor', '撤回退回 甲镇'), '已撤回对甲镇的退回，报告恢复为“已提交”，已通知填报人。');
  t.like(await record(c, '甲镇'), { status: 'submitted', reopened: null });
  t.is((await c.sentTo('a')).at(-1), '您好，某县政务公开办已撤回对甲镇2025年度政府信息公开工作年度报告的退回，报告恢复为“已提交”，无需修改。');
  t.regex(await c.say('demo-supervisor', '查看 甲镇'), /^【甲镇】已提交，1月16日提交，按时/);
  t.is(await c.say('demo-supervisor', '撤回退回 甲镇'), '甲镇的报告已提交，没有可撤回的退回。');

  await c.say('demo-supervisor', '退回 乙镇 行政复议数字有误 修改：行政复议');
  const report = await record(c, '乙镇');
  // The official changes a reopened cell.
  await c.db.manager.insert(CellChange, { reportId: report.id, cell: 'appeals.review.upheld', oldValue: '0', newValue: '1', memberId: null, messageKey: 'k-official', at: shanghai('2026-01-22T11:00') });
  c.clock.now = shanghai('2026-01-22T11:30');
  t.is(await c.say('demo-supervisor', '撤回退回 乙镇'), '乙镇的填报人已开始修改（1处），不能再撤回退回。如无需修改，可待其重新提交后回复“通过 乙镇”。');
  t.is((await record(c, '乙镇')).status, 'returned');
});
