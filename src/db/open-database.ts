// Opening the database at start-up: connect, then bring the schema up to date.
import type { DataSource } from 'typeorm';
import { AppError } from '../app-error.ts';
import { createDataSource } from './data-source.ts';

/** The database used when DATABASE_URL is not set: an SQLite file under the working directory. */
export const defaultDatabaseUrl = 'sqlite:data/nianbao.sqlite';

// Several processes of a cluster may start at once; the migrations must run in one of them.
const MIGRATION_LOCK = 'nianbao.migrations';
const MIGRATION_LOCK_TIMEOUT_S = 60;

/** Connect to `url` and run every pending migration; the DataSource is ready for use. */
export async function openDatabase(url: string): Promise<DataSource> {
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
  } catch (cause) {
    throw unavailable('无法连接数据库', 'cannot connect to the database', cause);
  }
  try {
    if (dataSource.options.type === 'better-sqlite3') {
      await dataSource.runMigrations({ transaction: 'all' });
    } else {
      await requireStrictMode(dataSource);
      await runMigrationsLocked(dataSource);
    }
  } catch (cause) {
    await dataSource.destroy();
    throw cause instanceof AppError ? cause : unavailable('数据库迁移失败', 'a migration failed', cause);
  }
  return dataSource;
}

// Without strict mode MySQL cuts a value that is too long to fit and only warns: a unit name or
// a 总体情况 would be stored shortened without anyone noticing.
async function requireStrictMode(dataSource: DataSource): Promise<void> {
  const [row] = await dataSource.query('SELECT @@SESSION.sql_mode AS mode');
  if (!/STRICT_(TRANS|ALL)_TABLES/.test(String(row.mode))) {
    throw unavailable(
      'MySQL 未启用严格模式，过长的值会被悄悄截断；请在服务器的 sql_mode 中加入 STRICT_TRANS_TABLES',
      "MySQL runs without strict mode, so values that are too long would be cut silently; add STRICT_TRANS_TABLES to the server's sql_mode",
    );
  }
}

// GET_LOCK belongs to a connection: it is taken and released on one held query runner while the
// migrations run on another connection of the pool.
async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const lock = dataSource.createQueryRunner();
  try {
    const [row] = await lock.query('SELECT GET_LOCK(?, ?) AS acquired', [MIGRATION_LOCK, MIGRATION_LOCK_TIMEOUT_S]);
    if (Number(row.acquired) !== 1) {
      throw unavailable(
        `等待其他进程完成迁移超时（${MIGRATION_LOCK_TIMEOUT_S} 秒）`,
        `waited ${MIGRATION_LOCK_TIMEOUT_S} s for another process holding the lock '${MIGRATION_LOCK}'`,
      );
    }
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await lock.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
    }
  } finally {
    await lock.release();
  }
}

function unavailable(zh: string, en: string, cause?: unknown): AppError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new AppError('DATABASE_UNAVAILABLE', `${zh} / ${en}${detail}`, { cause });
}
