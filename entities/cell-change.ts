import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from './member.ts';
import { ReportRecord } from './report-record.ts';

/** One change of one cell, text or status of a report: the audit trail behind 撤销 and the digest. */
@Entity('cell_changes')
@Index('idx_cell_changes_report_at', ['reportId', 'at'])
@Index('idx_cell_changes_member_id', ['memberId'])
export class CellChange {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id!: number;

  @ForeignKey(() => ReportRecord, { name: 'fk_cell_changes_report' })
  @Column({ type: 'int' })
  reportId!: number;

  /** A field id, `texts.<id>` or `status`. */
  @Column({ type: 'varchar', length: 80 })
  cell!: string;

  /** JSON of the number, text or status before the change; null when there was none. */
  @Column({ type: 'text', nullable: true })
  oldValue!: string | null;

  /** JSON of the number, text or status after the change; null when it was removed. */
  @Column({ type: 'text', nullable: true })
  newValue!: string | null;

  /** Why the change was made, as its author wrote it: a 退回's reason; null otherwise. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** Who made the change; null for the system (import, a job). */
  @ForeignKey(() => Member, { name: 'fk_cell_changes_member' })
  @Column({ type: 'int', nullable: true })
  memberId!: number | null;

  /** The inbound message that caused the change (InboundMessage.key). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  messageKey!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;
}
