// Each message finds the campaign its unit files in from the scope rows naming the unit or a unit
// above it. The units above were walked up the parent column in SQL on every message (a recursive
// query, with its temporary tables); they are now stored, one row per unit and ancestor, and the
// existing units' rows are written here.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, isMysql } from './columns.ts';

/** unit_ancestors, filled from units.parentId. */
export class UnitAncestors1797700000000 implements MigrationInterface {
  name = 'UnitAncestors1797700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.createTable(new Table({
      name: 'unit_ancestors',
      columns: [c.int('unitId', false, true), c.int('ancestorId', false, true)],
      indices: [{ name: 'idx_unit_ancestors_ancestor_id', columnNames: ['ancestorId'] }],
      foreignKeys: [fk('fk_unit_ancestors_unit', 'unitId', 'units'), fk('fk_unit_ancestors_ancestor', 'ancestorId', 'units')],
    }), true);
    // As the code walks it (ancestries, src/bot/jurisdiction.ts): up the parent column, a cycle once.
    const units: { id: number; parentId: number | null }[] = await queryRunner.query('SELECT id, parentId FROM units');
    const parent = new Map(units.map((u) => [Number(u.id), u.parentId === null ? null : Number(u.parentId)]));
    for (const { id } of units) {
      const ancestry = [Number(id)];
      for (let up = parent.get(Number(id)) ?? null; up !== null && !ancestry.includes(up); up = parent.get(up) ?? null) ancestry.push(up);
      for (const ancestorId of ancestry) await queryRunner.query('INSERT INTO unit_ancestors (unitId, ancestorId) VALUES (?, ?)', [Number(id), ancestorId]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('unit_ancestors', true);
  }
}
