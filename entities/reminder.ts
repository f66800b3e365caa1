import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Where a planned message is: waiting for its time, handed to the outbox, or dropped (no longer relevant, or stale). */
export type ReminderState = 'pending' | 'sent' | 'dropped';

/**
 * A planned message of a campaign — a reminder to a unit's official, a 催办, the supervisor's
 * morning digest or the list of late units — due at a time. The scheduler's tick claims it with
 * a conditional update in the transaction that puts its text in the outbox, so several
 * schedulers send it once; the key makes planning it again a no-op.
 */
@Entity('reminders')
@Unique('uq_reminders_idempotency_key', ['idempotencyKey'])
@Index('idx_reminders_state_due', ['state', 'dueAt'])
@Index('idx_reminders_unit', ['campaignId', 'unitId'])
export class Reminder {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id!: number;

  /** `<kind>:<campaign>:<unit or member>:<date>`: one of a kind a day. */
  @Column({ type: 'varchar', length: 160 })
  idempotencyKey!: string;

  @Column({ type: 'int' })
  campaignId!: number;

  /** The unit reminded or urged; null for a supervisor's digest or late list. */
  @Column({ type: 'int', nullable: true })
  unitId!: number | null;

  /** The member's userid. */
  @Column({ type: 'varchar', length: 64 })
  recipient!: string;

  /** `T-7`, `T-3`, `T-1`, `T0`, `overdue`, `snooze`, `urge`, `digest`, `late`. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'datetime', precision: 3 })
  dueAt!: Date;

  @Column({ type: 'varchar', length: 12 })
  state!: ReminderState;

  /** Why a reminder was dropped, for operators. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
