// The personal WeChat channel (wechat4u): members bound to a contact, the one-time codes that
// bind them, and the encrypted login that lets a restart resume.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, isMysql } from './columns.ts';

/** WeChat bindings, binding codes, the login session. */
export class Wechat1796400000000 implements MigrationInterface {
  name = 'Wechat1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.createTable(new Table({
      name: 'wechat_bindings',
      columns: [c.int('memberId', false, true), c.varchar('nickName', 100), c.varchar('remarkName', 100), c.varchar('alias', 100), c.datetime('boundAt')],
      uniques: [{ name: 'uq_wechat_bindings_contact', columnNames: ['nickName', 'remarkName', 'alias'] }],
      foreignKeys: [fk('fk_wechat_bindings_member', 'memberId', 'members')],
    }), true);
    await queryRunner.createTable(new Table({
      name: 'wechat_bind_codes',
      columns: [c.id(), c.varchar('codeHash', 64), c.int('memberId'), c.datetime('expiresAt'), c.datetime('usedAt', true), c.datetime('createdAt')],
      uniques: [{ name: 'uq_wechat_bind_codes_hash', columnNames: ['codeHash'] }],
      indices: [{ name: 'idx_wechat_bind_codes_member_id', columnNames: ['memberId'] }],
      foreignKeys: [fk('fk_wechat_bind_codes_member', 'memberId', 'members')],
    }), true);
    await queryRunner.createTable(new Table({
      name: 'wechat_sessions',
      columns: [c.varchar('name', 20, false, true), c.text('data'), c.datetime('updatedAt')],
    }), true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ['wechat_sessions', 'wechat_bind_codes', 'wechat_bindings']) await queryRunner.dropTable(name, true);
  }
}
