// A campaign as its supervisors see it in one table: every unit (or a supervisor's share of them)
// with its status, progress, deadline, days late, findings and key figures, and the roll-up of
// the handed-in reports. Loaded in a few queries (the reports 500 units at a time), the unit tree
// walked in memory, never level by level in the database.
import type { EntityManager } from 'typeorm';
import { reportFindings } from '../../handlers/checks.ts';
import { isHandedIn, type ReportState } from '../../handlers/standing.ts';
import { byKindThenName } from '../admin/campaigns.ts';
import { unitStandings, type StandingRules } from '../bot/campaign-view.ts';
import { allUnits, campaignUnitIds, unitTree, type CampaignRow, type UnitRow } from '../bot/jurisdiction.ts';
import { shanghaiDate } from '../calendar/working-calendar.ts';
import { withoutMissingSections } from '../report/check.ts';
import type { Finding, Report } from '../report/report.ts';
import { rollUp, type RollUp } from './rollup.ts';

// The figures of sections 三 and 四 a supervisor compares across units, and the cells each sums.
const keyCells = {
  received: ['requests.received.total'],
  carriedOver: ['requests.carriedOver.total'],
  concluded: ['requests.total.total'],
  carriedForward: ['requests.carriedForward.total'],
  granted: ['requests.granted.total'],
  reviews: ['appeals.review.total'],
  reviewsCorrected: ['appeals.review.corrected'],
  suits: ['appeals.directSuit.total', 'appeals.suitAfterReview.total'],
  suitsCorrected: ['appeals.directSuit.corrected', 'appeals.suitAfterReview.corrected'],
} as const;

/** A key figure's name. */
export type KeyFigure = keyof typeof keyCells;

/** The key figures of a report; null where every cell summed is blank. */
export type KeyFigures = Record<KeyFigure, number | null>;

/** One unit of the campaign as it stands. */
export interface OverviewUnit {
  name: string;
  kind: string;
  deadline: string;
  status: ReportState;
  /** Share of the questions answered, in whole percent. */
  percent: number;
  /** 「第三部分4行和第五部分文字」, empty when nothing is missing. */
  missing: string;
  daysLate: number;
  /** The stored report, when the unit has one. */
  report?: Report;
  /** The report core's findings on the stored report; none before the unit has started. */
  findings: Finding[];
  errors: number;
  warnings: number;
  figures: KeyFigures;
}

/** A campaign's units (by kind, then name) at a day, and the roll-up of their handed-in reports. */
export interface Overview {
  campaign: CampaignRow;
  /** Whose units these are: the root unit, the units' nearest common supervisor, or 「全部单位」. */
  scope: string;
  /** The day in China the overview was taken, YYYY-MM-DD. */
  today: string;
  units: OverviewUnit[];
  /** How many units have handed in (submitted, approved or imported). */
  handedIn: number;
  rollUp: RollUp;
}

/** The key figures of a report (of either format: the cells of 三 and 四 are the same). */
export function keyFiguresOf(report: Report | undefined): KeyFigures {
  const figure = (cells: readonly string[]) => {
    const present = cells.map((id) => report?.values[id]).filter((v): v is number => v !== undefined && v !== null);
    return present.length ? present.reduce((a, b) => a + b, 0) : null;
  };
  return Object.fromEntries(Object.entries(keyCells).map(([key, cells]) => [key, figure(cells)])) as KeyFigures;
}

/** The nearest unit that is, or is above, every one of `units`. */
function commonAncestor(units: UnitRow[], byId: Map<number, UnitRow>): UnitRow | undefined {
  const chain = (unit: UnitRow) => {
    const out: UnitRow[] = [];
    for (let at: UnitRow | undefined = unit; at && !out.includes(at); at = at.parentId === null ? undefined : byId.get(at.parentId)) out.push(at);
    return out;
  };
  let common = units.length ? chain(units[0]) : [];
  for (const unit of units.slice(1)) {
    const ids = new Set(chain(unit).map((u) => u.id));
    common = common.filter((u) => ids.has(u.id));
  }
  return common[0];
}

/** The campaign's units at `now` (only those below `rootId`, at any depth, when given; none for an unknown root), with the roll-up of their reports. */
export async function loadOverview(m: EntityManager, campaign: CampaignRow, now: Date, rootId?: number, rules: StandingRules = {}): Promise<Overview> {
  const all = await allUnits(m);
  const byId = new Map(all.map((u) => [u.id, u]));
  const inCampaign = await campaignUnitIds(m, campaign.id);
  const under = rootId === undefined ? undefined : new Set(unitTree(all)(rootId).map((u) => u.id));
  const rows = all.filter((u) => inCampaign.has(u.id) && (!under || under.has(u.id))).sort(byKindThenName);
  const today = shanghaiDate(now);
  const units = (await unitStandings(m, campaign, rows, today, rules)).map(({ unit, draft, standing }): OverviewUnit => {
    const { progress } = standing;
    // The findings standingOf already checked; what is missing has its own column.
    const findings = draft && progress.started ? withoutMissingSections(reportFindings(draft)) : [];
    return {
      name: unit.name, kind: unit.kind, deadline: standing.deadline, status: standing.state, percent: progress.percent,
      // Before a start, 「全部内容」 says in two words what the list of every section would.
      missing: progress.started ? progress.missing : '全部内容',
      daysLate: standing.daysLate, ...(draft && { report: draft.report }), findings,
      errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length,
      figures: keyFiguresOf(draft?.report),
    };
  });
  const root = rootId === undefined ? commonAncestor(rows, byId) : byId.get(rootId);
  const scope = root?.name ?? '全部单位';
  return {
    campaign, scope, today, units, handedIn: units.filter((u) => isHandedIn(u.status)).length,
    rollUp: rollUp(`${scope}（汇总）`, campaign.year, campaign.format, units.map((u) => ({ unit: u.name, status: u.status, ...(u.report && { report: u.report }) }))),
  };
}
