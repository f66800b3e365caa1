import type { ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { Campaign } from '../../entities/campaign.ts';
import { Conversation } from '../../entities/conversation.ts';
import { Member } from '../../entities/member.ts';
import { Reminder } from '../../entities/reminder.ts';
import type { ReportRecordStatus } from '../../handlers/standing.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { campaignUnits, closeCampaign, deleteCampaign, editCampaign, excludeUnit, includeUnit, reopenCampaign } from '../../src/admin/campaign-changes.ts';
import { campaignStatus, createCampaign } from '../../src/admin/campaigns.ts';
import { importMembers } from '../../src/admin/import-members.ts';
import { importUnits } from '../../src/admin/import-units.ts';
import { createEngine } from '../../src/bot/engine.ts';
import { campaignUnitIds } from '../../src/bot/jurisdiction.ts';
import { datetime, execute } from '../../src/bot/sql.ts';
import { findWriter } from '../../src/bot/store.ts';
import { migrations } from '../../src/db/data-source.ts';
import { CampaignScopes1796700000000 } from '../../src/db/migrations/0007-campaign-scopes.ts';
import { countyMembers, countyUnits } from '../support/county.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';

const units = countyUnits;
const members = countyMembers;

/** The county with its members, and its 2025 campaign (number 1) over 张家港市 and the units under it. */
async function county(t: ExecutionContext, database: TestDatabase): Promise<DataSource> {
  const db = await database.open(t);
  t.like(await importUnits(db, units), { kind: 'imported' });
  t.like(await importMembers(db, members), { kind: 'imported' });
  t.like(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-20', deadlineFor: { 县级部门: '2026-01-31' }, units: ['张家港市'] }), { kind: 'created', campaignId: 1 });
  return db;
}

async function names(db: DataSource, campaignId: number): Promise<string[]> {
  const ids = await campaignUnitIds(db.manager, campaignId);
  return (await db.manager.find(Unit, { order: { id: 'ASC' } })).filter((u) => ids.has(u.id)).map((u) => u.name);
}

async function addUnits(t: ExecutionContext, db: DataSource, csv: string, people?: string): Promise<void> {
  t.like(await importUnits(db, `name,kind,parent\n${csv}`), { kind: 'imported' });
  if (people) t.like(await importMembers(db, `userid,name,role,unit\n${people}`), { kind: 'imported' });
}

/** A report of 2025 for the unit named, in campaign 1 unless another is given. */
async function report(db: DataSource, unit: string, status: ReportRecordStatus, values = '{}', campaignId = 1): Promise<number> {
  const { id } = await db.manager.findOneByOrFail(Unit, { name: unit });
  const saved = await db.manager.save(ReportRecord, {
    unitId: id, campaignId, year: 2025, format: '2021', status, values, reopened: null, version: 1, submittedAt: null, updatedAt: new Date(),
  });
  return saved.id;
}

const overlap = (id: number, unit: string, closed = '') => `2025年度已有填报任务（编号 ${id}${closed}）包括「${unit}」。同一年度可以有多个填报任务（如各县各一个），但范围不能重叠；请用 --unit 指定本任务的上级单位，或修改编号 ${id} 的任务`;

forEachDatabase('a unit created under the scope after the campaign started files in it at once; one created outside does not', async (t, database) => {
  const db = await county(t, database);
  t.deepEqual(await names(db, 1), ['张家港市', '财政局', '杨舍镇', '金港街道', '南丰镇']);
  await addUnits(t, db, '塘桥镇,镇,政务公开办\n昆山市,县市政府,\n', 'f6,己,填报人,塘桥镇\nk1,庚,填报人,昆山市\n');
  t.deepEqual(await names(db, 1), ['张家港市', '财政局', '杨舍镇', '金港街道', '南丰镇', '塘桥镇']);
  t.deepEqual((await findWriter(db.manager, 'f6'))?.campaign, { id: 1, year: 2025, format: '2021', deadline: '2026-01-20' });
  t.is((await findWriter(db.manager, 'k1'))?.campaign, undefined);
  const status = await campaignStatus(db, { campaignId: 1, now: new Date('2026-01-05T09:00:00+08:00') });
  t.deepEqual(status.kind === 'status' && status.units.map((u) => u.name), ['南丰镇', '塘桥镇', '杨舍镇', '金港街道', '财政局', '张家港市']);
});

forEachDatabase('through the bot: a new unit\'s official files at once, an excluded unit\'s is told there is nothing to file, a closed campaign\'s that it has ended', async (t, database) => {
  const db = await county(t, database);
  await addUnits(t, db, '塘桥镇,镇,政务公开办\n', 'f6,己,填报人,塘桥镇\n');
  const at = new Date('2026-01-05T02:00:00Z');
  const engine = createEngine(db, { now: () => at });
  const say = async (userId: string, text: string, key: string) => (await engine.handle({ key, userId, text, receivedAt: at })).replies.join('\n');
  await say('f6', '开始', 'm1');
  t.regex(await say('f6', '0 0 0', 'm2'), /已记录：规章 0 \/ 0 \/ 0/);
  const tangqiao = await db.manager.findOneByOrFail(Unit, { name: '塘桥镇' });
  t.deepEqual((await db.manager.findOneByOrFail(ReportRecord, { unitId: tangqiao.id })).campaignId, 1);
  t.like(await excludeUnit(db, '南丰镇'), { kind: 'done' });
  t.is(await say('f4', '开始', 'm3'), '您好，目前没有需要您单位填报的政府信息公开工作年度报告。如有疑问，请联系上级政务公开办。');
  t.like(await closeCampaign(db, 1), { kind: 'done' });
  t.is(await say('f6', '0 0 0', 'm4'), '您好，2025年度政府信息公开工作年度报告的填报已结束，系统不再接收报告，您单位已保存的内容不会丢失。如需修改或补报，请联系上级政务公开办。');
});

forEachDatabase('several campaigns for one year serve several counties when their scopes do not overlap; an overlap is refused naming the other and a shared unit', async (t, database) => {
  const db = await county(t, database);
  await addUnits(t, db, '昆山市,县市政府,\n周市镇,镇,昆山市\n', 'k1,庚,填报人,周市镇\n');
  t.like(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-25', units: ['昆山市'] }), { kind: 'created', campaignId: 2, units: ['昆山市', '周市镇'] });
  t.deepEqual((await findWriter(db.manager, 'k1'))?.campaign, { id: 2, year: 2025, format: '2021', deadline: '2026-01-25' });
  t.deepEqual((await findWriter(db.manager, 'f2'))?.campaign, { id: 1, year: 2025, format: '2021', deadline: '2026-01-20' });
  t.deepEqual(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-25', units: ['周市镇'] }), { kind: 'refused', problems: [overlap(2, '周市镇')] });
  t.deepEqual(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-25', units: 'all' }), { kind: 'refused', problems: [overlap(1, '张家港市')] });
  // A closed campaign still holds its units' reports of the year.
  t.like(await closeCampaign(db, 2), { kind: 'done' });
  t.deepEqual(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-25', units: ['昆山市'] }), { kind: 'refused', problems: [overlap(2, '昆山市', '，已结束')] });
  t.like(await createCampaign(db, { year: 2026, format: '2021', deadline: '2027-01-25', units: ['昆山市'] }), { kind: 'created', campaignId: 3 });
});

forEachDatabase('close stops a campaign (its officials are told it has ended) and reopen starts it again; each refuses what is already so', async (t, database) => {
  const db = await county(t, database);
  await addUnits(t, db, '昆山市,县市政府,\n');
  t.like(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-25', units: ['昆山市'] }), { kind: 'created', campaignId: 2 });
  t.deepEqual(await closeCampaign(db), { kind: 'refused', problems: ['有 2 个进行中的填报任务：2025年度填报任务（编号 1）、2025年度填报任务（编号 2）。请用 --campaign 指定编号'] });
  t.deepEqual(await campaignStatus(db, { now: new Date('2026-01-05T09:00:00+08:00') }), { kind: 'missing', reason: '2025年度有 2 个进行中的填报任务（编号 1、2），请用 --campaign 指定编号' });
  t.like(await closeCampaign(db, 1), {
    kind: 'done', campaign: { id: 1 },
    said: ['已结束2025年度填报任务（编号 1）：不再接收报告，也不再发送提醒；已保存的内容全部保留。如需重新接收：nianbao campaign reopen --campaign 1'], warnings: [],
  });
  t.is((await db.manager.findOneByOrFail(Campaign, { id: 1 })).status, 'closed');
  const writer = await findWriter(db.manager, 'f2');
  t.deepEqual([writer?.campaign, writer?.closedYear], [undefined, 2025]);
  t.deepEqual(await closeCampaign(db, 1), { kind: 'refused', problems: ['2025年度填报任务（编号 1）已经结束；如需重新接收报告：nianbao campaign reopen --campaign 1'] });
  t.like(await reopenCampaign(db, 1), { kind: 'done', said: ['已重新开始2025年度填报任务（编号 1），各单位可以继续填报。'], warnings: [] });
  t.is((await findWriter(db.manager, 'f2'))?.campaign?.id, 1);
  t.deepEqual(await reopenCampaign(db, 1), { kind: 'refused', problems: ['2025年度填报任务（编号 1）正在进行中，无需重新开始'] });
  t.deepEqual(await reopenCampaign(db, 9), { kind: 'refused', problems: ['没有编号为 9 的填报任务；查看进度：nianbao campaign status'] });
  // Reopened while another year's campaign is open over its units: said, for they file in the newest one in chat.
  t.like(await closeCampaign(db, 1), { kind: 'done' });
  t.like(await createCampaign(db, { year: 2026, format: '2021', deadline: '2027-01-20', force: true }), { kind: 'created', campaignId: 3 });
  const reopened = await reopenCampaign(db, 1);
  t.is(reopened.kind, 'done');
  t.deepEqual(reopened.kind === 'done' && reopened.warnings.map((w) => w.replace(/「[^」]+」/, '「…」')), ['2026年度的填报任务（编号 3）仍在进行，包括「…」。一个单位同时只在最新的任务中填报，要在对话中处理本任务的报告，请先结束编号 3 的任务']);
});

forEachDatabase('edit changes deadlines at any time and the format only while nothing is filed, refusing bad input with nothing changed', async (t, database) => {
  const db = await county(t, database);
  const deadlines = async () => JSON.parse((await db.manager.findOneByOrFail(Campaign, { id: 1 })).deadlines) as Record<string, string>;
  t.deepEqual(await editCampaign(db, undefined, {}), { kind: 'refused', problems: ['请指定要修改的内容：--deadline、--deadline-for 类型=日期（类型=默认 取消单独的截止日期）或 --format'] });
  t.deepEqual(await editCampaign(db, 1, { deadline: '2026-02-30', deadlineFor: { 村: '2026-01-31', 镇: null }, format: '2020' }), {
    kind: 'refused',
    problems: [
      '截止日期「2026-02-30」不是有效日期，应写作 YYYY-MM-DD，例如 2026-01-20',
      '--deadline-for 村=2026-01-31：类型「村」无效，应为 镇、乡、街道、县级部门、县市政府之一',
      '镇没有单独的截止日期，无需取消',
      '格式「2020」无效，应为 2019 或 2021',
    ],
  });
  t.like(await editCampaign(db, 1, { deadline: '2026-01-25', deadlineFor: { 镇: '2026-01-15' } }), {
    kind: 'done', said: ['已修改2025年度填报任务（编号 1）：截止日期 2026-01-20 → 2026-01-25；镇的截止日期 2026-01-20 → 2026-01-15。'], warnings: [],
  });
  t.deepEqual(await deadlines(), { default: '2026-01-25', 县级部门: '2026-01-31', 镇: '2026-01-15' });
  t.like(await editCampaign(db, 1, { deadlineFor: { 镇: null, 县级部门: '2026-02-10' } }), {
    kind: 'done',
    said: ['已修改2025年度填报任务（编号 1）：镇的截止日期 2026-01-15 → 同其余单位（2026-01-25）；县级部门的截止日期 2026-01-31 → 2026-02-10。'],
    warnings: ['县级部门的截止日期 2026-02-10 晚于条例第四十九条的期限：县级以上人民政府部门应在每年1月31日前提交上一年度报告'],
  });
  t.deepEqual(await deadlines(), { default: '2026-01-25', 县级部门: '2026-02-10' });
  // A draft opened in chat with nothing in it does not count as filed; it follows the new format.
  const empty = await report(db, '杨舍镇', 'draft');
  t.deepEqual(await editCampaign(db, 1, { format: '2019' }), { kind: 'refused', problems: ['2025年度报告应使用2021年格式（国办公开办函〔2021〕30号），而不是2019年试行格式；如确需使用，请加 --force'] });
  t.like(await editCampaign(db, 1, { format: '2019', force: true }), { kind: 'done', said: ['已修改2025年度填报任务（编号 1）：格式 2021年 → 2019年。'] });
  t.is((await db.manager.findOneByOrFail(ReportRecord, { id: empty })).format, '2019');
  t.deepEqual(await editCampaign(db, 1, { format: '2019' }), { kind: 'refused', problems: ['2025年度填报任务（编号 1）已经是2019年格式'] });
  await report(db, '财政局', 'draft', '{"regulations.made":1}');
  t.deepEqual(await editCampaign(db, 1, { format: '2021' }), {
    kind: 'refused', problems: ['不能更改格式：财政局已按2019年格式保存了内容（已填写数据、已提交或已导入报告）。格式只能在还没有任何单位填写时更改'],
  });
  t.is((await db.manager.findOneByOrFail(Campaign, { id: 1 })).format, '2019');
});

forEachDatabase('delete is refused once a unit saved anything, naming it; with only empty drafts it removes the campaign, the drafts and its pending reminders', async (t, database) => {
  const db = await county(t, database);
  await report(db, '南丰镇', 'submitted');
  t.deepEqual(await deleteCampaign(db, 1), {
    kind: 'refused',
    problems: ['不能删除2025年度填报任务（编号 1）：南丰镇已保存了内容（已填写数据、已提交或已导入报告），删除会丢失这些内容。只有还没有任何单位填写的任务才能删除；如不再接收报告，请用 nianbao campaign close --campaign 1'],
  });
  t.is(await db.manager.count(Campaign), 1);
  t.deepEqual(await deleteCampaign(db, 7), { kind: 'refused', problems: ['没有编号为 7 的填报任务；查看进度：nianbao campaign status'] });
  // Another county's campaign, opened in chat by its official but with nothing saved.
  await addUnits(t, db, '昆山市,县市政府,\n', 'k1,庚,填报人,昆山市\n');
  t.like(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-25', units: ['昆山市'] }), { kind: 'created', campaignId: 2 });
  const draft = await report(db, '昆山市', 'draft', '{}', 2);
  const member = await db.manager.findOneByOrFail(Member, { userId: 'k1' });
  await db.manager.insert(Conversation, { memberId: member.id, reportId: draft, state: '{}', version: 1, updatedAt: new Date() });
  await execute(db.manager, 'INSERT INTO {reminders} ({idempotencyKey}, {campaignId}, {unitId}, {recipient}, {kind}, {dueAt}, {state}, {note}, {createdAt}) VALUES (?, 2, NULL, ?, ?, ?, ?, NULL, ?)',
    ['remind:2:x', 'k1', 'before', datetime(db.manager, new Date('2026-01-20T01:20:00Z')), 'pending', datetime(db.manager, new Date())]);
  t.like(await deleteCampaign(db, 2), { kind: 'done', campaign: { id: 2 }, said: ['已删除2025年度填报任务（编号 2）（还没有任何单位填写）。'], warnings: [] });
  t.deepEqual((await db.manager.find(Campaign)).map((c) => c.id), [1]);
  t.is(await db.manager.countBy(ReportRecord, { id: draft }), 0);
  t.is((await db.manager.findOneByOrFail(Conversation, { memberId: member.id })).reportId, null);
  t.deepEqual((await db.manager.find(Reminder)).map((r) => [r.state, r.note]), [['dropped', '填报任务已删除']]);
  t.is((await findWriter(db.manager, 'k1'))?.campaign, undefined);
});

forEachDatabase('units lists the scope with each unit\'s standing; exclude and include change it, keeping what was saved, and refuse what is already so', async (t, database) => {
  const db = await county(t, database);
  const standings = async () => {
    const listed = await campaignUnits(db, 1);
    return listed.kind === 'units' ? [listed.scope, ...listed.units.map((u) => `${u.name}/${u.parent ?? ''}/${u.standing}/${u.filers}`)] : listed.problems;
  };
  t.deepEqual(await standings(), [
    '张家港市及其下属单位',
    '南丰镇/政务公开办/files/1', '杨舍镇/政务公开办/files/1', '金港街道/政务公开办/files/1', '财政局/政务公开办/files/1', '政务公开办/张家港市/excluded/0', '张家港市//files/1',
  ]);
  // 南丰镇 merged into 杨舍镇: excluded, its submitted report kept.
  const kept = await report(db, '南丰镇', 'submitted');
  t.like(await excludeUnit(db, '南丰镇'), {
    kind: 'done', said: ['已将「南丰镇」排除在2025年度填报任务（编号 1）之外：它不再需要填报，也不计入进度和汇总；它已保存的内容全部保留。如需恢复：nianbao campaign include 南丰镇 --campaign 1'],
  });
  t.deepEqual(await names(db, 1), ['张家港市', '财政局', '杨舍镇', '金港街道']);
  t.is((await db.manager.findOneByOrFail(ReportRecord, { id: kept })).status, 'submitted');
  t.is((await findWriter(db.manager, 'f4'))?.campaign, undefined);
  t.deepEqual(await excludeUnit(db, '南丰镇'), { kind: 'refused', problems: ['「南丰镇」已经排除在2025年度填报任务（编号 1）之外'] });
  t.deepEqual(await excludeUnit(db, '南风镇'), { kind: 'refused', problems: ['单位「南风镇」不存在。您是指『南丰镇』吗？'] });
  t.deepEqual(await excludeUnit(db, '北风镇'), { kind: 'refused', problems: ['单位「北风镇」不存在；查看任务的单位：nianbao campaign units'] });
  await addUnits(t, db, '昆山市,县市政府,\n周市镇,镇,昆山市\n');
  t.deepEqual(await excludeUnit(db, '昆山市'), { kind: 'refused', problems: ['「昆山市」不在2025年度填报任务（编号 1）的范围内，无需排除'] });
  // The root itself out, the units under it still in.
  t.like(await excludeUnit(db, '张家港市'), { kind: 'done' });
  t.deepEqual(await names(db, 1), ['财政局', '杨舍镇', '金港街道']);
  t.deepEqual((await standings()).slice(-1), ['张家港市//below/1']);
  t.like(await includeUnit(db, '张家港市'), { kind: 'done', said: ['已将「张家港市」重新纳入2025年度填报任务（编号 1），其填报人现在即可填报。'] });
  t.like(await includeUnit(db, '南丰镇'), { kind: 'done' });
  t.like(await includeUnit(db, '政务公开办'), { kind: 'done' });
  t.deepEqual(await names(db, 1), ['张家港市', '政务公开办', '财政局', '杨舍镇', '金港街道', '南丰镇']);
  t.deepEqual(await includeUnit(db, '杨舍镇'), { kind: 'refused', problems: ['「杨舍镇」已在2025年度填报任务（编号 1）中，无需纳入'] });
  t.deepEqual(await includeUnit(db, '太仓市'), { kind: 'refused', problems: ['单位「太仓市」不存在；请先导入该单位（nianbao unit import）'] });
  t.deepEqual(await includeUnit(db, '杨舍'), { kind: 'refused', problems: ['单位「杨舍」不存在。您是指『杨舍镇』吗？'] });
  // A unit outside the scope joins with the units under it.
  t.like(await includeUnit(db, '昆山市'), { kind: 'done', said: ['已将「昆山市」及其下属的 1 个单位（周市镇）纳入2025年度填报任务（编号 1），其填报人现在即可填报。'] });
  t.deepEqual((await names(db, 1)).slice(-2), ['昆山市', '周市镇']);
  // Not one another campaign of the year covers.
  await addUnits(t, db, '太仓市,县市政府,\n');
  t.like(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-25', units: ['太仓市'] }), { kind: 'created', campaignId: 2 });
  t.deepEqual(await includeUnit(db, '太仓市', 1), { kind: 'refused', problems: [overlap(2, '太仓市')] });
  // With two open campaigns, the one whose scope covers the unit is meant.
  t.like(await excludeUnit(db, '太仓市'), { kind: 'done', campaign: { id: 2 } });
});

forEachDatabase('an old campaign\'s explicit list of units means the same units after the migration, and a unit created later under it joins', async (t, database) => {
  const db = await database.open(t);
  // Back to the schema before 0007, then forward again.
  for (let i = migrations.indexOf(CampaignScopes1796700000000); i < migrations.length; i++) await db.undoLastMigration();
  const m = db.manager;
  const at = datetime(m, new Date());
  const unit = async (name: string, parentId: number | null) => (await m.save(Unit, { name, kind: '镇', parentId, createdAt: new Date() })).id;
  const a = await unit('甲县', null);
  const b = await unit('乙办', a);
  const c = await unit('丙镇', b);
  const d = await unit('丁镇', a);
  await unit('戊县', null);
  await execute(m, "INSERT INTO {campaigns} ({year}, {format}, {deadlines}, {status}, {createdAt}) VALUES (2025, '2021', '{}', 'open', ?)", [at]);
  for (const id of [a, c, d]) await execute(m, 'INSERT INTO {campaign_units} ({campaignId}, {unitId}) VALUES (1, ?)', [id]);
  await db.runMigrations();
  t.deepEqual(await names(db, 1), ['甲县', '丙镇', '丁镇']);
  await unit('己镇', b);
  t.deepEqual(await names(db, 1), ['甲县', '丙镇', '丁镇', '己镇']);
});
