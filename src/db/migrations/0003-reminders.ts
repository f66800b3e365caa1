// Planned messages of a campaign: reminders, 催办, digests, the late list.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** The reminders table. */
export class Reminders1796300000000 implements MigrationInterface {
  name = 'Reminders1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.createTable(new Table({
      name: 'reminders',
      columns: [
        c.id(),
        c.varchar('idempotencyKey', 160),
        c.int('campaignId'),
        c.int('unitId', true),
        c.varchar('recipient', 64),
        c.varchar('kind', 16),
        c.datetime('dueAt'),
        c.varchar('state', 12),
        c.varchar('note', 200, true),
        c.datetime('createdAt'),
      ],
      uniques: [{ name: 'uq_reminders_idempotency_key', columnNames: ['idempotencyKey'] }],
      indices: [
        { name: 'idx_reminders_state_due', columnNames: ['state', 'dueAt'] },
        { name: 'idx_reminders_unit', columnNames: ['campaignId', 'unitId'] },
      ],
    }), true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('reminders', true);
  }
}
