import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import type { TextId } from '../src/report/report.ts';
import { ReportRecord } from './report-record.ts';

/** One prose part of a report, a row of its own so that no single value grows past MySQL's limits. */
@Entity('report_texts')
export class ReportText {
  @ForeignKey(() => ReportRecord, { name: 'fk_report_texts_report' })
  @PrimaryColumn({ type: 'int' })
  reportId!: number;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  textId!: TextId;

  @Column({ type: 'text' })
  content!: string;
}
