// One standing of a report, read alike by chat, `campaign status`, the Excel overview, the
// roll-up and the scheduler: lateness in working days from the submission time, a return after
// the deadline giving a resubmission date, and an imported report of the year counted as handed in.
import { campaignStatus, campaignRowOf, findCampaign } from '../../src/admin/campaigns.ts';
import { saveImportedReport } from '../../src/bot/store-report.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';
import { Reminder } from '../../entities/reminder.ts';
import { CellChange } from '../../entities/cell-change.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { loadOverview } from '../../src/publish/campaign-overview.ts';
import { planReminders } from '../../src/jobs/reminder-tick.ts';
import { forEachDatabase } from '../support/databases.ts';
import { county, reportOf, shanghai, type County } from '../support/supervision.ts';

const calendar = loadCalendar();

async function overview(c: County) {
  const found = await findCampaign(c.db.manager);
  if (found.kind === 'missing') throw new Error(found.reason);
  return loadOverview(c.db.manager, campaignRowOf(found.campaign), c.clock.now);
}

/** Days late of every unit as `campaign status`, the overview and chat's 未交 see them. */
async function daysLateEverywhere(c: County): Promise<{ status: Record<string, number>; overview: Record<string, number> }> {
  const status = await campaignStatus(c.db, { now: c.clock.now });
  if (status.kind === 'missing') throw new Error(status.reason);
  return {
    status: Object.fromEntries(status.units.map((u) => [u.name, u.daysLate])),
    overview: Object.fromEntries((await overview(c)).units.map((u) => [u.name, u.daysLate])),
  };
}

forEachDatabase('lateness is decided by the submission time in working days, and a return after the deadline gives an on-time unit a resubmission date, not lateness', async (t, database) => {
  const c = await county(t, database, '2026-01-26T10:00'); // a Monday, 4 working days after the towns' deadline
  await c.hand('甲镇', 'submitted', shanghai('2026-01-15T10:00')); // five days early
  await c.hand('乙镇', 'submitted', shanghai('2026-01-19T16:00'));
  await c.hand('丙镇', 'submitted', shanghai('2026-01-22T09:00')); // two working days late
  t.regex(await c.say('demo-supervisor', '查看 甲镇'), /^【甲镇】已提交，1月15日提交，按时\n/);
  t.regex(await c.say('demo-supervisor', '查看 丙镇'), /^【丙镇】已提交，1月22日提交，逾期2个工作日\n/);
  t.regex(await c.say('demo-supervisor', '退回 乙镇 数字与台账不符 第四部分'), /已退回乙镇的报告/);
  t.regex(await c.say('demo-supervisor', '查看 乙镇'), /^【乙镇】已退回 \d+%，应于1月29日前重新提交，还有3天\n/);
  const expected = { 甲镇: 0, 乙镇: 0, 丙镇: 2, 丁镇: 4, 县统计局: 0 };
  t.deepEqual(await daysLateEverywhere(c), { status: expected, overview: expected });

  c.clock.now = shanghai('2026-02-02T10:00'); // two working days past 乙镇's resubmission date
  const pending = await c.say('demo-supervisor', '未交');
  t.regex(pending, /· 乙镇：已退回 \d+%，已逾期2个工作日（重新提交期限1月29日）/);
  t.regex(pending, /· 丁镇：未开始，已逾期9个工作日（截止1月20日）/);
  t.regex(pending, /· 县统计局：未开始，已逾期1个工作日（截止1月31日）/, 'the department counts from its own deadline');
  const later = { 甲镇: 0, 乙镇: 2, 丙镇: 2, 丁镇: 9, 县统计局: 1 };
  t.deepEqual(await daysLateEverywhere(c), { status: later, overview: later });
  const status = await campaignStatus(c.db, { now: c.clock.now });
  t.like(status, { submitted: 2, overdue: 3 });
});

forEachDatabase('an imported report of the year counts as handed in on time everywhere: shown, approved and returned like a submission, summed, never reminded', async (t, database) => {
  const c = await county(t, database, '2026-01-13T08:00');
  t.like(await saveImportedReport(c.db, '丙镇', reportOf('丙镇')), { kind: 'saved' });
  t.like(await saveImportedReport(c.db, '丁镇', reportOf('丁镇')), { kind: 'saved' });
  await planReminders(c.db, c.clock.now, calendar);
  const reminded = (await c.db.manager.find(Reminder, { where: { kind: 'T-7' } })).map((r) => r.recipient).sort();
  t.deepEqual(reminded, ['a', 'b'], 'the towns not handed in, on their T-7; not the imported ones (the department is due later)');

  c.clock.now = shanghai('2026-01-13T10:00');
  const shown = await c.say('demo-supervisor', '查看 丙镇');
  t.regex(shown, /^【丙镇】已导入，由已公开的报告导入，视同按时提交\n/);
  t.regex(shown, /可回复“通过 丙镇”或“退回 丙镇 原因 修改：项目”/);
  const pending = await c.say('demo-supervisor', '未交');
  t.regex(pending, /^未提交3个单位：/);
  t.notRegex(pending, /丙镇|丁镇/);
  const progress = await c.say('demo-supervisor', '进度');
  t.regex(progress, /已提交2（其中已通过0、导入2）/);
  const received = reportOf('丙镇').values['requests.received.total']!;
  t.regex(progress, new RegExp(`新收申请${2 * received}件`));
  const sheet = await overview(c);
  t.is(sheet.handedIn, 2);
  t.deepEqual(sheet.rollUp.included, ['丙镇', '丁镇']);
  t.is(sheet.rollUp.report.values['requests.received.total'], 2 * received, 'the digest and the roll-up sum the same reports');

  t.regex(await c.say('demo-supervisor', '通过 丙镇'), /已审核通过丙镇的报告/);
  t.regex(await c.say('demo-supervisor', '退回 丁镇 第二部分数字需核实'), /已退回丁镇的报告/);
  const status = async (name: string) => (await c.db.manager.findOneByOrFail(ReportRecord, { unitId: await c.unitId(name), year: 2025 })).status;
  t.deepEqual([await status('丙镇'), await status('丁镇')], ['approved', 'returned']);
  for (const reply of [shown, pending, progress, ...(await c.sentTo('c')), ...(await c.sentTo('d'))]) t.notRegex(reply, /undefined|null|NaN/);

  // 丁镇 resubmits two working days after its due date (the deadline): late by those two only, its import having been on time.
  const resubmitted = shanghai('2026-01-22T10:00');
  const record = await c.db.manager.findOneByOrFail(ReportRecord, { unitId: await c.unitId('丁镇'), year: 2025 });
  await c.db.manager.update(ReportRecord, { id: record.id }, { status: 'submitted', submittedAt: resubmitted });
  await c.db.manager.insert(CellChange, { reportId: record.id, cell: 'status', oldValue: '"returned"', newValue: '"submitted"', memberId: null, messageKey: null, at: resubmitted });
  const later = await campaignStatus(c.db, { now: shanghai('2026-02-02T10:00') });
  t.deepEqual(later.kind === 'status' && later.units.find((u) => u.name === '丁镇'), { name: '丁镇', kind: '镇', deadline: '2026-01-20', progress: 'submitted', daysLate: 2 });
});
