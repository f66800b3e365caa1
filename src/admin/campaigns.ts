// Campaigns: one year's collection of reports with a deadline per unit kind (条例 art. 49), the
// units that must file in it, and where each of them stands.
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign, type CampaignStatus } from '../../entities/campaign.ts';
import { Member } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import { stateWords, type ReportState } from '../../handlers/standing.ts';
import { shanghaiDate } from '../calendar/working-calendar.ts';
import { unitStandings, type StandingRules } from '../bot/campaign-view.ts';
import { allUnits, campaignUnitIds, deadlineIn, type CampaignRow } from '../bot/jurisdiction.ts';
import type { FormatId } from '../report/report.ts';
import { badKind, isUnitKind, unitKinds } from './import-units.ts';

/** What a new campaign is: its year and format, the default deadline, deadlines by unit kind, and who files. */
export interface CampaignPlan {
  year: number;
  format: string;
  /** ISO date (YYYY-MM-DD) for the kinds without one of their own. */
  deadline: string;
  /** ISO dates by unit kind: `{ 县级部门: '2026-01-31' }`. */
  deadlineFor?: Record<string, string>;
  /** Who files; by default every unit with a filer (see `filingUnits`). */
  units?: 'all' | string[];
}

/** The campaign created (with the units in it, and warnings of 条例 art. 49), or every reason it was not. */
export type CreateResult =
  | { kind: 'created'; campaignId: number; units: string[]; withoutFilers: string[]; warnings: string[] }
  | { kind: 'refused'; problems: string[] };

const FIRST_YEAR = 2008; // the first year of the 条例 and of annual reports

/** The date of an ISO `YYYY-MM-DD` text when it is a real date, else undefined. */
export function readIsoDate(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : undefined;
}

function checkDeadline(label: string, text: string, year: number): string | undefined {
  if (!readIsoDate(text)) return `${label}「${text}」不是有效日期，应写作 YYYY-MM-DD，例如 ${year + 1}-01-20`;
  // Reports on a year are filed early in the next one; a later year is surely a typing slip.
  if (text <= `${year}-12-31` || text > `${year + 1}-12-31`) return `${label} ${text} 应在${year}年度结束之后、${year + 1}年内`;
  return undefined;
}

/** The plan's problems that need no database: year, format, dates and kinds. */
function checkPlan(plan: CampaignPlan): string[] {
  const problems: string[] = [];
  const { year } = plan;
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > 2100) problems.push(`年度「${year}」无效，应为${FIRST_YEAR}年以后的四位年份`);
  if (plan.format !== '2019' && plan.format !== '2021') problems.push(`格式「${plan.format}」无效，应为 2019 或 2021`);
  if (problems.length) return problems; // the dates are judged against the year
  const bad = checkDeadline('截止日期', plan.deadline, year);
  if (bad) problems.push(bad);
  for (const [kind, date] of Object.entries(plan.deadlineFor ?? {})) {
    if (!isUnitKind(kind)) problems.push(`--deadline-for ${kind}=${date}：${badKind(kind)}`);
    else {
      const badFor = checkDeadline(`${kind}的截止日期`, date, year);
      if (badFor) problems.push(badFor);
    }
  }
  if (Array.isArray(plan.units) && plan.units.length === 0) problems.push('没有指定任何单位');
  return problems;
}

// 条例 art. 49: county-level departments report by 31 January, the county government publishes
// its own report by 31 March. Township deadlines are the county's to set.
const statutory: Partial<Record<string, { monthDay: string; rule: string }>> = {
  县级部门: { monthDay: '01-31', rule: '县级以上人民政府部门应在每年1月31日前提交上一年度报告' },
  县市政府: { monthDay: '03-31', rule: '本级政府上一年度报告应在每年3月31日前向社会公布' },
};

function lateForTheLaw(deadlines: Record<string, string>, kinds: Set<string>, year: number): string[] {
  return unitKinds.flatMap((kind) => {
    const limit = statutory[kind];
    const date = deadlineIn(deadlines, kind, year);
    if (!limit || !kinds.has(kind) || date <= `${year + 1}-${limit.monthDay}`) return [];
    return [`${kind}的截止日期 ${date} 晚于条例第四十九条的期限：${limit.rule}`];
  });
}

// The 2021 format (国办公开办函〔2021〕30号, September 2021) replaced the trial one from the
// reports on 2021 onwards.
function formatForYear(year: number, format: string): string[] {
  if (format === '2019' && year >= 2021) return [`${year}年度报告应使用2021年格式（国办公开办函〔2021〕30号），而不是2019年试行格式`];
  if (format === '2021' && year < 2021) return [`2021年格式从2021年度报告起使用；${year}年度报告用的是2019年试行格式（国办公开办函〔2019〕60号）`];
  return [];
}

/**
 * The units that file in a new campaign. By default: every unit with at least one member whose
 * role is filer (a supervising office without filers only reviews), or every unit when no unit
 * has a filer yet (members are usually imported after the campaign is set up). `withoutFilers`
 * names the units the default rule left out.
 */
async function filingUnits(m: EntityManager, choice: CampaignPlan['units']): Promise<{ units: Unit[]; withoutFilers: Unit[]; problems: string[] }> {
  const all = await m.find(Unit, { order: { id: 'ASC' } });
  if (all.length === 0) return { units: [], withoutFilers: [], problems: ['还没有任何单位，请先导入单位（nianbao unit import）'] };
  if (choice === 'all') return { units: all, withoutFilers: [], problems: [] };
  if (choice) {
    const named = new Set(choice);
    const known = new Set(all.map((u) => u.name));
    return { units: all.filter((u) => named.has(u.name)), withoutFilers: [], problems: [...named].filter((n) => !known.has(n)).map((n) => `没有名为「${n}」的单位`) };
  }
  const filers = new Set((await m.find(Member, { where: { role: 'filer', disabledAt: IsNull() }, select: { unitId: true } })).map((x) => x.unitId));
  if (filers.size === 0) return { units: all, withoutFilers: [], problems: [] };
  return { units: all.filter((u) => filers.has(u.id)), withoutFilers: all.filter((u) => !filers.has(u.id)), problems: [] };
}

/** Create an open campaign and the units filing in it; refused when the year already has an open one. */
export async function createCampaign(db: DataSource, plan: CampaignPlan): Promise<CreateResult> {
  const problems = checkPlan(plan);
  const deadlines: Record<string, string> = { default: plan.deadline, ...plan.deadlineFor };
  return db.transaction(async (m) => {
    const open = Number.isInteger(plan.year) ? await m.findOne(Campaign, { where: { year: plan.year, status: 'open' } }) : null;
    if (open) problems.push(`${plan.year}年度已有进行中的填报任务（编号 ${open.id}），不能再建立一个`);
    const { units, withoutFilers, problems: unitProblems } = await filingUnits(m, plan.units);
    problems.push(...unitProblems);
    if (problems.length) return { kind: 'refused', problems };
    const campaign = await m.save(Campaign, {
      year: plan.year, format: plan.format as FormatId, deadlines: JSON.stringify(deadlines), status: 'open', createdAt: new Date(),
    });
    await m.insert(CampaignUnit, units.map((u) => ({ campaignId: campaign.id, unitId: u.id })));
    return {
      kind: 'created', campaignId: campaign.id, units: units.map((u) => u.name), withoutFilers: withoutFilers.map((u) => u.name),
      warnings: [...formatForYear(plan.year, plan.format), ...lateForTheLaw(deadlines, new Set(units.map((u) => u.kind)), plan.year)],
    };
  });
}

/** Where a unit's report stands: the one state of handlers/standing.ts. */
export type UnitProgress = ReportState;

/** How the admin's table and the workbook name each progress: the words of the standing. */
export const progressWords: Record<UnitProgress, string> = stateWords;

/** One unit of a campaign: its deadline (by kind, else the default), its report, and how many working days late (its standing's). */
export interface UnitStatus {
  name: string;
  kind: string;
  deadline: string;
  progress: UnitProgress;
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

/** The campaign with this id, or the newest open one when none is named. */
export async function findCampaign(m: EntityManager, campaignId?: number): Promise<FoundCampaign> {
  const campaign = campaignId === undefined
    ? await m.findOne(Campaign, { where: { status: 'open' }, order: { year: 'DESC', id: 'DESC' } })
    : await m.findOne(Campaign, { where: { id: campaignId } });
  if (!campaign) return { kind: 'missing', reason: campaignId === undefined ? '还没有进行中的填报任务' : `没有编号为 ${campaignId} 的填报任务` };
  return { kind: 'found', campaign };
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
  const units = await unitStandings(m, row, (await allUnits(m)).filter((u) => ids.has(u.id)).sort(byKindThenName), shanghaiDate(now), rules);
  const rows = units.map(({ unit, standing }): UnitStatus => ({ name: unit.name, kind: unit.kind, deadline: standing.deadline, progress: standing.state, daysLate: standing.daysLate }));
  return {
    kind: 'status',
    campaign: { id: campaign.id, year: campaign.year, format: campaign.format, status: campaign.status },
    units: rows,
    submitted: units.filter((u) => u.standing.handedIn).length,
    overdue: units.filter((u) => u.standing.overdue).length,
  };
}
