/**
 * @switchboard/team — team mode (`sb serve --team`): storage (Kysely over node:sqlite or
 * PostgreSQL) with versioned migrations, and the Hono app with its principal and one error
 * mapping. See README.md for how to build on it.
 * @packageDocumentation
 */
export { createTeamApp } from './app/create-team-app.js';
export type { TeamAppOptions, TeamErrorBody } from './app/create-team-app.js';
export type { Principal, PrincipalResolver, SignInMethod, TeamAppEnv, TeamRole } from './app/principal.js';
export { requirePrincipal, SIGN_IN_REQUIRED_MESSAGE } from './app/require-principal.js';
export { createNodeSqliteDialect } from './storage/node-sqlite-dialect.js';
export { migrateTeamDatabase } from './storage/migrate-team-database.js';
export type { MigrationReport } from './storage/migrate-team-database.js';
export { TEAM_MIGRATIONS } from './storage/team-migrations.js';
export { openTeamDatabase, teamDatabaseTarget } from './storage/open-team-database.js';
export type { TeamDatabase, TeamDatabaseTarget } from './storage/open-team-database.js';
export type {
  AuditEventTable,
  PersonalApiKeyTable,
  TeamUserTable,
  ProviderCredentialTable,
  RateLimitBucketTable,
  TeamTables,
  TeamSettingTable,
} from './storage/team-schema.js';
export { createCredentialStore } from './credentials/create-credential-store.js';
export type {
  CredentialOwner,
  CredentialStore,
  CredentialStoreOptions,
  CredentialSummary,
} from './credentials/create-credential-store.js';
export { createCredentialChecker } from './credentials/create-credential-checker.js';
export type { CredentialChecker, CredentialCheckerOptions } from './credentials/create-credential-checker.js';
export { createTeamCredentialSources } from './credentials/team-credential-sources.js';
export { checkStoredCredentials } from './credentials/check-stored-credentials.js';
export { openTeamKeyring } from './credentials/open-team-keyring.js';
export { parseTeamSecret, TEAM_SECRET_METHODS } from './credentials/team-secret.js';
export type { TeamSecret } from './credentials/team-secret.js';
export { startTeamServer, DEFAULT_TEAM_PORT } from './start-team-server.js';
export type { RunningTeamServer, StartTeamServerOptions } from './start-team-server.js';
export { createAuditLog } from './audit/create-audit-log.js';
export type { AuditAction, AuditEntry, AuditEvent, AuditLog, AuditLogOptions } from './audit/create-audit-log.js';
export { redactDetails, REDACTED } from './audit/redact-details.js';
export { createRateLimiter } from './security/create-rate-limiter.js';
export type { RateLimiter, RateLimiterOptions, RateLimitVerdict } from './security/create-rate-limiter.js';
export { createPolicyStore } from './policy/create-policy-store.js';
export type { PolicyStore, PolicyStoreOptions } from './policy/create-policy-store.js';
export { DEFAULT_TEAM_POLICY, isProviderAllowed, MODEL_CONTEXTS, parseTeamPolicy } from './policy/team-policy.js';
export type { ContextDefault, ModelContext, TeamPolicy } from './policy/team-policy.js';
export { createUserStore } from './users/create-user-store.js';
export type { TeamUser, UserStore } from './users/create-user-store.js';
export { createApiKeyStore, PERSONAL_KEY_PREFIX } from './users/create-api-key-store.js';
export type { ApiKeySummary, ApiKeyStore } from './users/create-api-key-store.js';
export { createApiKeyPrincipalResolver, principalOfApiKey } from './users/api-key-principal.js';
export { createTeamGateway } from './gateway/create-team-gateway.js';
export type { TeamGatewayOptions } from './gateway/create-team-gateway.js';
export { createTeamRuntime } from './gateway/create-team-runtime.js';
export type { TeamRuntimeOptions } from './gateway/create-team-runtime.js';
export { registerCatalogRoutes } from './catalog/register-catalog-routes.js';
export type { CatalogRoutesOptions, UnavailableReason } from './catalog/register-catalog-routes.js';
export { createTeamUsageLog } from './usage/create-team-usage-log.js';
export type { TeamUsageLog, UsageSummary, UsageTotals } from './usage/create-team-usage-log.js';
export type { UsageEventTable } from './storage/team-schema.js';
export { createConversationStore } from './chat/create-conversation-store.js';
export type { ChatMessage, ConversationStore, ConversationSummary } from './chat/create-conversation-store.js';
export { createChatStreams } from './chat/create-chat-streams.js';
export type { ChatStreamEvent, ChatStreams, ChatStreamWriter } from './chat/create-chat-streams.js';
export { registerChatRoutes } from './chat/register-chat-routes.js';
export type { ChatRoutesOptions } from './chat/register-chat-routes.js';
export type { ConversationTable } from './storage/team-schema.js';
export { createTeamAuth, AUTH_BASE_PATH } from './auth/create-team-auth.js';
export type { TeamAuth, TeamAuthOptions } from './auth/create-team-auth.js';
export type { SignInOptions } from './auth/create-sign-in.js';
export { readAuthSecret } from './auth/read-auth-secret.js';
export {
  createEnrollmentStore,
  DEFAULT_ENROLLMENT_TTL_MS,
  ENROLLMENT_TOKEN_PREFIX,
} from './auth/create-enrollment-store.js';
export type { EnrollmentStore, EnrollmentSummary } from './auth/create-enrollment-store.js';
export { enrollmentUrl } from './auth/enrollment-url.js';
export { SIGN_IN_FAILED_MESSAGE } from './auth/register-auth-routes.js';
export { createIdentityProviderStore } from './auth/sso/create-identity-provider-store.js';
export type {
  IdentityProvider,
  IdentityProviderInput,
  IdentityProviderPreset,
  IdentityProviderStore,
} from './auth/sso/create-identity-provider-store.js';
export { IDENTITY_PROVIDER_PRESETS } from './auth/sso/identity-provider-presets.js';
export { createIdentityStore } from './auth/sso/create-identity-store.js';
export type { IdentityStore, TeamIdentity } from './auth/sso/create-identity-store.js';
export { decideSsoOutcome } from './auth/sso/decide-sso-outcome.js';
export type { SsoFacts, SsoOutcome, SsoRefusal } from './auth/sso/decide-sso-outcome.js';
export { createAdminEnrollment } from './auth/create-admin-enrollment.js';
export type { AdminEnrollment } from './auth/create-admin-enrollment.js';
export { teamPublicUrl, TEAM_URL_VARIABLE } from './auth/team-public-url.js';
export { createSharedChatStreams } from './chat/create-shared-chat-streams.js';
export type { SharedChatStreamsOptions } from './chat/create-shared-chat-streams.js';
export type { ChatStreamTable, ChatStreamEventTable } from './storage/team-schema.js';
export { createTokenMinter } from './credentials/create-token-minter.js';
export type { TokenMinter, TokenMinterOptions } from './credentials/create-token-minter.js';
export { isTokenSecret } from './credentials/team-secret.js';
export type { TokenSecret } from './credentials/team-secret.js';
export type { CredentialTokenTable } from './storage/team-schema.js';
export { registerProviderRoutes } from './catalog/register-provider-routes.js';
export type { ProviderStatus } from './catalog/register-provider-routes.js';
export { teamSecretMethodsOf } from './credentials/team-secret.js';
export { credentialContextFor, CREDENTIAL_REFERENCES } from './policy/credential-context-for.js';
export { chooseModel } from './policy/choose-model.js';
export { serveWebApp } from './app/serve-web-app.js';
export { registerPreferenceRoutes } from './preferences/register-preference-routes.js';
export { DEFAULT_USER_PREFERENCES, parseUserPreferences } from './preferences/user-preferences.js';
export type { UserPreferences } from './preferences/user-preferences.js';
export type { UserPreferenceTable } from './storage/team-schema.js';
