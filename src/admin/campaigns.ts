// Campaigns: one year's collection of reports with a deadline per unit kind (条例 art. 49), the
// scope of units that must file in it (see campaignScope in src/bot/jurisdiction.ts), and where
// each of them stands. Corrections (close, edit, delete, exclude, include) are in campaign-changes.ts.
import type { DataSource, EntityManager } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign, type CampaignStatus } from '../../entities/campaign.ts';
import { Member } from '../../entities/member.ts';
import type { ReportState } from '../../handlers/standing.ts';
import { lastWorkingDayIfOff } from '../calendar/reminder-dates.ts';
import { loadCalendar, shanghaiDate } from '../calendar/working-calendar.ts';
import { yearsInForce } from '../bot/calendar-store.ts';
import { unitStandings, type StandingRules } from '../bot/campaign-view.ts';
import { allUnits, ancestries, campaignScopes, campaignUnitIds, deadlineIn, filesIn, underScope, type CampaignRow, type CampaignScope, type UnitRow } from '../bot/jurisdiction.ts';
import type { FormatId } from '../report/report.ts';
import { badKind, isUnitKind, unitKinds } from './import-units.ts';
import { unknownUnit } from './close-names.ts';

/** What a new campaign is: its year and format, the default deadline, deadlines by unit kind, and its scope. */
export interface CampaignPlan {
  year: number;
  format: string;
  /** ISO date (YYYY-MM-DD) for the kinds without one of their own. */
  deadline: string;
  /** ISO dates by unit kind: `{ 县级部门: '2026-01-31' }`. */
  deadlineFor?: Record<string, string>;
  /** The scope: 'all' every unit; names, the units under these roots (see campaignScope); by default every unit, as below. */
  units?: 'all' | string[];
  /** Create it even with a format not of the year (a county that keeps the old format on purpose). */
  force?: boolean;
}

/** The campaign created (with the units in it, and warnings of 条例 art. 49), or every reason it was not. */
export type CreateResult =
  | { kind: 'created'; campaignId: number; units: string[]; withoutFilers: string[]; warnings: string[] }
  | { kind: 'refused'; problems: string[] };

const FIRST_YEAR = 2008; // the first year of the 条例 and of annual reports

/** A date as admins type it (2026-2-10, 2026/02/10, 2026.2.10, 2026年2月10日) written `YYYY-MM-DD`; any other text as it is. */
export function isoFormOf(text: string): string {
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  return parts ? `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}` : text;
}

/** The date of an ISO `YYYY-MM-DD` text when it is a real date, else undefined. */
export function readIsoDate(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : undefined;
}

/** What is wrong with a deadline of a campaign on `year`, if anything. */
export function checkDeadline(label: string, text: string, year: number): string | undefined {
  if (!readIsoDate(text)) return `${label}「${text}」不是有效日期，应写作 YYYY-MM-DD，例如 ${year + 1}-01-20`;
  // Reports on a year are filed early in the next one; a later year is surely a typing slip.
  if (text <= `${year}-12-31` || text > `${year + 1}-12-31`) return `${label} ${text} 应在${year}年度结束之后、${year + 1}年内`;
  return undefined;
}

/** What is wrong with deadlines by unit kind (`--deadline-for`), if anything. */
export function checkDeadlinesFor(deadlineFor: Record<string, string>, year: number): string[] {
  return Object.entries(deadlineFor).flatMap(([kind, date]) => {
    if (!isUnitKind(kind)) return [`--deadline-for ${kind}=${date}：${badKind(kind)}`];
    return checkDeadline(`${kind}的截止日期`, date, year) ?? [];
  });
}

/** The plan's problems that need no database: year, format, dates and kinds. */
function checkPlan(plan: CampaignPlan): string[] {
  const problems: string[] = [];
  const { year } = plan;
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > 2100) problems.push(`年度「${year}」无效，应为${FIRST_YEAR}年以后的四位年份`);
  if (plan.format !== '2019' && plan.format !== '2021') problems.push(`格式「${plan.format}」无效，应为 2019 或 2021`);
  if (problems.length) return problems; // the dates are judged against the year
  if (!plan.force) problems.push(...formatForYear(year, plan.format));
  const bad = checkDeadline('截止日期', plan.deadline, year);
  if (bad) problems.push(bad);
  problems.push(...checkDeadlinesFor(plan.deadlineFor ?? {}, year));
  if (Array.isArray(plan.units) && plan.units.length === 0) problems.push('没有指定任何单位');
  return problems;
}

// 条例 art. 49: county-level departments report by 31 January, the county government publishes
// its own report by 31 March. Township deadlines are the county's to set.
const statutory: Partial<Record<string, { monthDay: string; rule: string }>> = {
  县级部门: { monthDay: '01-31', rule: '县级以上人民政府部门应在每年1月31日前提交上一年度报告' },
  县市政府: { monthDay: '03-31', rule: '本级政府上一年度报告应在每年3月31日前向社会公布' },
};

/** Warnings for the deadlines of these unit kinds later than 条例 art. 49 allows. */
export function lateForTheLaw(deadlines: Record<string, string>, kinds: Set<string>, year: number): string[] {
  return unitKinds.flatMap((kind) => {
    const limit = statutory[kind];
    const date = deadlineIn(deadlines, kind, year);
    if (!limit || !kinds.has(kind) || date <= `${year + 1}-${limit.monthDay}`) return [];
    return [`${kind}的截止日期 ${date} 晚于条例第四十九条的期限：${limit.rule}`];
  });
}

// The 2021 format (国办公开办函〔2021〕30号, September 2021) replaced the trial one from the
// reports on 2021 onwards (/work/shared/spec/report-format.md).
/** Why a format is not the one of reports on `year` (refused unless forced), if it is not. */
export function formatForYear(year: number, format: string): string[] {
  if (format === '2019' && year >= 2021) return [`${year}年度报告应使用2021年格式（国办公开办函〔2021〕30号），而不是2019年试行格式；如确需使用，请加 --force`];
  if (format === '2021' && year < 2021) return [`2021年格式从2021年度报告起使用；${year}年度报告用的是2019年试行格式（国办公开办函〔2019〕60号）；如确需使用，请加 --force`];
  return [];
}

/** The names of units, or the units named that do not exist. */
function unitsNamed(all: UnitRow[], names: string[]): { kind: 'found'; units: UnitRow[] } | { kind: 'unknown'; problems: string[] } {
  const byName = new Map(all.map((u) => [u.name, u]));
  const unknown = [...new Set(names)].filter((n) => !byName.has(n));
  if (unknown.length) return { kind: 'unknown', problems: unknown.map((n) => unknownUnit(n, byName.keys())) };
  return { kind: 'found', units: [...new Set(names)].map((n) => byName.get(n)!) };
}

/**
 * Why a scope may not be given to a campaign of `year`: another campaign of that year (open or
 * closed: a unit has one report a year) covers a unit it would cover. Names the other campaign and
 * the topmost shared unit. `except` is the campaign being changed.
 */
export async function overlapProblem(m: EntityManager, year: number, scope: CampaignScope, units: UnitRow[], except?: number): Promise<string | undefined> {
  const others = (await m.find(Campaign, { where: { year }, order: { id: 'ASC' } })).filter((c) => c.id !== except);
  const found = await firstShared(m, others, scope, units);
  if (!found) return undefined;
  const { other, shared } = found;
  return `${year}年度已有填报任务（编号 ${other.id}${other.status === 'closed' ? '，已结束' : ''}）包括「${shared.name}」。同一年度可以有多个填报任务（如各县各一个），但范围不能重叠；请用 --unit 指定本任务的上级单位，或修改编号 ${other.id} 的任务`;
}

/**
 * Another year's open campaign over a unit `scope` covers, and that unit: a unit files in the
 * newest of its open campaigns, so the older one's returned or submitted reports can no longer be
 * fixed or approved in chat.
 */
export async function openInAnotherYear(m: EntityManager, year: number, scope: CampaignScope, units: UnitRow[]): Promise<{ other: Campaign; shared: UnitRow } | undefined> {
  const others = (await m.find(Campaign, { where: { status: 'open' }, order: { id: 'ASC' } })).filter((c) => c.year !== year);
  return firstShared(m, others, scope, units);
}

/** 「2025年度的填报任务（编号 1）仍在进行，包括「杨舍镇」。」 */
export const stillOpen = ({ other, shared }: { other: Campaign; shared: UnitRow }) => `${other.year}年度的填报任务（编号 ${other.id}）仍在进行，包括「${shared.name}」。一个单位同时只在最新的任务中填报`;

/** The first of `others` that covers a unit `scope` covers (the topmost such unit). */
async function firstShared(m: EntityManager, others: Campaign[], scope: CampaignScope, units: UnitRow[]): Promise<{ other: Campaign; shared: UnitRow } | undefined> {
  if (!others.length) return undefined;
  const scopes = await campaignScopes(m, others);
  const ancestry = ancestries(units);
  const mine = units.filter((u) => underScope(scope, ancestry(u.id))).sort((a, b) => ancestry(a.id).length - ancestry(b.id).length || a.id - b.id);
  for (const other of others) {
    const shared = mine.find((u) => underScope(scopes.get(other.id)!, ancestry(u.id)));
    if (shared) return { other, shared };
  }
  return undefined;
}

/** Units that only review: they have members, and none of them files (a supervising office). */
async function reviewOnly(m: EntityManager): Promise<Set<number>> {
  const members = await m.find(Member, { select: { unitId: true, role: true } });
  const filing = new Set(members.filter((x) => x.role === 'filer').map((x) => x.unitId));
  return new Set(members.map((x) => x.unitId).filter((id) => !filing.has(id)));
}

/**
 * Create an open campaign. Its scope: every unit (`units: 'all'`), or the units under the roots
 * named; by default every unit. Except with 'all', units that only review (members, none a filer)
 * are excluded (`withoutFilers`); a unit without members yet files (its filers come later).
 */
export async function createCampaign(db: DataSource, plan: CampaignPlan): Promise<CreateResult> {
  const problems = checkPlan(plan);
  const deadlines: Record<string, string> = { default: plan.deadline, ...plan.deadlineFor };
  return db.transaction(async (m) => {
    const all = await allUnits(m);
    if (all.length === 0) return { kind: 'refused', problems: [...problems, '还没有任何单位，请先导入单位（nianbao unit import）'] };
    all.sort((a, b) => a.id - b.id);
    const named = Array.isArray(plan.units) && plan.units.length ? unitsNamed(all, plan.units) : undefined;
    if (named?.kind === 'unknown') problems.push(...named.problems);
    const roots = named?.kind === 'found' ? named.units : [];
    const ancestry = ancestries(all);
    const scope: CampaignScope = { kind: roots.length ? 'units' : 'all', roots: new Set(roots.map((u) => u.id)), excluded: new Set() };
    if (plan.units !== 'all') {
      const onlyReview = await reviewOnly(m);
      for (const unit of all) if (onlyReview.has(unit.id) && underScope(scope, ancestry(unit.id))) scope.excluded.add(unit.id);
    }
    if (!problems.length && Number.isInteger(plan.year)) {
      const overlap = await overlapProblem(m, plan.year, scope, all);
      const open = overlap || plan.force ? undefined : await openInAnotherYear(m, plan.year, scope, all);
      if (overlap) problems.push(overlap);
      if (open) problems.push(`${stillOpen(open)}，旧任务中退回或待审核的报告将无法在对话中处理；请先结束它（nianbao campaign close --campaign ${open.other.id}），如确需同时进行，请加 --force`);
    }
    if (problems.length) return { kind: 'refused', problems };
    const campaign = await m.save(Campaign, {
      year: plan.year, format: plan.format as FormatId, deadlines: JSON.stringify(deadlines), status: 'open', scope: scope.kind, createdAt: new Date(),
    });
    const rows = [
      ...roots.map((u) => ({ campaignId: campaign.id, unitId: u.id, role: scope.excluded.has(u.id) ? 'below' as const : 'root' as const })),
      ...[...scope.excluded].filter((id) => !scope.roots.has(id)).map((unitId) => ({ campaignId: campaign.id, unitId, role: 'excluded' as const })),
    ];
    if (rows.length) await m.insert(CampaignUnit, rows);
    const units = all.filter((u) => filesIn(scope, ancestry(u.id)));
    return {
      kind: 'created', campaignId: campaign.id, units: units.map((u) => u.name), withoutFilers: all.filter((u) => scope.excluded.has(u.id)).map((u) => u.name),
      warnings: [...formatForYear(plan.year, plan.format).map((w) => w.replace(/；如确需使用，请加 --force$/, '')), ...lateForTheLaw(deadlines, new Set(units.map((u) => u.kind)), plan.year)],
    };
  });
}

/** One unit of a campaign: its deadline (by kind, else the default), its report, and how many working days late (its standing's). */
export interface UnitStatus {
  name: string;
  kind: string;
  deadline: string;
  progress: ReportState;
  /** Working days late (see reportStanding): 0 when on time. */
  daysLate: number;
}

/** A campaign and every unit in it, or why there is none to show. */
export type CampaignStatusResult =
  | {
      kind: 'status';
      campaign: { id: number; year: number; format: FormatId; status: CampaignStatus };
      units: UnitStatus[];
      /** Units whose report is handed in (submitted, approved or imported). */
      submitted: number;
      /** Units past their due date without a report handed in. */
      overdue: number;
      /** The units' deadlines that fall on a day off, each with the last working day before it (what the reminders name). */
      daysOff: { deadline: string; lastWorkingDay: string }[];
    }
  | { kind: 'missing'; reason: string };

const collator = new Intl.Collator('zh-CN');
const rank = (kind: string) => (unitKinds as readonly string[]).indexOf(kind) + 1 || unitKinds.length + 1;

/** Units in the order of their kinds (镇 first, kinds not known last), then by name. */
export function byKindThenName(a: { kind: string; name: string }, b: { kind: string; name: string }): number {
  return rank(a.kind) - rank(b.kind) || collator.compare(a.name, b.name);
}

/** A campaign found, or why there is none. */
export type FoundCampaign = { kind: 'found'; campaign: Campaign } | { kind: 'missing'; reason: string };

/** No open campaign (the CLI then says how to create one). */
export const NO_OPEN_CAMPAIGN = '还没有进行中的填报任务';

/** The campaign with this id, or the newest open one when none is named (several of that year, one per county: which one is asked). */
export async function findCampaign(m: EntityManager, campaignId?: number): Promise<FoundCampaign> {
  if (campaignId !== undefined) {
    const campaign = await m.findOne(Campaign, { where: { id: campaignId } });
    return campaign ? { kind: 'found', campaign } : { kind: 'missing', reason: `没有编号为 ${campaignId} 的填报任务` };
  }
  const open = await m.find(Campaign, { where: { status: 'open' }, order: { year: 'DESC', id: 'ASC' } });
  const newest = open.filter((c) => c.year === open[0]?.year);
  if (!newest.length) return { kind: 'missing', reason: NO_OPEN_CAMPAIGN };
  if (newest.length > 1) return { kind: 'missing', reason: `${newest[0].year}年度有 ${newest.length} 个进行中的填报任务（编号 ${newest.map((c) => c.id).join('、')}），请用 --campaign 指定编号` };
  return { kind: 'found', campaign: newest[0] };
}

/** A stored campaign as supervision reads it, its deadlines parsed. */
export function campaignRowOf(campaign: Campaign): CampaignRow {
  return { id: campaign.id, year: campaign.year, format: campaign.format, deadlines: JSON.parse(campaign.deadlines) as Record<string, string> };
}

/** A campaign's units (by kind, then name) with their deadlines, reports and days late at `now`; the newest open campaign unless one is named. */
export async function campaignStatus(db: DataSource, { campaignId, now, rules }: { campaignId?: number; now: Date; rules?: StandingRules }): Promise<CampaignStatusResult> {
  const found = await findCampaign(db.manager, campaignId);
  if (found.kind === 'missing') return found;
  const { campaign } = found;
  const row = campaignRowOf(campaign);
  const m = db.manager;
  const ids = await campaignUnitIds(m, campaign.id);
  const calendar = rules?.calendar ?? loadCalendar(await yearsInForce(m));
  const units = await unitStandings(m, row, (await allUnits(m)).filter((u) => ids.has(u.id)).sort(byKindThenName), shanghaiDate(now), { ...rules, calendar });
  const deadlines = [...new Set(units.map((u) => u.standing.deadline))].sort();
  const rows = units.map(({ unit, standing }): UnitStatus => ({ name: unit.name, kind: unit.kind, deadline: standing.deadline, progress: standing.state, daysLate: standing.daysLate }));
  return {
    kind: 'status',
    campaign: { id: campaign.id, year: campaign.year, format: campaign.format, status: campaign.status },
    units: rows,
    submitted: units.filter((u) => u.standing.handedIn).length,
    overdue: units.filter((u) => u.standing.overdue).length,
    daysOff: deadlines.flatMap((deadline) => {
      const lastWorkingDay = lastWorkingDayIfOff(deadline, calendar);
      return lastWorkingDay ? [{ deadline, lastWorkingDay }] : [];
    }),
  };
}
