/** The `team_setting` table: workspace-wide settings as JSON text, one row per key. */
export interface TeamSettingTable {
  key: string;
  /** JSON text. */
  value: string;
  /** ISO-8601 UTC. */
  updated_at: string;
}

/** The `audit_event` table (see audit/create-audit-log.ts). */
export interface AuditEventTable {
  id: string;
  /** ISO-8601 UTC. */
  at: string;
  actor_user_id: string | null;
  action: string;
  target: string | null;
  /** Redacted JSON object. */
  details: string;
}

/**
 * The team server's tables as Kysely sees them. Every migration that adds a table adds its row
 * type here, so queries stay typed on both SQLite and PostgreSQL.
 */
export interface TeamTables {
  team_setting: TeamSettingTable;
  audit_event: AuditEventTable;
}
