import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A message that came through the 智能机器人's callback URL, as any process of a cluster needs it
 * to answer: whether it opened a stream (whose refreshes show its replies), the group it was
 * said in, and its response_url (one use within an hour, 101138), claimed by a conditional update.
 */
@Entity('aibot_callbacks')
@Index('idx_aibot_callbacks_user_received', ['userId', 'receivedAt'])
@Index('idx_aibot_callbacks_received', ['receivedAt'])
export class AibotCallback {
  /** The journal's key of the message (`aibot:<msgid>`). */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  messageKey!: string;

  /** Who sent it. */
  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  /** The group's chatid when it was an @-mention in a group; null in a single chat. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  chatId!: string | null;

  /** When it was answered with an open stream; null when none was opened (an event, a card click). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  streamedAt!: Date | null;

  /** The response_url it came with, if any. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  responseUrl!: string | null;

  /** When a reply took the response_url (it works once). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  responseUsedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  receivedAt!: Date;
}
