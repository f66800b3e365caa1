import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The web WeChat login (wechat4u's botData), encrypted with NIANBAO_WECHAT_KEY, so that a restart resumes without scanning. */
@Entity('wechat_sessions')
export class WechatSession {
  /** One account per installation: `default`. */
  @PrimaryColumn({ type: 'varchar', length: 20 })
  name!: string;

  /** `v1:<iv>:<tag>:<ciphertext>`, base64 (AES-256-GCM). */
  @Column({ type: 'text' })
  data!: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
