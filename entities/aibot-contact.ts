import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A member who has talked to the bot: the bot can start a chat with them (aibot_send_msg), not with others. */
@Entity('aibot_contacts')
export class AibotContact {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'datetime', precision: 3 })
  firstAt!: Date;
}
