import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A body that files a report (镇, 乡, 街道, 县级部门, 县市政府 …) and the unit supervising it. */
@Entity('units')
@Unique('uq_units_name', ['name'])
@Index('idx_units_parent_id', ['parentId'])
export class Unit {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** 镇, 乡, 街道, 县级部门, 县市政府 …; a campaign's deadlines are keyed by it. */
  @Column({ type: 'varchar', length: 20 })
  kind!: string;

  @ForeignKey(() => Unit, { name: 'fk_units_parent' })
  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
