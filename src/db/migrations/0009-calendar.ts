// The working calendar as data: a year's holidays and 调休 working days set by an admin from the
// State Council's notice, so a new year needs no change of code.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** calendar_years. */
export class Calendar1796900000000 implements MigrationInterface {
  name = 'Calendar1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.createTable(new Table({
      name: 'calendar_years',
      columns: [c.int('year', false, true), c.text('holidays'), c.text('workdays'), c.text('source'), c.datetime('updatedAt')],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('calendar_years');
  }
}
