import { PostgresDialect, PostgresIntrospector, sql } from 'kysely';
import type { DatabaseIntrospector, DatabaseMetadataOptions, Kysely, TableMetadata } from 'kysely';

/** Kysely's own bookkeeping tables, hidden unless asked for (as Kysely's introspector does). */
const KYSELY_TABLES: ReadonlySet<string> = new Set(['kysely_migration', 'kysely_migration_lock']);

interface ColumnRow {
  readonly table: string;
  readonly tableKind: string;
  readonly schema: string;
  readonly column: string;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  readonly type: string;
  readonly typeSchema: string;
  readonly comment: string | null;
  readonly autoIncrementing: boolean;
}

/**
 * Kysely's PostgreSQL introspector, but reading only the connection's own schema
 * (`current_schema()`, set by the pool's `search_path`). Kysely's reads every schema of the
 * server and resolves each by name (`has_schema_privilege`, `pg_get_serial_sequence`), so a
 * schema another user of the server drops meanwhile fails the query (3F000, 42P01, 42703) and
 * with it the migration. The team server only ever needs its own tables.
 */
export function createCurrentSchemaIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
  const schemas = new PostgresIntrospector(db);
  return {
    getSchemas: () => schemas.getSchemas(),
    async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }) {
      // Select-list functions run only on the rows the WHERE kept: those of our own schema.
      const { rows } = await sql<ColumnRow>`
        select c.relname as "table", c.relkind as "tableKind", ns.nspname as "schema",
          a.attname as "column", a.attnotnull as "notNull", a.atthasdef as "hasDefault",
          typ.typname as "type", dtns.nspname as "typeSchema",
          col_description(a.attrelid, a.attnum) as "comment",
          (a.attidentity <> '' or pg_get_serial_sequence(
            quote_ident(ns.nspname) || '.' || quote_ident(c.relname), a.attname) is not null
          ) as "autoIncrementing"
        from pg_catalog.pg_attribute a
          join pg_catalog.pg_class c on a.attrelid = c.oid
          join pg_catalog.pg_namespace ns on c.relnamespace = ns.oid
          join pg_catalog.pg_type typ on a.atttypid = typ.oid
          join pg_catalog.pg_namespace dtns on typ.typnamespace = dtns.oid
        where ns.nspname = current_schema()
          and c.relkind in ('r', 'v', 'p', 'f')
          and a.attnum >= 0 and not a.attisdropped
        order by c.relname, a.attnum`.execute(db);
      return tablesOf(rows.filter((row) => options.withInternalKyselyTables || !KYSELY_TABLES.has(row.table)));
    },
  };
}

function tablesOf(rows: readonly ColumnRow[]): TableMetadata[] {
  const tables = new Map<string, TableMetadata>();
  for (const row of rows) {
    let table = tables.get(row.table);
    if (table === undefined) {
      table = {
        name: row.table,
        schema: row.schema,
        isView: row.tableKind === 'v',
        isForeign: row.tableKind === 'f',
        columns: [],
      };
      tables.set(row.table, table);
    }
    table.columns.push({
      name: row.column,
      dataType: row.type,
      dataTypeSchema: row.typeSchema,
      isNullable: !row.notNull,
      hasDefaultValue: row.hasDefault,
      isAutoIncrementing: row.autoIncrementing,
      ...(row.comment === null ? {} : { comment: row.comment }),
    });
  }
  return [...tables.values()];
}

/** Kysely's PostgreSQL dialect with {@link createCurrentSchemaIntrospector} as its introspector. */
export class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return createCurrentSchemaIntrospector(db);
  }
}
