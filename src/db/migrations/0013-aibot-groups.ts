// The 智能机器人 in group chats and as a reminder channel: the groups bound to a unit, and the
// members who have talked to the bot (a bot can message only those, 101138).
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, isMysql } from './columns.ts';

/** aibot_groups, aibot_contacts. */
export class AibotGroups1797300000000 implements MigrationInterface {
  name = 'AibotGroups1797300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.createTable(new Table({
      name: 'aibot_groups',
      columns: [c.varchar('chatId', 128, false, true), c.int('unitId'), c.varchar('digest', 16), c.varchar('boundBy', 64), c.datetime('boundAt')],
      foreignKeys: [fk('fk_aibot_groups_unit', 'unitId', 'units')],
    }));
    await queryRunner.createTable(new Table({
      name: 'aibot_contacts',
      columns: [c.varchar('userId', 64, false, true), c.datetime('firstAt')],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('aibot_contacts');
    await queryRunner.dropTable('aibot_groups');
  }
}
