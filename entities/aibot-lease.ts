import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which process holds a 智能机器人's long connection: one live connection per bot (101463), taken over when its holder stops renewing. */
@Entity('aibot_leases')
export class AibotLease {
  /** The BotID. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  botId!: string;

  /** The holding process (host:pid:random). */
  @Column({ type: 'varchar', length: 128 })
  holder!: string;

  /** Renewed by the holder's heartbeat; once past, another process may take the lease. */
  @Column({ type: 'datetime', precision: 3 })
  until!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
