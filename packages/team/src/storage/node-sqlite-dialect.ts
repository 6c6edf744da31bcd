import type { DatabaseSync } from 'node:sqlite';
import { SqliteDialect } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SqliteDialect over Node's built-in `node:sqlite` (no native addon to build). Kysely
 * ships no node:sqlite dialect, but its SQLite driver only needs `prepare` → `all` / `run` /
 * `iterate` and `reader`, which a DatabaseSync statement has once `reader` is derived from the
 * statement's columns. Rows are copied out of node:sqlite's null-prototype objects.
 */
export function createNodeSqliteDialect(database: DatabaseSync): SqliteDialect {
  const adapter: SqliteDatabase = {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const statement = database.prepare(sql);
      return {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...(parameters as never[])).map((row) => ({ ...row })),
        run: (parameters) => {
          const { changes, lastInsertRowid } = statement.run(...(parameters as never[]));
          return { changes, lastInsertRowid };
        },
        *iterate(parameters) {
          for (const row of statement.iterate(...(parameters as never[]))) yield { ...row };
        },
      };
    },
  };
  return new SqliteDialect({ database: adapter });
}
