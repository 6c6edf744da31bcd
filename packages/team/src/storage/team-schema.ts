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

/** The `rate_limit_bucket` table (see security/create-rate-limiter.ts). */
export interface RateLimitBucketTable {
  /** SHA-256 of the limited key, hex. */
  key: string;
  /** Which fixed window `hits` counts in. */
  window_id: string;
  hits: number;
}

/** The `provider_credential` table (see credentials/create-credential-store.ts). */
export interface ProviderCredentialTable {
  id: string;
  /** `workspace` or `user`. */
  scope: string;
  /** The user a personal credential belongs to; '' for the workspace's. */
  owner_user_id: string;
  provider: string;
  method: string;
  /** The credential as JSON, sealed under the master key (vault envelope, `keyStore: team`). */
  sealed: string;
  key_version: number;
  /** What people may see of it: `…3f2a`. */
  hint: string;
  /** ISO-8601 UTC. */
  created_at: string;
  updated_at: string;
  /** When it was last checked at its provider, and the failure code (null: it worked). */
  checked_at: string | null;
  check_code: string | null;
}

/** The `team_user` table: a member and their role (see users/create-user-store.ts). */
export interface TeamUserTable {
  id: string;
  email: string | null;
  /** `admin` or `user`. */
  role: string;
  created_at: string;
  /** Set when the member may no longer sign in (any way). */
  disabled_at: string | null;
}

/** The `personal_api_key` table (see users/create-api-key-store.ts). */
export interface PersonalApiKeyTable {
  id: string;
  user_id: string;
  /** What the member called it (`laptop`, `ci`). */
  name: string;
  /** SHA-256 of the key, hex: the key itself is shown once and never stored. */
  key_hash: string;
  /** `sbk_…3f2a`. */
  hint: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The `usage_event` table (see usage/create-team-usage-log.ts). */
export interface UsageEventTable {
  id: string;
  /** ISO-8601 UTC time the request ended, and its UTC day. */
  at: string;
  day: string;
  user_id: string;
  provider: string;
  model: string;
  method: string | null;
  /** The credential level that served it (`user`, `workspace`). */
  level: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  /** `ok` or `error`. */
  outcome: string;
}

/** The `conversation` table (see chat/create-conversation-store.ts). */
export interface ConversationTable {
  /** The id the chat client chose (`useChat`'s chat id). */
  id: string;
  user_id: string;
  title: string;
  model: string;
  /** The UI messages (AI SDK `UIMessage[]`) as JSON. */
  messages: string;
  created_at: string;
  updated_at: string;
}

/**
 * The team server's tables as Kysely sees them. Every migration that adds a table adds its row
 * type here, so queries stay typed on both SQLite and PostgreSQL.
 */
export interface TeamTables {
  team_setting: TeamSettingTable;
  audit_event: AuditEventTable;
  rate_limit_bucket: RateLimitBucketTable;
  provider_credential: ProviderCredentialTable;
  team_user: TeamUserTable;
  personal_api_key: PersonalApiKeyTable;
  usage_event: UsageEventTable;
  conversation: ConversationTable;
}
