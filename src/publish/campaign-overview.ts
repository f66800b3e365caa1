// A campaign as its supervisors see it in one table: every unit (or a supervisor's share of them)
// with its status, progress, deadline, days late, when it was handed in and approved and by whom,
// findings and key figures; the roll-up of the handed-in reports; and the texts that are
// near-copies of another unit's or of last year's. Loaded in a few queries (the reports 500 units
// at a time), the unit tree walked in memory, never level by level in the database.
import type { EntityManager } from 'typeorm';
import { reportFindings } from '../../handlers/checks.ts';
import { isHandedIn, type ReportState } from '../../handlers/standing.ts';
import { byKindThenName } from '../admin/campaigns.ts';
import { unitStandings, type StandingRules } from '../bot/campaign-view.ts';
import { allUnits, campaignReports, campaignUnitIds, unitTree, type CampaignRow, type UnitRow } from '../bot/jurisdiction.ts';
import { query, readDatetime } from '../bot/sql.ts';
import { shanghaiDate } from '../calendar/working-calendar.ts';
import { withoutMissingSections } from '../report/check.ts';
import type { Finding, Report } from '../report/report.ts';
import { findNearCopies, type NearCopy } from './near-copies.ts';
import { rollUp, type RollUp } from './rollup.ts';
import { isWithdrawalKey } from '../message-keys.ts';

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
  /** The last hand-in, China time 「2026-01-21 07:00」; absent when never handed in (an imported report). */
  submittedAt?: string;
  /** When a supervisor approved the report, China time; only while it stands approved. */
  approvedAt?: string;
  /** Who handed it in last, from the audit trail; absent when it came in otherwise (imported, stored by an admin). */
  filer?: Filer;
  /** The stored report, when the unit has one. */
  report?: Report;
  /** The report core's findings on the stored report; none before the unit has started. */
  findings: Finding[];
  errors: number;
  warnings: number;
  figures: KeyFigures;
}

/** A member as the overview names them: the name and the WeCom userid. */
export interface Filer {
  name: string;
  userId: string;
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
  /** The texts that are near-copies of another unit's this year or of the unit's own last year, most similar first. */
  nearCopies: NearCopy[];
}

/** The key figures of a report (of either format: the cells of 三 and 四 are the same). */
export function keyFiguresOf(report: Report | undefined): KeyFigures {
  const figure = (cells: readonly string[]) => {
    const present = cells.map((id) => report?.values[id]).filter((v): v is number => v !== undefined && v !== null);
    return present.length ? present.reduce((a, b) => a + b, 0) : null;
  };
  return Object.fromEntries(Object.entries(keyCells).map(([key, cells]) => [key, figure(cells)])) as KeyFigures;
}

/** An instant as China's wall clock shows it, to the minute: 「2026-01-21 07:00」. */
function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** From the audit trail of each report: who handed it in last, and when it was last approved. */
async function statusTrail(m: EntityManager, reportIds: number[]): Promise<Map<number, { filer?: Filer; approvedAt?: Date }>> {
  const out = new Map<number, { filer?: Filer; approvedAt?: Date }>();
  for (let i = 0; i < reportIds.length; i += 500) {
    const ids = reportIds.slice(i, i + 500);
    const rows = await query<{ reportId: number; newValue: string; messageKey: string | null; at: unknown; name: string | null; userId: string | null }>(m,
      `SELECT c.{reportId} AS {reportId}, c.{newValue} AS {newValue}, c.{messageKey} AS {messageKey}, c.{at} AS {at}, p.{name} AS {name}, p.{userId} AS {userId}
       FROM {cell_changes} c LEFT JOIN {members} p ON p.{id} = c.{memberId}
       WHERE c.{reportId} IN (${ids.map(() => '?').join(', ')}) AND c.{cell} = 'status' AND c.{newValue} IN ('"submitted"', '"approved"') ORDER BY c.{id}`, ids);
    for (const r of rows) {
      // 撤回退回 puts back the status before the return: the hand-in or approval it restores stands, by whom and when it was made.
      if (isWithdrawalKey(r.messageKey)) continue;
      const trail = out.get(Number(r.reportId)) ?? {};
      if (r.newValue === '"approved"') trail.approvedAt = readDatetime(r.at);
      // A hand-in by the system (no member) names nobody, rather than an earlier filer.
      else if (r.name !== null && r.userId !== null) trail.filer = { name: r.name, userId: r.userId };
      else delete trail.filer;
      out.set(Number(r.reportId), trail);
    }
  }
  return out;
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
  const standings = await unitStandings(m, campaign, rows, today, rules);
  const trails = await statusTrail(m, standings.flatMap((s) => (s.reportId === undefined || s.standing.state === 'draft' ? [] : [s.reportId])));
  const units = standings.map(({ unit, draft, reportId, standing }): OverviewUnit => {
    const { progress } = standing;
    const trail = reportId === undefined ? undefined : trails.get(reportId);
    // The findings standingOf already checked; what is missing has its own column.
    const findings = draft && progress.started ? withoutMissingSections(reportFindings(draft)) : [];
    return {
      name: unit.name, kind: unit.kind, deadline: standing.deadline, status: standing.state, percent: progress.percent,
      // Before a start, 「全部内容」 says in two words what the list of every section would.
      missing: progress.started ? progress.missing : '全部内容',
      daysLate: standing.daysLate,
      ...(standing.handedIn && standing.submittedAt && { submittedAt: shanghaiMinute(standing.submittedAt) }),
      ...(standing.state === 'approved' && trail?.approvedAt && { approvedAt: shanghaiMinute(trail.approvedAt) }),
      ...(standing.handedIn && trail?.filer && { filer: trail.filer }),
      ...(draft && { report: draft.report }), findings,
      errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length,
      figures: keyFiguresOf(draft?.report),
    };
  });
  const root = rootId === undefined ? commonAncestor(rows, byId) : byId.get(rootId);
  const scope = root?.name ?? '全部单位';
  const lastYear = await campaignReports(m, { ...campaign, year: campaign.year - 1 }, rows);
  return {
    campaign, scope, today, units, handedIn: units.filter((u) => isHandedIn(u.status)).length,
    rollUp: rollUp(`${scope}（汇总）`, campaign.year, campaign.format, units.map((u) => ({ unit: u.name, status: u.status, ...(u.report && { report: u.report }) }))),
    nearCopies: findNearCopies(units.flatMap((u, i) => (u.report ? [{
      unit: u.name, texts: u.report.texts, ...(lastYear.has(rows[i].id) && { lastYear: lastYear.get(rows[i].id)!.draft.report.texts }),
    }] : []))),
  };
}
