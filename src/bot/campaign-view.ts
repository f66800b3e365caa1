// Units of a campaign as supervision sees them (their standing, reminded or urged today), and the
// whole campaign loaded once with its unit tree, so that each supervisor's share of it is found in
// memory: the morning digests of a province's supervisors are built from one of these.
import type { EntityManager } from 'typeorm';
import { reportStanding, standingOf, workingDays, type LatenessRules, type ReportStanding, type Standing } from '../../handlers/standing.ts';
import type { UnitView } from '../../handlers/supervise.ts';
import type { Draft } from '../../handlers/turn.ts';
import { yearsInForce } from './calendar-store.ts';
import { loadCalendar, shanghaiTime, type WorkingCalendar } from '../calendar/working-calendar.ts';
import { allUnits, campaignReports, campaignUnitIds, deadlineOf, unitTree, type CampaignRow, type UnitRow } from './jurisdiction.ts';
import { datetime, query } from './sql.ts';

/** A campaign's units as they stand, and who is under whom. */
export interface CampaignView {
  campaign: CampaignRow;
  /** The campaign's units below `rootId`, at any depth. */
  under(rootId: number): UnitView[];
}

/** An empty draft, for a unit that has not started. */
export function emptyDraft(campaign: CampaignRow, unitName: string): Draft {
  return { status: 'draft', report: { format: campaign.format, year: campaign.year, unit: unitName, values: {}, texts: {} } };
}

/** A unit of a campaign with its report as it stands: what supervision, the admin's table and the overview start from. */
export interface UnitStanding {
  unit: UnitRow;
  draft?: Draft;
  reportId?: number;
  standing: ReportStanding;
}

/** What a standing is judged by: the working calendar (by default the one in force, read from the database) and the lateness rules. */
export interface StandingRules {
  calendar?: WorkingCalendar;
  lateness?: LatenessRules;
}

/** These units of the campaign with their drafts and standings on `today`, in the order given. */
export async function unitStandings(m: EntityManager, campaign: CampaignRow, rows: UnitRow[], today: string, rules: StandingRules = {}): Promise<UnitStanding[]> {
  const reports = await campaignReports(m, campaign, rows);
  const days = workingDays(rules.calendar ?? loadCalendar(await yearsInForce(m)));
  // Every unit without a report stands the same: worked out once (a province has thousands).
  let empty: Standing | undefined;
  return rows.map((unit) => {
    const stored = reports.get(unit.id);
    const standing = reportStanding({
      state: stored?.state ?? 'none', deadline: deadlineOf(campaign, unit.kind), submittedAt: stored?.submittedAt ?? null, history: stored?.history ?? {},
      progress: stored ? standingOf(stored.draft) : (empty ??= standingOf(emptyDraft(campaign, unit.name))),
    }, today, days, rules.lateness);
    return { unit, ...(stored && { draft: stored.draft, reportId: stored.id }), standing };
  });
}

/** These units of the campaign as they stand today, with whether each was reminded and urged today. */
export async function unitViews(m: EntityManager, campaign: CampaignRow, rows: UnitRow[], today: string, rules: StandingRules = {}): Promise<UnitView[]> {
  if (!rows.length) return [];
  const standings = await unitStandings(m, campaign, rows, today, rules);
  const start = shanghaiTime(today, '00:00');
  // One query: for a few units by their ids, for many (a province's digests) the whole campaign's day.
  const few = rows.length <= 500;
  const ids = rows.map((u) => u.id);
  const found = await query<{ unitId: number; kind: string }>(m,
    `SELECT DISTINCT {unitId}, {kind} FROM {reminders} WHERE {campaignId} = ?${few ? ` AND {unitId} IN (${ids.map(() => '?').join(', ')})` : ''} AND {state} = 'sent'
     AND {kind} NOT IN ('digest', 'late', 'escalate') AND {dueAt} >= ? AND {dueAt} < ?`,
    [campaign.id, ...(few ? ids : []), datetime(m, start), datetime(m, new Date(start.getTime() + 86_400_000))]);
  const filers = await query<{ unitId: number; n: number }>(m,
    `SELECT {unitId}, COUNT(*) AS {n} FROM {members} WHERE {role} = 'filer' AND {disabledAt} IS NULL${few ? ` AND {unitId} IN (${ids.map(() => '?').join(', ')})` : ''} GROUP BY {unitId}`, few ? ids : []);
  const filing = new Map(filers.map((r) => [Number(r.unitId), Number(r.n)]));
  const reminded = new Set(found.map((r) => Number(r.unitId)));
  const urged = new Set(found.filter((r) => r.kind === 'urge').map((r) => Number(r.unitId)));
  return standings.map(({ unit, draft, reportId, standing }) => ({
    id: unit.id, name: unit.name, ...(draft && { draft }), ...(reportId !== undefined && { reportId }), standing, remindedToday: reminded.has(unit.id), urgedToday: urged.has(unit.id), filers: filing.get(unit.id) ?? 0,
  }));
}

/** Load the campaign as it stands today. */
export async function loadCampaignView(m: EntityManager, campaign: CampaignRow, today: string, rules: StandingRules = {}): Promise<CampaignView> {
  const units = await allUnits(m);
  const ids = await campaignUnitIds(m, campaign.id);
  const views = new Map((await unitViews(m, campaign, units.filter((u) => ids.has(u.id)), today, rules)).map((v) => [v.id, v]));
  const below = unitTree(units);
  return {
    campaign,
    under: (rootId) => below(rootId).flatMap((unit) => views.get(unit.id) ?? []),
  };
}
