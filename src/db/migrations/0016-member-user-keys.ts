// A member is found by userid on every message, ignoring case (src/bot/member-lookup.ts). Compared
// as LOWER(userId), no index served it: every message read every member. The lower-cased userid is
// now kept beside it, indexed (not unique: members that differ only by case may exist, 0008).
import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** members.userKey. */
export class MemberUserKeys1797600000000 implements MigrationInterface {
  name = 'MemberUserKeys1797600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.addColumn('members', new TableColumn(c.varchar('userKey', 64, true)));
    // Lower-cased here as the code does it (String.prototype.toLowerCase), not by SQL's LOWER, which differs between the databases.
    const rows: { id: number; userId: string }[] = await queryRunner.query('SELECT id, userId FROM members');
    for (const { id, userId } of rows) await queryRunner.query('UPDATE members SET userKey = ? WHERE id = ?', [userId.toLowerCase(), id]);
    await queryRunner.changeColumn('members', 'userKey', new TableColumn(c.varchar('userKey', 64)));
    await queryRunner.createIndex('members', new TableIndex({ name: 'idx_members_user_key', columnNames: ['userKey'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('members', 'idx_members_user_key');
    await queryRunner.dropColumn('members', 'userKey');
  }
}
