import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FormatId } from '../src/report/report.ts';

/** Whether a campaign still accepts reports. */
export type CampaignStatus = 'open' | 'closed';

/** Which units a campaign covers: every unit, or the units under its roots (campaign_units); see campaignScope. */
export type CampaignScopeKind = 'all' | 'units';

/** One year's collection of reports in one format, with a deadline per level (条例 art. 49). */
@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id!: number;

  /** The year the reports are about (filed early the following year). */
  @Column({ type: 'int' })
  year!: number;

  @Column({ type: 'varchar', length: 4 })
  format!: FormatId;

  /** JSON: ISO dates by unit kind, `default` for the kinds not named: `{"default":"2026-01-20","县级部门":"2026-01-31"}`. */
  @Column({ type: 'text' })
  deadlines!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: CampaignStatus;

  @Column({ type: 'varchar', length: 10, default: 'units' })
  scope!: CampaignScopeKind;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
