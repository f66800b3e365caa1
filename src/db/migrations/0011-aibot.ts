// The 智能机器人 channel: the lease that lets exactly one process hold a bot's long connection.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** aibot_leases. */
export class Aibot1797100000000 implements MigrationInterface {
  name = 'Aibot1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.createTable(new Table({
      name: 'aibot_leases',
      columns: [c.varchar('botId', 64, false, true), c.varchar('holder', 128), c.datetime('until'), c.datetime('updatedAt')],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('aibot_leases');
  }
}
