// A campaign's units are computed, not listed (src/bot/jurisdiction.ts, campaignScope): every
// unit, or the units under its roots, minus the ones excluded; so a unit created later under the
// scope joins by construction. campaign_units keeps the roots and the exclusions. An existing
// campaign's explicit list becomes roots (a listed unit under another listed unit is covered by
// it) and exclusions (the units under a root that were not listed), so it still means the same units.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** campaigns.scope ('all' | 'units'), campaign_units.role ('root' | 'below' | 'excluded'); old lists turned into roots and exclusions. */
export class CampaignScopes1796700000000 implements MigrationInterface {
  name = 'CampaignScopes1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.addColumn('campaigns', new TableColumn({ ...c.varchar('scope', 10), default: "'units'" }));
    await queryRunner.addColumn('campaign_units', new TableColumn({ ...c.varchar('role', 10), default: "'root'" }));
    const units: { id: number; parentId: number | null }[] = await queryRunner.query('SELECT id, parentId FROM units');
    const parent = new Map(units.map((u) => [Number(u.id), u.parentId === null ? null : Number(u.parentId)]));
    const listed: { campaignId: number; unitId: number }[] = await queryRunner.query('SELECT campaignId, unitId FROM campaign_units');
    const byCampaign = new Map<number, Set<number>>();
    for (const row of listed) byCampaign.set(Number(row.campaignId), (byCampaign.get(Number(row.campaignId)) ?? new Set()).add(Number(row.unitId)));
    for (const [campaignId, ids] of byCampaign) {
      for (const [unitId] of parent) {
        const above = ancestors(parent, unitId);
        const covered = above.some((id) => ids.has(id));
        // A listed unit under a listed one is covered by it; an unlisted one under a listed one is excluded.
        if (ids.has(unitId) && covered) await queryRunner.query('DELETE FROM campaign_units WHERE campaignId = ? AND unitId = ?', [campaignId, unitId]);
        else if (!ids.has(unitId) && covered) await queryRunner.query("INSERT INTO campaign_units (campaignId, unitId, role) VALUES (?, ?, 'excluded')", [campaignId, unitId]);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Back to an explicit list would need the tree at this moment: the exclusions are dropped, the roots stay listed.
    await queryRunner.query("DELETE FROM campaign_units WHERE role = 'excluded'");
    await queryRunner.dropColumn('campaign_units', 'role');
    await queryRunner.dropColumn('campaigns', 'scope');
  }
}

/** The units above `unitId`, nearest first (a cycle is walked once). */
function ancestors(parent: Map<number, number | null>, unitId: number): number[] {
  const out: number[] = [];
  const seen = new Set([unitId]);
  for (let id = parent.get(unitId) ?? null; id !== null && !seen.has(id); id = parent.get(id) ?? null) {
    seen.add(id);
    out.push(id);
  }
  return out;
}
