import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Unit } from './unit.ts';

/** What a member may do: fill their unit's report, supervise the units below, or administer. */
export type MemberRole = 'filer' | 'supervisor' | 'admin';

/** A WeCom user known to the bot, and the unit they act for. */
@Entity('members')
@Unique('uq_members_user_id', ['userId'])
@Index('idx_members_unit_id', ['unitId'])
@Index('idx_members_user_key', ['userKey'])
export class Member {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id!: number;

  /** The WeCom userid (at most 64 bytes, letters, digits and `_-@.`), as imported; compared ignoring case (src/bot/member-lookup.ts). */
  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  /** The userid as userids are compared: lower-cased (userIdKey, src/bot/member-lookup.ts), set with it. */
  @Column({ type: 'varchar', length: 64 })
  userKey!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: MemberRole;

  @ForeignKey(() => Unit, { name: 'fk_members_unit' })
  @Column({ type: 'int' })
  unitId!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  /** When an admin disabled the member (nianbao member disable); the bot then stores nothing of theirs and sends them nothing. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  disabledAt!: Date | null;
}
