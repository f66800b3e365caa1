import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import { Member } from './member.ts';

/**
 * A member reachable through personal WeChat (wechat4u), known by the contact's attributes: web
 * WeChat's UserName changes at every login, so the contact is found again by NickName, RemarkName
 * and Alias ('' where WeChat gives none). A changed nickname or remark breaks the binding.
 */
@Entity('wechat_bindings')
@Unique('uq_wechat_bindings_contact', ['nickName', 'remarkName', 'alias'])
export class WechatBinding {
  @ForeignKey(() => Member, { name: 'fk_wechat_bindings_member' })
  @PrimaryColumn({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 100 })
  nickName!: string;

  /** The remark the bot's account gave the contact (备注名). */
  @Column({ type: 'varchar', length: 100 })
  remarkName!: string;

  /** The WeChat ID (微信号), when web WeChat reveals it. */
  @Column({ type: 'varchar', length: 100 })
  alias!: string;

  @Column({ type: 'datetime', precision: 3 })
  boundAt!: Date;
}
