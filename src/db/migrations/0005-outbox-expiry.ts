// Outbox messages that are only worth sending for a while (a reminder for one day): past
// expiresAt they are given up instead of sent, so a long halt never ends in a flood of stale ones.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** outbox_messages.expiresAt. */
export class OutboxExpiry1796500000000 implements MigrationInterface {
  name = 'OutboxExpiry1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('outbox_messages', new TableColumn(columns(isMysql(queryRunner)).datetime('expiresAt', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('outbox_messages', 'expiresAt');
  }
}
