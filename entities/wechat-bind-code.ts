import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Member } from './member.ts';

/** A one-time code that binds the WeChat contact who sends it to a member; stored as its SHA-256. */
@Entity('wechat_bind_codes')
@Unique('uq_wechat_bind_codes_hash', ['codeHash'])
@Index('idx_wechat_bind_codes_member_id', ['memberId'])
export class WechatBindCode {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id!: number;

  /** Hex SHA-256 of the code. */
  @Column({ type: 'varchar', length: 64 })
  codeHash!: string;

  @ForeignKey(() => Member, { name: 'fk_wechat_bind_codes_member' })
  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  /** Set when the code is redeemed: a code binds once. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
