// Plain SQL on a transaction's EntityManager, one text for both databases: `{name}` is an
// identifier the driver quotes, `?` a parameter. Used where TypeORM's query building cost more
// CPU than the database did (every turn, every send).
import type { DataSource, EntityManager } from 'typeorm';
import { CellChange } from '../../entities/cell-change.ts';
import { driverCode } from '../db/query-errors.ts';

/** The rows of one statement. */
export function query<T>(m: EntityManager, text: string, parameters: unknown[] = []): Promise<T[]> {
  return m.query(quoted(m, text), parameters) as Promise<T[]>;
}

/** Run an INSERT, UPDATE or DELETE; the number of rows it changed. */
export async function execute(m: EntityManager, text: string, parameters: unknown[] = []): Promise<number> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const result = await runner.query(quoted(m, text), parameters, true);
    return Number(result.affected ?? 0);
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}

// Most texts are constants in the code: each is quoted once per driver. Texts built with a list
// of placeholders vary with its length, so the cache stops growing at QUOTED_TEXTS.
const quotedTexts = new WeakMap<object, Map<string, string>>();
const QUOTED_TEXTS = 1000;

/** A text with its `{name}`s quoted for the driver (EXPLAIN in tests, statements built elsewhere). */
export function quoted(m: EntityManager, text: string): string {
  const { driver } = m.connection;
  let texts = quotedTexts.get(driver);
  if (!texts) quotedTexts.set(driver, (texts = new Map()));
  let out = texts.get(text);
  if (out !== undefined) return out;
  out = text.replace(/\{(\w+)\}/g, (_, name: string) => driver.escape(name));
  if (texts.size < QUOTED_TEXTS) texts.set(text, out);
  return out;
}

/** A datetime as the driver stores it (better-sqlite3 binds no Date objects). */
export function datetime(m: EntityManager, at: Date): unknown {
  const column = m.connection.getMetadata(CellChange).findColumnWithPropertyName('at')!;
  return m.connection.driver.preparePersistentValue(at, column);
}

/** A Date from a datetime column read by plain SQL (SQLite gives the stored text, UTC). */
export function readDatetime(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(`${String(value).replace(' ', 'T')}Z`);
}

/** Whether the database has row locks (MySQL/MariaDB); SQLite runs one transaction at a time. */
export function hasRowLocks(db: DataSource): boolean {
  return db.options.type === 'mysql' || db.options.type === 'mariadb';
}

/** A short piece of work in a transaction of its own (on MySQL at READ COMMITTED, the sessions' level: see data-source.ts). */
export function inTransaction<T>(db: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(work);
}

/**
 * One statement on its own: autocommitted where there are row locks (one round trip instead of
 * four), in a queued transaction on SQLite, whose single connection must not be used outside one.
 */
export function inStatement<T>(db: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  return hasRowLocks(db) ? work(db.manager) : db.transaction(work);
}

// A transaction that lost a race: a deadlock, a lock wait timeout, a concurrent first insert of
// the same key (MySQL), a locked file (SQLite). It was rolled back whole, so it can run again.
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_DUP_ENTRY', 'SQLITE_BUSY']);

/** Run `work` (a transaction) again, after a short random pause, when it lost a race; at most `attempts` times. */
export async function retrying<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = driverCode(error);
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
