import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ReportRecordStatus } from '../handlers/standing.ts';
import type { FormatId } from '../src/report/report.ts';
import { Campaign } from './campaign.ts';
import { Unit } from './unit.ts';

/** One unit's report for one year: its numbers, status and version; the texts are ReportText rows. */
@Entity('reports')
@Unique('uq_reports_unit_year', ['unitId', 'year'])
@Index('idx_reports_campaign_id', ['campaignId'])
export class ReportRecord {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id!: number;

  @ForeignKey(() => Unit, { name: 'fk_reports_unit' })
  @Column({ type: 'int' })
  unitId!: number;

  /** Null for a report imported from last year's publication. */
  @ForeignKey(() => Campaign, { name: 'fk_reports_campaign' })
  @Column({ type: 'int', nullable: true })
  campaignId!: number | null;

  @Column({ type: 'int' })
  year!: number;

  @Column({ type: 'varchar', length: 4 })
  format!: FormatId;

  @Column({ type: 'varchar', length: 12 })
  status!: ReportRecordStatus;

  /** JSON: numbers by field id (shared/spec/field-ids.md), null for a blank cell. */
  @Column({ type: 'text' })
  values!: string;

  /** JSON array: after a return, the cell ids (and `texts.<id>`) the supervisor reopened. */
  @Column({ type: 'text', nullable: true })
  reopened!: string | null;

  /** Incremented by every change; an update names the version it read (optimistic check). */
  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
