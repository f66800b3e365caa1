import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The access_token of one WeCom app, shared by every process; the lease makes its refresh single-flight. */
@Entity('access_tokens')
export class AccessToken {
  /** `<corpId>:<agentId>`: a token works only for its own app. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  app!: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  token!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt!: Date | null;

  /** Set by the process refreshing the token; others wait for the new token until it passes. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
