// A whole campaign as it stands, loaded once: every unit's view (status, standing, reminded
// today) and the unit tree, so that each supervisor's share of it is found in memory. The
// morning digests of a province's supervisors are built from one of these.
import type { EntityManager } from 'typeorm';
import { standingOf } from '../../handlers/standing.ts';
import type { UnitView } from '../../handlers/supervise.ts';
import { shanghaiTime } from '../calendar/working-calendar.ts';
import { allUnits, campaignReports, campaignUnitIds, deadlineOf, type CampaignRow, type UnitRow } from './jurisdiction.ts';
import { datetime, query } from './sql.ts';

/** A campaign's units as they stand, and who is under whom. */
export interface CampaignView {
  campaign: CampaignRow;
  /** The campaign's units below `rootId`, at any depth. */
  under(rootId: number): UnitView[];
}

/** Load the campaign as it stands today. */
export async function loadCampaignView(m: EntityManager, campaign: CampaignRow, today: string): Promise<CampaignView> {
  const units = await allUnits(m);
  const ids = await campaignUnitIds(m, campaign.id);
  const mine = units.filter((u) => ids.has(u.id));
  const reports = await campaignReports(m, campaign, mine);
  const start = shanghaiTime(today, '00:00');
  const reminded = new Set((await query<{ unitId: number }>(m,
    `SELECT DISTINCT {unitId} FROM {reminders} WHERE {campaignId} = ? AND {state} = 'sent' AND {kind} NOT IN ('digest', 'late') AND {dueAt} >= ? AND {dueAt} < ?`,
    [campaign.id, datetime(m, start), datetime(m, new Date(start.getTime() + 86_400_000))])).map((r) => Number(r.unitId)));
  const views = new Map(mine.map((u): [number, UnitView] => {
    const draft = reports.get(u.id)?.draft;
    const standing = standingOf(draft ?? { status: 'draft', report: { format: campaign.format, year: campaign.year, unit: u.name, values: {}, texts: {} } });
    return [u.id, { id: u.id, name: u.name, deadline: deadlineOf(campaign, u.kind), status: draft?.status ?? 'none', ...(draft && { draft }), standing, remindedToday: reminded.has(u.id) }];
  }));
  const children = new Map<number, UnitRow[]>();
  for (const unit of units) if (unit.parentId !== null) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit]);
  return {
    campaign,
    under(rootId) {
      const out: UnitView[] = [];
      const seen = new Set([rootId]);
      for (const queue = [...(children.get(rootId) ?? [])]; queue.length;) {
        const unit = queue.shift()!;
        if (seen.has(unit.id)) continue;
        seen.add(unit.id);
        const view = views.get(unit.id);
        if (view) out.push(view);
        queue.push(...(children.get(unit.id) ?? []));
      }
      return out;
    },
  };
}
