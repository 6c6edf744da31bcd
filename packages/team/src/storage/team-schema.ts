/** The `team_setting` table: workspace-wide settings as JSON text, one row per key. */
export interface TeamSettingTable {
  key: string;
  /** JSON text. */
  value: string;
  /** ISO-8601 UTC. */
  updated_at: string;
}

/**
 * The team server's tables as Kysely sees them. Every migration that adds a table adds its row
 * type here, so queries stay typed on both SQLite and PostgreSQL.
 */
export interface TeamTables {
  team_setting: TeamSettingTable;
}
