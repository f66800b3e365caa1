import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Where an inbound message is: journaled and waiting for its turn, handled, or given up after a failure. */
export type InboundStatus = 'received' | 'done' | 'failed';

/**
 * The journal of inbound messages. Inserting the key is the dedupe claim (a redelivery fails to
 * insert); the id is the arrival order in which a user's messages are handled, by whichever
 * process gets to them.
 */
@Entity('inbound_messages')
@Unique('uq_inbound_messages_key', ['key'])
@Index('idx_inbound_messages_user_status', ['memberUserId', 'status'])
@Index('idx_inbound_messages_status_received', ['status', 'receivedAt'])
export class InboundMessage {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id!: number;

  /** `msg:<MsgId>` (MsgId kept as a string), `event:<hash>`, or a channel's own key. */
  @Column({ type: 'varchar', length: 128 })
  key!: string;

  @Column({ type: 'varchar', length: 64 })
  memberUserId!: string;

  /** Where the replies go: `console` (returned to the caller), `wecom` (through the outbox). */
  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  /** JSON of the message content until it is handled; null afterwards. */
  @Column({ type: 'text', nullable: true })
  content!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  receivedAt!: Date;

  @Column({ type: 'varchar', length: 12 })
  status!: InboundStatus;

  /** How many turns of this message failed (null: none); a message keeps waiting after a failure. */
  @Column({ type: 'int', nullable: true })
  attempts!: number | null;

  /** After a failed turn: the scheduler tries it again from this time (backoff). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  retryAt!: Date | null;

  /** JSON array of the replies, kept so that a redelivered message gets the same answer. */
  @Column({ type: 'text', nullable: true })
  replies!: string | null;
}
