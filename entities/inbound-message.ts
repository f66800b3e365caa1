import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Whether an inbound message is being handled or has been answered. */
export type InboundStatus = 'processing' | 'done';

/** A message claimed for handling: inserting its key is the dedupe claim, so a redelivery fails to insert. */
@Entity('inbound_messages')
@Index('idx_inbound_messages_received_at', ['receivedAt'])
export class InboundMessage {
  /** WeCom's MsgId (as a string), an event key, or the console channel's own key. */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  key!: string;

  @Column({ type: 'varchar', length: 64 })
  memberUserId!: string;

  @Column({ type: 'datetime', precision: 3 })
  receivedAt!: Date;

  @Column({ type: 'varchar', length: 12 })
  status!: InboundStatus;

  /** JSON array of the replies sent, kept so that a redelivered message gets the same answer. */
  @Column({ type: 'text', nullable: true })
  replies!: string | null;
}
