import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Where an outgoing message is: waiting (maybe for a retry), being sent under a lease, sent, given up, or merged into an earlier text (which carries it). */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'merged';

/**
 * A message to send, written in the same transaction as what caused it. The idempotency key makes
 * a retried cause enqueue it once; the lease lets a crashed sender's messages be picked up again.
 */
@Entity('outbox_messages')
@Unique('uq_outbox_messages_idempotency_key', ['idempotencyKey'])
@Index('idx_outbox_messages_state_due', ['state', 'dueAt'])
@Index('idx_outbox_messages_recipient', ['channel', 'recipient', 'state'])
@Index('idx_outbox_messages_recipient_sent', ['channel', 'recipient', 'sentAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 160 })
  idempotencyKey!: string;

  /** `wecom` (app message to a member), `robot` (the supervisors' group). */
  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  /** The member's userid; the robot's name for the group robot. */
  @Column({ type: 'varchar', length: 64 })
  recipient!: string;

  /** `text`, `markdown`, `card`, `file`, `card-update`. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  /** JSON of what to send (the channel's sender reads it). */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'varchar', length: 12 })
  state!: OutboxState;

  @Column({ type: 'int' })
  attempts!: number;

  /** 1 when an earlier attempt may have been delivered (a timeout, a crash while sending): resend with WeCom's duplicate check. */
  @Column({ type: 'int' })
  uncertain!: number;

  /** Not sent before this time (backoff, rate limits, quiet hours). */
  @Column({ type: 'datetime', precision: 3 })
  dueAt!: Date;

  @Column({ type: 'varchar', length: 40, nullable: true })
  claimToken!: string | null;

  /** While `sending`: the lease; past it, the sender is presumed dead and the message is retried. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  claimedUntil!: Date | null;

  /** For operators: why the last attempt failed (never a token or the message text). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  /** Given up instead of sent after this time (a reminder is only worth its day); null: sent whenever it can be. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt!: Date | null;

  /** A file row: its upload's media_id, reused by every resend until it expires (3 days, 90253). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  mediaId!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  mediaExpiresAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;
}
