import type { DataSource } from 'typeorm';
import { Unit } from '../../entities/unit.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { migrations } from '../../src/db/data-source.ts';
import { forEachDatabase } from '../support/databases.ts';
import { at } from './rows.ts';

const TABLES = [
  'access_tokens',
  'aibot_callbacks',
  'aibot_contacts',
  'aibot_groups',
  'aibot_leases',
  'calendar_years',
  'campaign_units',
  'campaigns',
  'cell_changes',
  'conversations',
  'inbound_messages',
  'members',
  'migrations',
  'outbox_messages',
  'reminders',
  'report_texts',
  'reports',
  'unit_ancestors',
  'unit_contacts',
  'units',
  'wechat_bind_codes',
  'wechat_bindings',
  'wechat_sessions',
];

// Every `text` column of the entities; on MySQL the migration makes them MEDIUMTEXT.
const TEXT_COLUMNS = [
  'calendar_years.holidays',
  'calendar_years.source',
  'calendar_years.workdays',
  'campaigns.deadlines',
  'cell_changes.newValue',
  'cell_changes.note',
  'cell_changes.oldValue',
  'conversations.state',
  'inbound_messages.content',
  'inbound_messages.replies',
  'outbox_messages.payload',
  'report_texts.content',
  'reports.reopened',
  'reports.values',
  'wechat_sessions.data',
];

const MIGRATED = [{ name: 'Initial1795424531708' }, { name: 'Channels1796200000000' }, { name: 'Reminders1796300000000' }, { name: 'Wechat1796400000000' }, { name: 'OutboxExpiry1796500000000' }, { name: 'RetriesAndMedia1796600000000' }, { name: 'CampaignScopes1796700000000' }, { name: 'MembersDisabled1796800000000' }, { name: 'Calendar1796900000000' }, { name: 'UnitContact1797000000000' }, { name: 'Aibot1797100000000' }, { name: 'AibotGroups1797300000000' }, { name: 'AibotCallbacks1797400000000' }, { name: 'ChangeNotes1797500000000' }, { name: 'MemberUserKeys1797600000000' }, { name: 'UnitAncestors1797700000000' }];

async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await dataSource.query(
    dataSource.options.type === 'better-sqlite3'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
      : 'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
  );
  return rows.map((row) => row.name).sort();
}

forEachDatabase('an empty database gets every table, and running the migrations again does nothing', async (t, db) => {
  const dataSource = await openDatabase(await db.url(t));
  t.teardown(() => dataSource.destroy());
  t.deepEqual(await tableNames(dataSource), TABLES);
  t.deepEqual(await dataSource.query('SELECT name FROM migrations'), MIGRATED);
  t.deepEqual(await dataSource.runMigrations(), []);
  t.false(await dataSource.showMigrations());
});

forEachDatabase('opening an up-to-date database again runs nothing and keeps the data', async (t, db) => {
  const url = await db.url(t);
  const first = await openDatabase(url);
  await first.getRepository(Unit).insert({ name: '杨舍镇', kind: '镇', parentId: null, createdAt: at });
  await first.destroy();
  const second = await openDatabase(url);
  t.teardown(() => second.destroy());
  t.is(await second.getRepository(Unit).count(), 1);
  t.deepEqual(await second.query('SELECT name FROM migrations'), MIGRATED);
});

forEachDatabase('down drops every table, and up creates them again', async (t, db) => {
  const dataSource = await db.open(t);
  for (let i = 0; i < MIGRATED.length; i++) await dataSource.undoLastMigration();
  t.deepEqual(await tableNames(dataSource), ['migrations']);
  t.deepEqual(
    (await dataSource.runMigrations()).map((migration) => migration.name),
    MIGRATED.map((m) => m.name),
  );
  t.deepEqual(await tableNames(dataSource), TABLES);
  await dataSource.getRepository(Unit).insert({ name: '杨舍镇', kind: '镇', parentId: null, createdAt: at });
  t.is(await dataSource.getRepository(Unit).count(), 1);
});

forEachDatabase('the migration creates what the entities describe (MySQL: text is MEDIUMTEXT)', async (t, db) => {
  const dataSource = await db.open(t);
  const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
  const queries = upQueries.map((query) => query.query);
  if (db.name === 'sqlite') {
    t.deepEqual(queries, []);
    return;
  }
  // TypeORM would turn each MEDIUMTEXT back into the entity's TEXT: a drop and an add per column.
  const changed = queries.map((query) => {
    const match = /^ALTER TABLE `(\w+)` (?:DROP COLUMN `(\w+)`|ADD `(\w+)` text (?:NOT )?NULL)$/.exec(query);
    return match ? `${match[1]}.${match[2] ?? match[3]}` : query;
  });
  t.deepEqual([...new Set(changed)].sort(), TEXT_COLUMNS);
  t.is(changed.length, 2 * TEXT_COLUMNS.length);
});


forEachDatabase('several processes opening a new database at once migrate it exactly once', async (t, db) => {
  const url = await db.url(t);
  // SQLite: one server, one process opens at a time; MySQL: a cluster starting together.
  const opened =
    db.name === 'sqlite'
      ? [await openDatabase(url), await openDatabase(url), await openDatabase(url)]
      : await Promise.all([openDatabase(url), openDatabase(url), openDatabase(url)]);
  t.teardown(() => Promise.all(opened.map((dataSource) => dataSource.destroy())));
  t.deepEqual(await opened[0].query('SELECT name FROM migrations'), MIGRATED);
  t.deepEqual(await tableNames(opened[2]), TABLES);
});

forEachDatabase('tables take utf8mb4 with binary collation (MySQL) whatever the database default was', async (t, db) => {
  const dataSource = await db.open(t);
  if (db.name === 'sqlite') {
    t.deepEqual(await dataSource.query('PRAGMA encoding'), [{ encoding: 'UTF-8' }]);
    return;
  }
  const rows: { TABLE_NAME: string; TABLE_COLLATION: string }[] = await dataSource.query(
    'SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> ?',
    ['migrations'],
  );
  t.deepEqual(
    rows.map((row) => row.TABLE_COLLATION),
    rows.map(() => 'utf8mb4_bin'),
  );
  t.is(rows.length, TABLES.length - 1);
});

forEachDatabase('upgrading keeps the dedupe keys of messages handled before, so their redeliveries still stop', async (t, db) => {
  const dataSource = await db.open(t);
  // Back to the first migration's schema, before inbound messages had a channel.
  for (let i = 1; i < migrations.length; i++) await dataSource.undoLastMigration();
  const q = (name: string) => dataSource.driver.escape(name);
  await dataSource.query(`INSERT INTO ${q('inbound_messages')} (${q('key')}, ${q('memberUserId')}, ${q('receivedAt')}, ${q('status')}, ${q('replies')}) VALUES (?, ?, ?, ?, ?)`,
    ['4561255354251345929', 'ZhangSan', '2026-01-20 23:59:59.987', 'done', '["已记录"]']);
  await dataSource.runMigrations();
  const [row] = await dataSource.query(`SELECT ${q('key')}, ${q('channel')}, ${q('status')}, ${q('replies')} FROM ${q('inbound_messages')}`);
  t.deepEqual({ ...row }, { key: '4561255354251345929', channel: 'console', status: 'done', replies: '["已记录"]' });
});
