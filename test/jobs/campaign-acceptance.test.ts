// Issue 14's acceptance: a county of 26 units (16 towns due 2026-01-20, 10 departments due
// 2026-01-31, a Saturday) walked day by day from 2026-01-12 to 2026-02-27 — weekends, the Spring
// Festival holiday (02-15 … 02-23) and the 调休 Saturday 02-14 — with imports, submissions on time
// and late, returns before and after the deadline, a snooze, 催办 before hours, in the afternoon and
// on a Saturday night, and 全部通过. Every message the scheduler and the supervisor's actions send
// is asserted (day, recipient, kind and its figure), written out by hand from the 2026 calendar;
// each evening `campaign status`, the Excel overview, the roll-up and chat's 进度 agree, and each
// digest's count agrees with them.
import type { ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { CellChange } from '../../entities/cell-change.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Member } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import { storeAncestries } from '../../src/bot/jurisdiction.ts';
import { campaignRowOf, campaignStatus, findCampaign } from '../../src/admin/campaigns.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { saveImportedReport, storeReport } from '../../src/bot/store-report.ts';
import { createEngine } from '../../src/bot/engine.ts';
import { findWriter } from '../../src/bot/store.ts';
import { snooze } from '../../src/bot/supervision.ts';
import { addDays, loadCalendar } from '../../src/calendar/working-calendar.ts';
import { runReminderTick } from '../../src/jobs/reminder-tick.ts';
import { loadOverview } from '../../src/publish/campaign-overview.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { reportOf, shanghai } from '../support/supervision.ts';
import { storedText } from '../support/outbox-rows.ts';

const calendar = loadCalendar();
const TOWNS = ['城厢镇', '沙溪镇', '浏河镇', '浮桥镇', '璜泾镇', '双凤镇', '娄东街道', '陆渡街道', '新湖镇', '直塘镇', '岳王镇', '南郊镇', '老闸镇', '归庄镇', '牌楼镇', '九曲镇'];
const DEPARTMENTS = ['县民政局', '县财政局', '县教育局', '县公安局', '县卫生健康委员会', '县市场监督管理局', '县交通运输局', '县人力资源和社会保障局', '县自然资源和规划局', '县住房和城乡建设局'];
const official = (name: string) => (TOWNS.includes(name) ? `t${String(TOWNS.indexOf(name) + 1).padStart(2, '0')}` : `d${String(DEPARTMENTS.indexOf(name) + 1).padStart(2, '0')}`);

/** What a message is, in a word and its figure. */
function kindOf(text: string): string {
  if (text.startsWith('早上好')) return `digest ${/已提交(\d+)/.exec(text)![1]}`;
  if (/已过期限仍未提交/.test(text)) return `late ${/以下(\d+)个单位/.exec(text)![1]}`;
  const escalated = /^【逾期提示】某县政务公开办所属的(.+?)2025年度.*已逾期(\d+)个工作日/.exec(text);
  if (escalated) return `escalate ${escalated[1]} ${escalated[2]}`;
  if (text.startsWith('某县政务公开办提醒您：')) return 'urge';
  if (/已被某县政务公开办退回修改/.test(text)) return 'returned';
  if (/已由某县政务公开办审核通过/.test(text)) return 'approved';
  const overdue = /已超过(?:截止日期|重新提交期限)（.*?）(\d+)个工作日/.exec(text);
  if (overdue) return `overdue ${overdue[1]}`;
  const left = /还有(\d+)天/.exec(text);
  if (left) return `T-${left[1]}`;
  if (/今天（.*）是/.test(text)) return 'T0';
  return text.slice(0, 16);
}

// The towns' reminder days while not handed in (T-3 falls on Saturday 01-17: Friday; after a week
// late every 2nd working day; none in the Spring Festival, one on the 调休 Saturday 02-14).
const TOWN_DAYS = ['01-13 T-7', '01-16 T-4', '01-19 T-1', '01-20 T0', '01-21 overdue 1', '01-22 overdue 2', '01-23 overdue 3', '01-26 overdue 4', '01-27 overdue 5',
  '01-29 overdue 7', '02-02 overdue 9', '02-04 overdue 11', '02-06 overdue 13', '02-10 overdue 15', '02-12 overdue 17', '02-14 overdue 19', '02-25 overdue 21', '02-27 overdue 23'];
// The departments': T-7 (Saturday 01-24) on Friday, T-1 and T0 (Saturday) both on Friday 01-30.
const DEPARTMENT_DAYS = ['01-23 T-8', '01-28 T-3', '01-30 T-1', '02-02 overdue 1', '02-03 overdue 2', '02-04 overdue 3', '02-05 overdue 4', '02-06 overdue 5',
  '02-10 overdue 7', '02-12 overdue 9', '02-14 overdue 11', '02-25 overdue 13', '02-27 overdue 15'];
const until = (days: string[], last: string) => days.filter((d) => d.slice(0, 5) <= last);
const WORKING_DAYS = (() => {
  const out: string[] = [];
  for (let d = '2026-01-12'; d <= '2026-02-27'; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) out.push(d.slice(5));
  return out;
})();

interface World {
  db: DataSource;
  now: { at: Date };
  say(userId: string, text: string): Promise<string>;
}

async function setUp(t: ExecutionContext, database: TestDatabase): Promise<World> {
  const db = await database.open(t);
  await setUpDemo(db, { supervisingUnit: '某县政务公开办', year: 2025, format: '2021', units: [...TOWNS, ...DEPARTMENTS].map((name) => ({ name, officialId: official(name) })) });
  const city = await db.manager.save(Unit, { name: '某市政务公开办', kind: '县级部门', parentId: null, createdAt: new Date() });
  await db.manager.update(Unit, { name: '某县政务公开办' }, { parentId: city.id });
  await storeAncestries(db.manager);
  await db.manager.save(Member, { userId: 'city', userKey: 'city', name: '市审核人', role: 'supervisor', unitId: city.id, createdAt: new Date() });
  const now = { at: shanghai('2026-01-12T08:00') };
  const engine = createEngine(db, { now: () => now.at, calendar });
  let n = 0;
  return { db, now, say: async (userId, text) => (await engine.handle({ key: `k${n++}`, userId, text, receivedAt: now.at })).replies.join('\n') };
}

/** The unit's report handed in now: stored the first time, resubmitted after a return. */
async function submit(w: World, name: string): Promise<void> {
  const unit = await w.db.manager.findOneByOrFail(Unit, { name });
  const existing = await w.db.manager.findOneBy(ReportRecord, { unitId: unit.id, year: 2025 });
  if (!existing) await storeReport(w.db, unit.id, reportOf(name), 2025, 'submitted');
  const record = await w.db.manager.findOneByOrFail(ReportRecord, { unitId: unit.id, year: 2025 });
  await w.db.manager.update(ReportRecord, { id: record.id }, { status: 'submitted', campaignId: 1, submittedAt: w.now.at, reopened: null });
  await w.db.manager.insert(CellChange, { reportId: record.id, cell: 'status', oldValue: JSON.stringify(existing?.status ?? 'draft'), newValue: '"submitted"', memberId: null, messageKey: null, at: w.now.at });
}

forEachDatabase('a county\'s campaign walked day by day: every message asserted, and status, overview, roll-up, 进度 and digests agree every day', async (t, database) => {
  const w = await setUp(t, database);
  let approveCode = '';
  const events: Record<string, (() => Promise<void>)[]> = {
    '01-12 08:00': [async () => {
      for (const name of ['城厢镇', '沙溪镇', '县民政局']) t.like(await saveImportedReport(w.db, name, reportOf(name)), { kind: 'saved' });
    }],
    '01-13 10:00': [async () => snooze(w.db.manager, (await findWriter(w.db.manager, official('双凤镇')))!, official('双凤镇'), w.now.at, calendar)],
    '01-14 10:00': [() => submit(w, '浏河镇')],
    '01-15 10:00': [...['新湖镇', '直塘镇', '岳王镇', '南郊镇'].map((name) => () => submit(w, name))],
    '01-16 10:00': [async () => void t.regex(await w.say('demo-supervisor', '退回 浏河 行政复议数字与台账不符 修改：第四部分'), /^已退回浏河镇的报告/)],
    '01-16 16:00': [() => submit(w, '双凤镇')],
    '01-19 08:30': [async () => void t.regex(await w.say('demo-supervisor', '催一下娄东'), /将于1月19日（星期一）09:00发出/)],
    '01-19 10:00': [() => submit(w, '浮桥镇')],
    '01-20 11:00': [() => submit(w, '娄东街道')],
    '01-21 10:00': [() => submit(w, '浏河镇')],
    '01-21 14:00': [async () => void t.regex(await w.say('demo-supervisor', '催办 全部未交'), /^「全部未交」.*\n已向6个单位发出催办：/)],
    '01-22 10:00': [async () => void t.is(await w.say('demo-supervisor', '通过 浏河'), '已审核通过浏河镇的报告，填报人会收到通知。')],
    '01-22 15:00': [() => submit(w, '璜泾镇')],
    '01-24 22:30': [async () => void t.regex(await w.say('demo-supervisor', '催办 财政局'), /将于1月26日（星期一）09:00发出/)],
    '01-26 10:00': [async () => void t.regex(await w.say('demo-supervisor', '退回 浮桥 总体情况过于简略 修改：总体情况'), /^已退回浮桥镇的报告/)],
    '01-27 10:00': [() => submit(w, '县财政局')],
    '01-29 10:00': [...['县教育局', '县公安局', '县卫生健康委员会', '县市场监督管理局'].map((name) => () => submit(w, name))],
    '02-03 10:00': [async () => {
      approveCode = /确认通过 (\d{4})/.exec(await w.say('demo-supervisor', '全部通过'))![1];
      t.regex(await w.say('demo-supervisor', `确认通过 ${approveCode}`), /^已审核通过以下15个单位的报告/);
    }],
  };
  const log: string[] = [];
  let seen = 0;
  const collect = async (stamp: string) => {
    const rows = await w.db.manager.find(OutboxMessage, { where: { kind: 'text' }, order: { id: 'ASC' } });
    for (const row of rows.slice(seen)) log.push(`${stamp.slice(0, 5)} ${row.recipient}: ${kindOf(storedText(row))}`);
    seen = rows.length;
  };
  const disagreements: string[] = [];
  for (let day = '2026-01-12'; day <= '2026-02-27'; day = addDays(day, 1)) {
    const md = day.slice(5);
    const times = [...new Set(['09:00', '09:30', '17:00', ...Object.keys(events).filter((k) => k.startsWith(md)).map((k) => k.slice(6))])].sort();
    for (const time of times) {
      w.now.at = shanghai(`${day}T${time}`);
      for (const event of events[`${md} ${time}`] ?? []) await event();
      if (time === '09:00' || time === '09:30') await runReminderTick(w.db, w.now.at, calendar);
      await collect(`${md} ${time}`);
      if (time !== '17:00') continue;
      // Each evening: one standing everywhere.
      const status = await campaignStatus(w.db, { now: w.now.at });
      const found = await findCampaign(w.db.manager);
      if (status.kind !== 'status' || found.kind !== 'found') throw new Error('no campaign');
      const overview = await loadOverview(w.db.manager, campaignRowOf(found.campaign), w.now.at);
      const late = (rows: { name: string; daysLate: number }[]) => JSON.stringify(Object.fromEntries(rows.map((r) => [r.name, r.daysLate])));
      const progress = await w.say('demo-supervisor', '进度');
      const handedIn = Number(/已提交(\d+)/.exec(progress)![1]);
      if (late(status.units) !== late(overview.units)) disagreements.push(`${md} days late: status ${late(status.units)} overview ${late(overview.units)}`);
      if (new Set([status.submitted, overview.handedIn, overview.rollUp.included.length, handedIn]).size !== 1) disagreements.push(`${md} handed in: status ${status.submitted}, overview ${overview.handedIn}, roll-up ${overview.rollUp.included.length}, 进度 ${handedIn}`);
    }
  }
  t.deepEqual(disagreements, []);

  const expected: string[] = [];
  const add = (user: string, items: string[]) => expected.push(...items.map((item) => `${item.slice(0, 5)} ${user}: ${item.slice(6)}`));
  // The towns.
  add(official('浏河镇'), ['01-13 T-7', '01-16 returned', '01-19 T-2', '01-20 T-1', '01-21 T0', '01-22 approved']);
  add(official('浮桥镇'), ['01-13 T-7', '01-16 T-4', '01-19 T-1', '01-26 returned', '01-27 T-2', '01-29 T0', '02-02 overdue 2', '02-04 overdue 4', '02-06 overdue 6', '02-10 overdue 8', '02-12 overdue 10', '02-14 overdue 12', '02-25 overdue 14', '02-27 overdue 16']);
  add(official('璜泾镇'), [...until(TOWN_DAYS, '01-22'), '01-21 urge', '02-03 approved']);
  add(official('双凤镇'), ['01-13 T-7', '01-14 T-6', '01-16 T-4', '02-03 approved']);
  add(official('娄东街道'), ['01-13 T-7', '01-16 T-4', '01-19 urge', '01-20 T0', '02-03 approved']);
  for (const name of ['陆渡街道', '老闸镇', '归庄镇', '牌楼镇', '九曲镇']) add(official(name), [...TOWN_DAYS, '01-21 urge']);
  for (const name of ['新湖镇', '直塘镇', '岳王镇', '南郊镇']) add(official(name), ['01-13 T-7', '02-03 approved']);
  for (const name of ['城厢镇', '沙溪镇']) add(official(name), ['02-03 approved']);
  // The departments.
  add(official('县民政局'), ['02-03 approved']);
  add(official('县财政局'), ['01-23 T-8', '01-26 urge', '02-03 approved']);
  for (const name of ['县教育局', '县公安局', '县卫生健康委员会', '县市场监督管理局']) add(official(name), ['01-23 T-8', '01-28 T-3', '02-03 approved']);
  for (const name of ['县交通运输局', '县人力资源和社会保障局', '县自然资源和规划局', '县住房和城乡建设局']) add(official(name), DEPARTMENT_DAYS);
  // The county's supervisor: a digest every working day with the count handed in by then, the late lists the day after each deadline.
  // Handed in by 09:30 of each day: the 3 imports, then each submission and return as it happened.
  const counts: [string, number][] = [['01-12', 3], ['01-15', 4], ['01-16', 8], ['01-20', 9], ['01-21', 10], ['01-22', 11], ['01-23', 12], ['01-27', 11], ['01-28', 12], ['01-30', 16]];
  const handedInOn = (md: string) => counts.filter(([from]) => from <= md).at(-1)![1];
  add('demo-supervisor', [...WORKING_DAYS.map((md) => `${md} digest ${handedInOn(md)}`), '01-21 late 6', '02-02 late 10']);
  // The city: each unit once, five working days past its due date.
  add('city', ['01-27 escalate 陆渡街道 5', '01-27 escalate 老闸镇 5', '01-27 escalate 归庄镇 5', '01-27 escalate 牌楼镇 5', '01-27 escalate 九曲镇 5', '02-05 escalate 浮桥镇 5',
    ...['县交通运输局', '县人力资源和社会保障局', '县自然资源和规划局', '县住房和城乡建设局'].map((name) => `02-06 escalate ${name} 5`)]);
  t.true(expected.length > 250, `${expected.length} messages`);
  const sorted = (lines: string[]) => [...lines].sort();
  t.deepEqual(sorted(log), sorted(expected));
});
