// A member can be disabled (nianbao member disable) without losing what they filed; and userids
// are compared ignoring case from now on, so members that differ only by case are announced: both
// are kept, and a userid written exactly as neither finds neither until an admin disables one
// (src/bot/member-lookup.ts).
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** members.disabledAt. */
export class MembersDisabled1796800000000 implements MigrationInterface {
  name = 'MembersDisabled1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.addColumn('members', new TableColumn(c.datetime('disabledAt', true)));
    const rows: { userId: string }[] = await queryRunner.query('SELECT userId FROM members ORDER BY id');
    const byKey = new Map<string, string[]>();
    for (const { userId } of rows) byKey.set(userId.toLowerCase(), [...(byKey.get(userId.toLowerCase()) ?? []), userId]);
    const clashes = [...byKey.values()].filter((ids) => ids.length > 1);
    for (const ids of clashes) {
      // Operators read this at start-up; nothing is changed: which account is the real one is the admin's to say.
      console.warn(`nianbao: members ${ids.join(', ')} differ only by case; WeCom treats them as one account. Disable all but one: nianbao member disable USERID`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('members', 'disabledAt');
  }
}
