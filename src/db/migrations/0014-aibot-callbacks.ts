// The 智能机器人's callback mode in a cluster: which messages opened a stream, the group they were
// said in and their response_urls, in the database so that any process answers a refresh and a
// response_url is used exactly once.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** aibot_callbacks. */
export class AibotCallbacks1797400000000 implements MigrationInterface {
  name = 'AibotCallbacks1797400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.createTable(new Table({
      name: 'aibot_callbacks',
      columns: [
        c.varchar('messageKey', 128, false, true), c.varchar('userId', 64), c.varchar('chatId', 128, true), c.datetime('streamedAt', true),
        c.varchar('responseUrl', 1024, true), c.datetime('responseUsedAt', true), c.datetime('receivedAt'),
      ],
      indices: [
        { name: 'idx_aibot_callbacks_user_received', columnNames: ['userId', 'receivedAt'] },
        { name: 'idx_aibot_callbacks_received', columnNames: ['receivedAt'] },
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('aibot_callbacks');
  }
}
