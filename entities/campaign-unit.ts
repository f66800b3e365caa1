import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Campaign } from './campaign.ts';
import { Unit } from './unit.ts';

/** A unit that must report in a campaign. */
@Entity('campaign_units')
@Index('idx_campaign_units_unit_id', ['unitId'])
export class CampaignUnit {
  @ForeignKey(() => Campaign, { name: 'fk_campaign_units_campaign' })
  @PrimaryColumn({ type: 'int' })
  campaignId!: number;

  @ForeignKey(() => Unit, { name: 'fk_campaign_units_unit' })
  @PrimaryColumn({ type: 'int' })
  unitId!: number;
}
