// A unit's contact for the opening paragraph of its published report: the office, its address
// and telephone, set once in chat.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, isMysql } from './columns.ts';

/** unit_contacts. */
export class UnitContact1797000000000 implements MigrationInterface {
  name = 'UnitContact1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.createTable(new Table({
      name: 'unit_contacts',
      columns: [c.int('unitId', false, true), c.varchar('office', 100), c.varchar('address', 200, true), c.varchar('phone', 50, true), c.datetime('updatedAt')],
      foreignKeys: [fk('fk_unit_contacts_unit', 'unitId', 'units')],
    }), true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('unit_contacts', true);
  }
}
