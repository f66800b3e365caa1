import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { AppError } from '../../src/app-error.ts';
import { createDataSource, migrations } from '../../src/db/data-source.ts';
import { defaultDatabaseUrl, openDatabase } from '../../src/db/open-database.ts';
import { forEachDatabase } from '../support/databases.ts';

test('the default database is an SQLite file under ./data', (t) => {
  t.is(defaultDatabaseUrl, 'sqlite:data/nianbao.sqlite');
});

test('creating a data source neither connects nor touches the schema', (t) => {
  const dataSource = createDataSource('mysql://nianbao:secret@127.0.0.1:1/nianbao');
  t.false(dataSource.isInitialized);
  t.is(dataSource.options.synchronize, false);
  t.falsy(dataSource.options.migrationsRun);
  t.is(dataSource.options.migrations, migrations, 'the classes listed in data-source.ts, no globs');
  t.deepEqual(
    migrations.map((migration) => migration.name),
    ['Initial1795424531708', 'Channels1796200000000', 'Reminders1796300000000', 'Wechat1796400000000', 'OutboxExpiry1796500000000', 'RetriesAndMedia1796600000000', 'CampaignScopes1796700000000', 'MembersDisabled1796800000000', 'Calendar1796900000000', 'UnitContact1797000000000', 'Aibot1797100000000', 'AibotGroups1797300000000', 'AibotCallbacks1797400000000', 'ChangeNotes1797500000000', 'MemberUserKeys1797600000000', 'UnitAncestors1797700000000'],
  );
});

test('a bad DATABASE_URL fails when the data source is created', (t) => {
  const error = t.throws(() => createDataSource('postgres://localhost/nianbao'), { instanceOf: AppError });
  t.is(error?.code, 'DATABASE_URL_INVALID');
});

test('SQLite: the file and its missing directories are created, with WAL, foreign keys and a busy timeout', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'var', 'lib', 'nianbao.sqlite');
  const dataSource = await openDatabase(`sqlite:${file}`);
  t.teardown(() => dataSource.destroy());
  t.true(existsSync(file));
  t.deepEqual(await dataSource.query('PRAGMA journal_mode'), [{ journal_mode: 'wal' }]);
  t.deepEqual(await dataSource.query('PRAGMA foreign_keys'), [{ foreign_keys: 1 }]);
  t.deepEqual(await dataSource.query('PRAGMA busy_timeout'), [{ timeout: 5000 }]);
});

test('an unreachable MySQL fails with DATABASE_UNAVAILABLE and the driver error as cause', async (t) => {
  const error = await t.throwsAsync(openDatabase('mysql://nianbao:secret@127.0.0.1:1/nianbao'), { instanceOf: AppError });
  t.is(error?.code, 'DATABASE_UNAVAILABLE');
  t.true(error?.message.startsWith('无法连接数据库 / cannot connect to the database: '), error?.message);
  t.false(error?.message.includes('secret'));
  t.truthy(error?.cause);
});

forEachDatabase('the connection speaks UTF-8 with 4-byte characters', async (t, db) => {
  const dataSource = await db.open(t);
  if (db.name === 'sqlite') {
    t.deepEqual(await dataSource.query("SELECT length('杨舍镇😀') AS characters"), [{ characters: 4 }]);
    return;
  }
  t.deepEqual(
    await dataSource.query(
      "SELECT @@character_set_connection AS connection, @@character_set_results AS results, CHAR_LENGTH('杨舍镇😀') AS characters",
    ),
    [{ connection: 'utf8mb4', results: 'utf8mb4', characters: 4 }],
  );
});
