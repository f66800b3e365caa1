import test, { type ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { Campaign } from '../../entities/campaign.ts';
import type { ReportRecordStatus } from '../../handlers/standing.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { campaignStatus, createCampaign, readIsoDate } from '../../src/admin/campaigns.ts';
import { importMembers } from '../../src/admin/import-members.ts';
import { importUnits } from '../../src/admin/import-units.ts';
import { campaignUnitIds } from '../../src/bot/jurisdiction.ts';
import { countyMembers, countyUnits } from '../support/county.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';

const units = countyUnits;
const members = countyMembers;

/** A database with the county's units, and its members unless `withMembers` is false. */
async function county(t: ExecutionContext, database: TestDatabase, withMembers = true): Promise<DataSource> {
  const db = await database.open(t);
  t.like(await importUnits(db, units), { kind: 'imported' });
  if (withMembers) t.like(await importMembers(db, members), { kind: 'imported' });
  return db;
}

/** The names of the units filing in the campaign, as every reader sees them (campaignUnitIds). */
async function campaignUnitNames(db: DataSource, campaignId: number): Promise<string[]> {
  const ids = await campaignUnitIds(db.manager, campaignId);
  return (await db.manager.find(Unit)).filter((u) => ids.has(u.id)).map((u) => u.name).sort();
}

forEachDatabase('a campaign stores its default deadline and one per kind, and takes in every unit with a filer', async (t, database) => {
  const db = await county(t, database);
  const result = await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-20', deadlineFor: { 县级部门: '2026-01-31', 县市政府: '2026-03-31' } });
  t.deepEqual(result, {
    kind: 'created', campaignId: 1, units: ['张家港市', '财政局', '杨舍镇', '金港街道', '南丰镇'], withoutFilers: ['政务公开办'], warnings: [],
  });
  const stored = await db.manager.findOneByOrFail(Campaign, { id: 1 });
  t.deepEqual([stored.year, stored.format, stored.status, JSON.parse(stored.deadlines)], [
    2025, '2021', 'open', { default: '2026-01-20', 县级部门: '2026-01-31', 县市政府: '2026-03-31' },
  ]);
  t.deepEqual(await campaignUnitNames(db, 1), ['南丰镇', '张家港市', '杨舍镇', '财政局', '金港街道']);
});

forEachDatabase('before any member is imported every unit files; units may also be all or named', async (t, database) => {
  const db = await county(t, database, false);
  t.like(await createCampaign(db, { year: 2024, format: '2021', deadline: '2025-01-20' }), { kind: 'created', withoutFilers: [] });
  t.is((await campaignUnitNames(db, 1)).length, 6);
  t.like(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-20', units: ['杨舍镇', '南丰镇'], force: true }), { kind: 'created', units: ['杨舍镇', '南丰镇'] });
  t.deepEqual(await createCampaign(db, { year: 2026, format: '2021', deadline: '2027-01-20', units: ['杨舍镇', '塘桥镇', '南峰镇'] }), {
    kind: 'refused', problems: ['单位「塘桥镇」不存在', '单位「南峰镇」不存在。您是指『南丰镇』吗？'],
  });
  t.like(await importMembers(db, members), { kind: 'imported' });
  t.like(await createCampaign(db, { year: 2026, format: '2021', deadline: '2027-01-20', units: 'all', force: true }), { kind: 'created', withoutFilers: [] });
  t.is((await campaignUnitNames(db, 3)).length, 6);
});

forEachDatabase('a second campaign for the same year over the same units is refused, naming the other and a shared unit; another year only once the first is closed, or with --force', async (t, database) => {
  const db = await county(t, database);
  t.like(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-20' }), { kind: 'created', campaignId: 1 });
  t.deepEqual(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-25', units: ['杨舍镇'] }), {
    kind: 'refused', problems: ['2025年度已有填报任务（编号 1）包括「杨舍镇」。同一年度可以有多个填报任务（如各县各一个），但范围不能重叠；请用 --unit 指定本任务的上级单位，或修改编号 1 的任务'],
  });
  // A unit files in the newest of its open campaigns: the 2025 one's returned reports would be out of reach.
  t.deepEqual(await createCampaign(db, { year: 2026, format: '2021', deadline: '2027-01-20' }), {
    kind: 'refused', problems: ['2025年度的填报任务（编号 1）仍在进行，包括「张家港市」。一个单位同时只在最新的任务中填报，旧任务中退回或待审核的报告将无法在对话中处理；请先结束它（nianbao campaign close --campaign 1），如确需同时进行，请加 --force'],
  });
  t.like(await createCampaign(db, { year: 2026, format: '2021', deadline: '2027-01-20', force: true }), { kind: 'created', campaignId: 2 });
  t.is(await db.manager.count(Campaign), 2);
});

forEachDatabase('bad dates, kinds, year and format are all refused at once, and nothing is stored', async (t, database) => {
  const db = await county(t, database);
  t.deepEqual(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-02-30', deadlineFor: { 县级部门: '2025-12-31', 镇: '2027-01-10', 村: '2026-01-20', 街道: '26-1-20' } }), {
    kind: 'refused',
    problems: [
      '截止日期「2026-02-30」不是有效日期，应写作 YYYY-MM-DD，例如 2026-01-20',
      '县级部门的截止日期 2025-12-31 应在2025年度结束之后、2026年内',
      '镇的截止日期 2027-01-10 应在2025年度结束之后、2026年内',
      '--deadline-for 村=2026-01-20：类型「村」无效，应为 镇、乡、街道、县级部门、县市政府之一',
      '街道的截止日期「26-1-20」不是有效日期，应写作 YYYY-MM-DD，例如 2026-01-20',
    ],
  });
  t.deepEqual(await createCampaign(db, { year: 1999, format: '2020', deadline: '2000-01-20' }), {
    kind: 'refused', problems: ['年度「1999」无效，应为2008年以后的四位年份', '格式「2020」无效，应为 2019 或 2021'],
  });
  t.is(await db.manager.count(Campaign), 0);
  const empty = await database.open(t);
  t.deepEqual(await createCampaign(empty, { year: 2025, format: '2021', deadline: '2026-01-20' }), {
    kind: 'refused', problems: ['还没有任何单位，请先导入单位（nianbao unit import）'],
  });
});

forEachDatabase('a format not of the year is refused unless forced, then warned of, as deadlines later than 条例 art. 49 allows are', async (t, database) => {
  const db = await county(t, database);
  t.deepEqual(await createCampaign(db, { year: 2025, format: '2019', deadline: '2026-01-20' }), {
    kind: 'refused', problems: ['2025年度报告应使用2021年格式（国办公开办函〔2021〕30号），而不是2019年试行格式；如确需使用，请加 --force'],
  });
  t.deepEqual(await createCampaign(db, { year: 2020, format: '2021', deadline: '2021-01-20' }), {
    kind: 'refused', problems: ['2021年格式从2021年度报告起使用；2020年度报告用的是2019年试行格式（国办公开办函〔2019〕60号）；如确需使用，请加 --force'],
  });
  t.like(await createCampaign(db, { year: 2020, format: '2019', deadline: '2021-01-20' }), { kind: 'created', warnings: [] });
  t.deepEqual(await createCampaign(db, { year: 2025, format: '2019', deadline: '2026-02-15', deadlineFor: { 县市政府: '2026-04-01' }, force: true }), {
    kind: 'created', campaignId: 2, units: ['张家港市', '财政局', '杨舍镇', '金港街道', '南丰镇'], withoutFilers: ['政务公开办'],
    warnings: [
      '2025年度报告应使用2021年格式（国办公开办函〔2021〕30号），而不是2019年试行格式',
      '县级部门的截止日期 2026-02-15 晚于条例第四十九条的期限：县级以上人民政府部门应在每年1月31日前提交上一年度报告',
      '县市政府的截止日期 2026-04-01 晚于条例第四十九条的期限：本级政府上一年度报告应在每年3月31日前向社会公布',
    ],
  });
});

/** Store a report of `year` for the unit named, handed in at `submittedAt` (an ISO instant) if given. */
async function report(db: DataSource, unit: string, year: number, status: ReportRecordStatus, submittedAt?: string): Promise<void> {
  const { id } = await db.manager.findOneByOrFail(Unit, { name: unit });
  await db.manager.insert(ReportRecord, {
    unitId: id, campaignId: null, year, format: '2021', status, values: '{}', reopened: null, version: 1,
    submittedAt: submittedAt ? new Date(submittedAt) : null, updatedAt: new Date(),
  });
}

forEachDatabase('status shows each unit\'s deadline by kind, its report, and the days late at the given now', async (t, database) => {
  const db = await county(t, database);
  t.like(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-20', deadlineFor: { 县级部门: '2026-01-31', 县市政府: '2026-03-31' } }), { kind: 'created' });
  await report(db, '杨舍镇', 2025, 'submitted', '2026-01-21T07:00:00+08:00'); // 20 January 23:00 UTC, already the 21st in China
  await report(db, '金港街道', 2025, 'draft');
  await report(db, '财政局', 2025, 'approved', '2026-01-30T10:00:00+08:00');
  await report(db, '南丰镇', 2025, 'returned', '2026-01-19T10:00:00+08:00');
  await report(db, '南丰镇', 2024, 'imported');
  const now = new Date('2026-02-03T09:00:00+08:00');
  t.deepEqual(await campaignStatus(db, { now }), {
    kind: 'status',
    campaign: { id: 1, year: 2025, format: '2021', status: 'open' },
    units: [
      { name: '南丰镇', kind: '镇', deadline: '2026-01-20', progress: 'returned', daysLate: 10 }, // working days: 01-21 … 02-03
      { name: '杨舍镇', kind: '镇', deadline: '2026-01-20', progress: 'submitted', daysLate: 1 },
      { name: '金港街道', kind: '街道', deadline: '2026-01-20', progress: 'draft', daysLate: 10 },
      { name: '财政局', kind: '县级部门', deadline: '2026-01-31', progress: 'approved', daysLate: 0 },
      { name: '张家港市', kind: '县市政府', deadline: '2026-03-31', progress: 'none', daysLate: 0 },
    ],
    submitted: 2,
    overdue: 2,
    daysOff: [{ deadline: '2026-01-31', lastWorkingDay: '2026-01-30' }], // a Saturday
  });
  const onTheDay = await campaignStatus(db, { campaignId: 1, now: new Date('2026-01-20T23:59:00+08:00') });
  // On the deadline day nobody is late yet, except the report handed in after it.
  t.deepEqual(onTheDay.kind === 'status' && onTheDay.units.map((u) => [u.name, u.daysLate]), [['南丰镇', 0], ['杨舍镇', 1], ['金港街道', 0], ['财政局', 0], ['张家港市', 0]]);
});

forEachDatabase('status names the campaign it cannot find', async (t, database) => {
  const db = await county(t, database);
  const now = new Date('2026-02-03T09:00:00+08:00');
  t.deepEqual(await campaignStatus(db, { now }), { kind: 'missing', reason: '还没有进行中的填报任务' });
  t.deepEqual(await campaignStatus(db, { campaignId: 7, now }), { kind: 'missing', reason: '没有编号为 7 的填报任务' });
});

test('an ISO date is a real calendar date written YYYY-MM-DD', (t) => {
  t.deepEqual(['2024-02-29', '2025-02-29', '2026-13-01', '2026-1-20', '2026-01-20T00:00'].map(readIsoDate), ['2024-02-29', undefined, undefined, undefined, undefined]);
});
