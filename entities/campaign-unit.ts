import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Campaign } from './campaign.ts';
import { Unit } from './unit.ts';

/**
 * A unit named in a campaign's scope: `root`, it and every unit under it file; `below`, only the
 * units under it (it is a root that does not file itself); `excluded`, it does not file (merged
 * away, or a supervising office that only reviews). See campaignScope in src/bot/jurisdiction.ts.
 */
export type CampaignUnitRole = 'root' | 'below' | 'excluded';

/** A root or an exclusion of a campaign's scope. */
@Entity('campaign_units')
@Index('idx_campaign_units_unit_id', ['unitId'])
export class CampaignUnit {
  @ForeignKey(() => Campaign, { name: 'fk_campaign_units_campaign' })
  @PrimaryColumn({ type: 'int' })
  campaignId!: number;

  @ForeignKey(() => Unit, { name: 'fk_campaign_units_unit' })
  @PrimaryColumn({ type: 'int' })
  unitId!: number;

  @Column({ type: 'varchar', length: 10, default: 'root' })
  role!: CampaignUnitRole;
}
