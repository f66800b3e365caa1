// The two databases every persistence test runs on: a fresh SQLite file, and a fresh database on
// the local MariaDB (127.0.0.1:3306, root, no password). Without MariaDB the mariadb tests are
// skipped, except on CI (CI=true), where they fail so that a missing service is noticed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/db/open-database.ts';

/** One database kind the tests run on. */
export interface TestDatabase {
  name: 'sqlite' | 'mariadb';
  /** The URL of a new, empty database, removed when the test ends. */
  url(t: ExecutionContext): Promise<string>;
  /** A new database with every migration run, destroyed and removed when the test ends. */
  open(t: ExecutionContext): Promise<DataSource>;
}

const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const onCi = process.env.CI === 'true';
const mariadbProblem = await probeMariadb();
let created = 0;

async function probeMariadb(): Promise<string | undefined> {
  try {
    const connection = await mysql.createConnection({ ...MARIADB, connectTimeout: 15_000 });
    await connection.end();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Run a statement on a connection of its own; a connection reset or timed out (a loaded machine) is tried twice more. */
async function adminQuery(sql: string, tries = 3): Promise<void> {
  try {
    const connection = await mysql.createConnection({ ...MARIADB, connectTimeout: 15_000 });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (tries <= 1 || (code !== 'ECONNRESET' && code !== 'ETIMEDOUT' && code !== 'PROTOCOL_CONNECTION_LOST')) throw error;
    await adminQuery(sql, tries - 1);
  }
}

function opener(url: TestDatabase['url']): TestDatabase['open'] {
  return async (t) => {
    const dataSource = await openDatabase(await url(t));
    t.teardown(() => dataSource.destroy());
    return dataSource;
  };
}

const sqliteUrl: TestDatabase['url'] = async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return `sqlite:${join(dir, 'nianbao.sqlite')}`;
};

const mariadbUrl: TestDatabase['url'] = async (t) => {
  if (mariadbProblem) {
    throw new Error(`MariaDB at ${MARIADB.host}:${MARIADB.port} is unreachable (${mariadbProblem}); CI=true requires it`);
  }
  const name = `nianbao_test_${process.pid}_${++created}`;
  // The server's default collation, as a production database would have it; the migration
  // switches it to utf8mb4_bin.
  await adminQuery(`CREATE DATABASE \`${name}\``);
  t.teardown(() => adminQuery(`DROP DATABASE IF EXISTS \`${name}\``));
  return `mariadb://${MARIADB.user}@${MARIADB.host}:${MARIADB.port}/${name}`;
};

/** Both databases; mariadb fails its tests when unreachable (see forEachDatabase for skipping). */
export const databases: TestDatabase[] = [
  { name: 'sqlite', url: sqliteUrl, open: opener(sqliteUrl) },
  { name: 'mariadb', url: mariadbUrl, open: opener(mariadbUrl) },
];

/** Register one test per database (or only the one named), titled `title (sqlite)` …; skipped for an unreachable MariaDB off CI. */
export function forEachDatabase(title: string, fn: (t: ExecutionContext, db: TestDatabase) => Promise<void>, only?: TestDatabase['name']): void {
  for (const db of databases.filter((d) => !only || d.name === only)) {
    const named = `${title} (${db.name})`;
    if (db.name === 'mariadb' && mariadbProblem && !onCi) test.skip(named, () => {});
    else test(named, (t) => fn(t, db));
  }
}
