import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Unit } from './unit.ts';

/** Where a bound group's daily digest goes: not to the group, to it as well as each supervisor's chat, or to it instead. */
export type GroupDigest = 'off' | 'also' | 'instead';

/** A WeCom group chat bound to a unit: the bot answers supervisors' commands there, within their jurisdiction. */
@Entity('aibot_groups')
export class AibotGroup {
  /** The group's chatid (100719). */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  chatId!: string;

  @ForeignKey(() => Unit, { name: 'fk_aibot_groups_unit' })
  @Column({ type: 'int' })
  unitId!: number;

  @Column({ type: 'varchar', length: 16 })
  digest!: GroupDigest;

  /** The supervisor's userid, or `cli` for an admin's `nianbao group bind`. */
  @Column({ type: 'varchar', length: 64 })
  boundBy!: string;

  @Column({ type: 'datetime', precision: 3 })
  boundAt!: Date;
}
