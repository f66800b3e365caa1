// Constraint violations told apart without caring which driver raised them. The codes are the
// drivers' own: better-sqlite3's extended result codes, MySQL's error names.
import { QueryFailedError } from 'typeorm';

const UNIQUE = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'ER_DUP_ENTRY']);
const FOREIGN_KEY = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', 'ER_NO_REFERENCED_ROW_2', 'ER_ROW_IS_REFERENCED_2']);

/** Whether a query failed on a unique or primary key: the row (e.g. a dedupe key) is already there. */
export function isUniqueViolation(error: unknown): boolean {
  return UNIQUE.has(driverCode(error) ?? '');
}

/** Whether a query failed on a foreign key: it names a row that does not exist, or one still referenced. */
export function isForeignKeyViolation(error: unknown): boolean {
  return FOREIGN_KEY.has(driverCode(error) ?? '');
}

/** The driver's error code of a failed query (`ER_DUP_ENTRY`, `SQLITE_CONSTRAINT_UNIQUE` …). */
export function driverCode(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
