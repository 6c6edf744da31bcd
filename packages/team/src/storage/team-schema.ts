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

/** better-auth's `auth_user` table (its column names): the sign-in side of a member, same id as `team_user`. */
export interface AuthUserTable {
  id: string;
  name: string;
  email: string;
  /** SQLite: 0/1; PostgreSQL: boolean. */
  emailVerified: number | boolean;
  image: string | null;
  /** SQLite: ISO-8601 text; PostgreSQL: timestamptz. */
  createdAt: string | Date;
  updatedAt: string | Date;
}

/** better-auth's `auth_session` table; `signInMethod` is ours (`passkey`, `sso`). */
export interface AuthSessionTable {
  id: string;
  expiresAt: string | Date;
  token: string;
  createdAt: string | Date;
  updatedAt: string | Date;
  ipAddress: string | null;
  userAgent: string | null;
  userId: string;
  signInMethod: string | null;
}

/** The passkey plugin's `auth_passkey` table (only what our code reads). */
export interface AuthPasskeyTable {
  id: string;
  name: string | null;
  userId: string;
  credentialID: string;
  createdAt: string | Date | null;
}

/** The `identity_provider` table (see auth/sso/create-identity-provider-store.ts). */
export interface IdentityProviderTable {
  id: string;
  name: string;
  /** `oidc`, `google` or `chatgpt`. */
  preset: string;
  issuer: string;
  client_id: string;
  /** The client secret, sealed under the master key; null for a public client. */
  sealed_secret: string | null;
  key_version: number | null;
  secret_hint: string | null;
  /** Space-separated. */
  scopes: string;
  /** 1: an unknown identity of this provider may create a member (else only enrollment links). */
  allow_sign_up: number;
  /** 1: an identity whose verified email is a member's verified email links to that member. */
  link_by_verified_email: number;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** The `team_identity` table: a member's external identity, keyed by (issuer, subject). */
export interface TeamIdentityTable {
  id: string;
  user_id: string;
  issuer: string;
  subject: string;
  /** The identity provider it came through. */
  provider_id: string;
  email: string | null;
  email_verified: number;
  created_at: string;
  last_used_at: string | null;
}

/** The `enrollment` table: one-time enrollment links (only a SHA-256 of each token is kept). */
export interface EnrollmentTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The `chat_stream` table: the answer streaming (or just streamed) for a member's chat. */
export interface ChatStreamTable {
  /** The member and chat it answers (`<userId> <chatId>`). */
  key: string;
  /** This answer's id: a later answer in the same chat gets another. */
  answer_id: string;
  started_at: string;
  ended_at: string | null;
}

/** The `chat_stream_event` table: one SSE event of an answer, by its id (1, 2, …). */
export interface ChatStreamEventTable {
  answer_id: string;
  seq: number;
  data: string;
}

/** The `credential_token` table: access tokens minted from stored credentials, sealed. */
export interface CredentialTokenTable {
  /** The credential's owner, provider and a digest of its sealed secret. */
  key: string;
  sealed: string;
  /** ISO-8601 UTC. */
  expires_at: string;
}

/** The `user_preference` table: a member's choices in the web app, as JSON. */
export interface UserPreferenceTable {
  user_id: string;
  value: string;
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
  auth_user: AuthUserTable;
  auth_session: AuthSessionTable;
  auth_passkey: AuthPasskeyTable;
  identity_provider: IdentityProviderTable;
  team_identity: TeamIdentityTable;
  enrollment: EnrollmentTable;
  chat_stream: ChatStreamTable;
  chat_stream_event: ChatStreamEventTable;
  credential_token: CredentialTokenTable;
  user_preference: UserPreferenceTable;
}
