import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Member } from './member.ts';
import { ReportRecord } from './report-record.ts';

/** A member's conversation with the bot: the report being worked on and the handlers' state. */
@Entity('conversations')
@Index('idx_conversations_report_id', ['reportId'])
export class Conversation {
  @ForeignKey(() => Member, { name: 'fk_conversations_member' })
  @PrimaryColumn({ type: 'int' })
  memberId!: number;

  @ForeignKey(() => ReportRecord, { name: 'fk_conversations_report' })
  @Column({ type: 'int', nullable: true })
  reportId!: number | null;

  /** JSON of the handlers' ConversationState; the engine drops a version it does not know. */
  @Column({ type: 'text' })
  state!: string;

  /** Incremented by every save; a save names the version it read (optimistic check). */
  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
