// The channels: inbound messages become a journal (an arrival order, their content until they are
// handled), an outbox for everything sent, and the shared access tokens of the WeCom apps.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** Journal of inbound messages, outbox, access tokens. */
export class Channels1796200000000 implements MigrationInterface {
  name = 'Channels1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    const q = (name: string) => queryRunner.connection.driver.escape(name);
    // The dedupe keys of messages already handled are kept; the table is rebuilt because SQLite
    // cannot add an auto-increment key to an existing table.
    await queryRunner.dropIndex('inbound_messages', 'idx_inbound_messages_received_at');
    await queryRunner.renameTable('inbound_messages', 'inbound_messages_v1');
    await queryRunner.createTable(new Table({
      name: 'inbound_messages',
      columns: [
        c.id(),
        c.varchar('key', 128),
        c.varchar('memberUserId', 64),
        c.varchar('channel', 16),
        c.text('content', true),
        c.datetime('receivedAt'),
        c.varchar('status', 12),
        c.text('replies', true),
      ],
      uniques: [{ name: 'uq_inbound_messages_key', columnNames: ['key'] }],
      indices: [
        { name: 'idx_inbound_messages_user_status', columnNames: ['memberUserId', 'status'] },
        { name: 'idx_inbound_messages_status_received', columnNames: ['status', 'receivedAt'] },
      ],
    }), true);
    const moved = ['key', 'memberUserId', 'receivedAt', 'status', 'replies'].map(q).join(', ');
    await queryRunner.query(`INSERT INTO ${q('inbound_messages')} (${moved}, ${q('channel')}) SELECT ${moved}, 'console' FROM ${q('inbound_messages_v1')} ORDER BY ${q('receivedAt')}`);
    await queryRunner.dropTable('inbound_messages_v1');

    await queryRunner.createTable(new Table({
      name: 'outbox_messages',
      columns: [
        c.id(),
        c.varchar('idempotencyKey', 160),
        c.varchar('channel', 16),
        c.varchar('recipient', 64),
        c.varchar('kind', 16),
        c.text('payload'),
        c.varchar('state', 12),
        c.int('attempts'),
        c.int('uncertain'),
        c.datetime('dueAt'),
        c.varchar('claimToken', 40, true),
        c.datetime('claimedUntil', true),
        c.varchar('lastError', 500, true),
        c.datetime('createdAt'),
        c.datetime('sentAt', true),
      ],
      uniques: [{ name: 'uq_outbox_messages_idempotency_key', columnNames: ['idempotencyKey'] }],
      indices: [
        { name: 'idx_outbox_messages_state_due', columnNames: ['state', 'dueAt'] },
        { name: 'idx_outbox_messages_recipient', columnNames: ['channel', 'recipient', 'state'] },
        { name: 'idx_outbox_messages_recipient_sent', columnNames: ['channel', 'recipient', 'sentAt'] },
      ],
    }), true);

    await queryRunner.createTable(new Table({
      name: 'access_tokens',
      columns: [
        c.varchar('app', 100, false, true),
        c.varchar('token', 1024, true),
        c.datetime('expiresAt', true),
        c.datetime('leaseUntil', true),
        c.datetime('updatedAt'),
      ],
    }), true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('access_tokens', true);
    await queryRunner.dropTable('outbox_messages', true);
    // The journal's extra columns are dropped with it; the old table is recreated empty of them.
    const c = columns(isMysql(queryRunner));
    const q = (name: string) => queryRunner.connection.driver.escape(name);
    await queryRunner.renameTable('inbound_messages', 'inbound_messages_v2');
    await queryRunner.createTable(new Table({
      name: 'inbound_messages',
      columns: [c.varchar('key', 128, false, true), c.varchar('memberUserId', 64), c.datetime('receivedAt'), c.varchar('status', 12), c.text('replies', true)],
      indices: [{ name: 'idx_inbound_messages_received_at', columnNames: ['receivedAt'] }],
    }), true);
    const kept = ['key', 'memberUserId', 'receivedAt', 'status', 'replies'].map(q).join(', ');
    await queryRunner.query(`INSERT INTO ${q('inbound_messages')} (${kept}) SELECT ${kept} FROM ${q('inbound_messages_v2')} WHERE ${q('status')} = 'done'`);
    await queryRunner.dropTable('inbound_messages_v2');
  }
}
