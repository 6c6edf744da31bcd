import type { DatabaseSync } from 'node:sqlite';
import { SqliteDialect } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SqliteDialect over Node's built-in `node:sqlite` (no native addon to build). Kysely
 * ships no node:sqlite dialect, but its SQLite driver only needs `prepare` → `all` / `run` /
 * `iterate` and `reader`, which a DatabaseSync statement has once `reader` is derived from the
 * statement's columns. Rows are copied out of node:sqlite's null-prototype objects.
 */
export function createNodeSqliteDialect(database: DatabaseSync): SqliteDialect {
  // Compiled statements by SQL text: the same few queries run on every request, and compiling one
  // cost more than running it (bench/team.js profile). Bounded: the oldest is dropped past the limit.
  const statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      statements.set(sql, statement);
    }
    return statement;
  };
  const adapter: SqliteDatabase = {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      const statement = prepared(sql);
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
