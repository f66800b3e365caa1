// A turn that fails is retried, not given up: the journal keeps how many times a message's turn
// failed and when the scheduler may try it again. A file's upload is kept with its outbox row, so
// that every resend is the same request (WeCom's duplicate check compares the whole request).
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** inbound_messages.attempts and retryAt; outbox_messages.mediaId and mediaExpiresAt. */
export class RetriesAndMedia1796600000000 implements MigrationInterface {
  name = 'RetriesAndMedia1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(isMysql(queryRunner));
    await queryRunner.addColumns('inbound_messages', [new TableColumn(c.int('attempts', true)), new TableColumn(c.datetime('retryAt', true))]);
    await queryRunner.addColumns('outbox_messages', [new TableColumn(c.varchar('mediaId', 128, true)), new TableColumn(c.datetime('mediaExpiresAt', true))]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('outbox_messages', ['mediaId', 'mediaExpiresAt']);
    await queryRunner.dropColumns('inbound_messages', ['attempts', 'retryAt']);
  }
}
