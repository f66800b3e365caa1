import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Unit } from './unit.ts';

/**
 * A unit's ancestry as rows: the unit itself and each unit above it, one row each. Derived from
 * units.parentId and kept in line with it by every writer of a unit's parent (storeAncestries,
 * src/bot/jurisdiction.ts), so that each message finds its campaign with key reads, not a walk.
 */
@Entity('unit_ancestors')
@Index('idx_unit_ancestors_ancestor_id', ['ancestorId'])
export class UnitAncestor {
  @ForeignKey(() => Unit, { name: 'fk_unit_ancestors_unit' })
  @PrimaryColumn({ type: 'int' })
  unitId!: number;

  @ForeignKey(() => Unit, { name: 'fk_unit_ancestors_ancestor' })
  @PrimaryColumn({ type: 'int' })
  ancestorId!: number;
}
