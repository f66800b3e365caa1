// Column and key definitions shared by the migrations: one vocabulary of types that means the
// same on SQLite and on MySQL/MariaDB.
import type { QueryRunner, TableColumnOptions } from 'typeorm';

/** Whether the migration runs on MySQL/MariaDB. */
export function isMysql(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  return type === 'mysql' || type === 'mariadb';
}

// Tables take the database's default character set. A server default of latin1 or utf8mb3 would
// turn 😀 into '?' or reject it, so the database is switched before any table exists.
/** Switch the database to utf8mb4 before any table exists. */
export async function useUtf8mb4(queryRunner: QueryRunner): Promise<void> {
  const [current] = await queryRunner.query('SELECT @@collation_database AS collation');
  if (current.collation !== 'utf8mb4_bin') {
    await queryRunner.query('ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin');
  }
}

/** Column builders for one database kind. */
export function columns(mysql: boolean) {
  // MySQL's TEXT holds 65,535 bytes, about 21,000 Chinese characters; a report's 总体情况 can be
  // longer, and so can a change of it. MEDIUMTEXT holds 16 MB. SQLite's TEXT has no such limit.
  const text = mysql ? 'mediumtext' : 'text';
  return {
    // 'integer', not 'int': SQLite allows AUTOINCREMENT only on an INTEGER PRIMARY KEY.
    id: (): TableColumnOptions => ({
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    }),
    int: (name: string, isNullable = false, isPrimary = false): TableColumnOptions => ({
      name,
      type: 'integer',
      isNullable,
      isPrimary,
    }),
    varchar: (name: string, length: number, isNullable = false, isPrimary = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
      isPrimary,
    }),
    text: (name: string, isNullable = false): TableColumnOptions => ({ name, type: text, isNullable }),
    // Milliseconds kept: MySQL's bare DATETIME would round them away.
    datetime: (name: string, isNullable = false): TableColumnOptions => ({
      name,
      type: 'datetime',
      precision: 3,
      isNullable,
    }),
  };
}

// Stated, not left to the default: MariaDB reads an unstated rule back as RESTRICT, TypeORM's
// entities say NO ACTION, and the two would look like a schema difference.
/** A foreign key to `referencedTableName.id`. */
export function fk(name: string, column: string, referencedTableName: string) {
  return {
    name,
    columnNames: [column],
    referencedTableName,
    referencedColumnNames: ['id'],
    onDelete: 'NO ACTION',
    onUpdate: 'NO ACTION',
  };
}
