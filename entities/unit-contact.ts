import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Unit } from './unit.ts';

/** Whom readers of a unit's published report ask (the opening paragraph's last sentence), set once in chat. */
@Entity('unit_contacts')
export class UnitContact {
  @ForeignKey(() => Unit, { name: 'fk_unit_contacts_unit' })
  @PrimaryColumn({ type: 'int' })
  unitId!: number;

  /** The office to contact (「县政府办公室」). */
  @Column({ type: 'varchar', length: 100 })
  office!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
