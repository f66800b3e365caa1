// The whole schema, written with TypeORM's driver-neutral schema API so that the same migration
// runs on SQLite and on MySQL/MariaDB. Names of keys and indexes match the entities' decorators.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, isMysql, useUtf8mb4 } from './columns.ts';

const TABLES = [
  'units',
  'members',
  'campaigns',
  'campaign_units',
  'reports',
  'report_texts',
  'cell_changes',
  'conversations',
  'inbound_messages',
] as const;

/** Creates units, members, campaigns, reports, their texts and changes, conversations, inbound messages. */
export class Initial1795424531708 implements MigrationInterface {
  name = 'Initial1795424531708';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = isMysql(queryRunner);
    if (mysql) await useUtf8mb4(queryRunner);
    const c = columns(mysql);
    const tables = [
      new Table({
        name: 'units',
        columns: [c.id(), c.varchar('name', 100), c.varchar('kind', 20), c.int('parentId', true), c.datetime('createdAt')],
        uniques: [{ name: 'uq_units_name', columnNames: ['name'] }],
        indices: [{ name: 'idx_units_parent_id', columnNames: ['parentId'] }],
        foreignKeys: [fk('fk_units_parent', 'parentId', 'units')],
      }),
      new Table({
        name: 'members',
        columns: [
          c.id(),
          c.varchar('userId', 64),
          c.varchar('name', 50),
          c.varchar('role', 20),
          c.int('unitId'),
          c.datetime('createdAt'),
        ],
        uniques: [{ name: 'uq_members_user_id', columnNames: ['userId'] }],
        indices: [{ name: 'idx_members_unit_id', columnNames: ['unitId'] }],
        foreignKeys: [fk('fk_members_unit', 'unitId', 'units')],
      }),
      new Table({
        name: 'campaigns',
        columns: [
          c.id(),
          c.int('year'),
          c.varchar('format', 4),
          c.text('deadlines'),
          c.varchar('status', 10),
          c.datetime('createdAt'),
        ],
      }),
      new Table({
        name: 'campaign_units',
        columns: [c.int('campaignId', false, true), c.int('unitId', false, true)],
        indices: [{ name: 'idx_campaign_units_unit_id', columnNames: ['unitId'] }],
        foreignKeys: [
          fk('fk_campaign_units_campaign', 'campaignId', 'campaigns'),
          fk('fk_campaign_units_unit', 'unitId', 'units'),
        ],
      }),
      new Table({
        name: 'reports',
        columns: [
          c.id(),
          c.int('unitId'),
          c.int('campaignId', true),
          c.int('year'),
          c.varchar('format', 4),
          c.varchar('status', 12),
          c.text('values'),
          c.text('reopened', true),
          c.int('version'),
          c.datetime('submittedAt', true),
          c.datetime('updatedAt'),
        ],
        uniques: [{ name: 'uq_reports_unit_year', columnNames: ['unitId', 'year'] }],
        indices: [{ name: 'idx_reports_campaign_id', columnNames: ['campaignId'] }],
        foreignKeys: [fk('fk_reports_unit', 'unitId', 'units'), fk('fk_reports_campaign', 'campaignId', 'campaigns')],
      }),
      new Table({
        name: 'report_texts',
        columns: [c.int('reportId', false, true), c.varchar('textId', 20, false, true), c.text('content')],
        foreignKeys: [fk('fk_report_texts_report', 'reportId', 'reports')],
      }),
      new Table({
        name: 'cell_changes',
        columns: [
          c.id(),
          c.int('reportId'),
          c.varchar('cell', 80),
          c.text('oldValue', true),
          c.text('newValue', true),
          c.int('memberId', true),
          c.varchar('messageKey', 128, true),
          c.datetime('at'),
        ],
        indices: [
          { name: 'idx_cell_changes_report_at', columnNames: ['reportId', 'at'] },
          { name: 'idx_cell_changes_member_id', columnNames: ['memberId'] },
        ],
        foreignKeys: [
          fk('fk_cell_changes_report', 'reportId', 'reports'),
          fk('fk_cell_changes_member', 'memberId', 'members'),
        ],
      }),
      new Table({
        name: 'conversations',
        columns: [
          c.int('memberId', false, true),
          c.int('reportId', true),
          c.text('state'),
          c.int('version'),
          c.datetime('updatedAt'),
        ],
        indices: [{ name: 'idx_conversations_report_id', columnNames: ['reportId'] }],
        foreignKeys: [
          fk('fk_conversations_member', 'memberId', 'members'),
          fk('fk_conversations_report', 'reportId', 'reports'),
        ],
      }),
      new Table({
        name: 'inbound_messages',
        columns: [
          c.varchar('key', 128, false, true),
          c.varchar('memberUserId', 64),
          c.datetime('receivedAt'),
          c.varchar('status', 12),
          c.text('replies', true),
        ],
        indices: [{ name: 'idx_inbound_messages_received_at', columnNames: ['receivedAt'] }],
      }),
    ];
    for (const table of tables) await queryRunner.createTable(table, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [...TABLES].reverse()) await queryRunner.dropTable(name, true);
  }
}
