/**
 * @switchboard/core — the engine: model catalog, encrypted credential vault, OAuth flows,
 * the multi-provider AuthManager and the provider runtime.
 *
 * This index is the package's whole public surface, listed name by name: what Switchboard's
 * other packages and library users need. Everything else (OAuth flow steps, vault formats,
 * adapters' internals, the fallback loop's parts) stays internal and may change freely.
 * Start with {@link openSwitchboard}, which wires the store, AuthManager, catalog and runtime.
 * @packageDocumentation
 */

// Errors: one model, stable codes and exit codes
export {
  isSwitchboardError,
  exitCodeFor,
  ERROR_CODES,
  SwitchboardError,
  EXIT_CODES,
  type ErrorCode,
  type SwitchboardErrorOptions,
} from './errors.js';
export { fromSystemError } from './system-error.js';
export { IDLE_CONNECTION_MS } from './network/idle-connection-ms.js';

// Providers, sign-in methods and their profiles
export {
  isCliBridgeMethod,
  isProviderId,
  resolveProviderId,
  PROVIDER_IDS,
  AUTH_METHODS,
  CLI_BRIDGE_METHODS,
  type ProviderId,
  type AuthMethod,
  type CliBridgeMethod,
} from './ids.js';
export {
  apiKeyLabel,
  methodBilling,
  BUILTIN_PROVIDER_PROFILES,
  type OAuthProfile,
  type ProviderProfile,
  type MethodBilling,
} from './catalog/provider-profiles.js';
export { routeProviderName } from './catalog/route-provider-name.js';

// Opening a Switchboard home: paths, environment and config.toml
export { openSwitchboard, type OpenSwitchboardOptions, type SwitchboardHome } from './open-switchboard.js';
export { createPaths, resolveHome, type SwitchboardPaths } from './config/paths.js';
export { readProcessEnvironment, type Environment } from './config/environment.js';
export {
  readTeamMasterKeys,
  TEAM_MASTER_KEYS_VARIABLE,
  TEAM_MASTER_KEY_FILE_VARIABLE,
} from './config/team-master-keys.js';
export {
  parseSecretKeyring,
  sealSecret,
  openSecret,
  sealedKeyVersion,
  type SecretKeyring,
} from './vault/secret-keyring.js';
export { environmentApiKey } from './config/environment-api-key.js';
export { type ConfigFile, type ProviderOverride } from './config/config-schema.js';
export { loadConfig, resolveConfig, type SwitchboardConfig } from './config/load-config.js';
export { createConfigOwner, type CreateConfigOwnerOptions, type ConfigOwner } from './config/config-owner.js';
export { updateConfigFile } from './config/update-config.js';

// Secret storage
export { type StoredSession, type VaultDocument } from './vault/session.js';
export { type SecretStoreKind, type SecretStore } from './vault/secret-store.js';
export { createMemoryStore, type MemoryStoreOptions } from './vault/memory-store.js';

// Sign-in and sessions: the AuthManager
export { type TokenSet, type LoginEvent } from './oauth/types.js';
export { createOAuthConfiguration, isLoopbackUrl } from './oauth/create-oauth-configuration.js';
export { createAuthorizationRequest } from './oauth/create-authorization-request.js';
export { requestClientCredentialsToken } from './oauth/client-credentials.js';
export { createGoogleTokenSource } from './auth/google-token-source.js';
export type { GoogleToken, GoogleTokenSource } from './auth/google-token-source.js';
export { parseServiceAccountKey } from './auth/parse-service-account-key.js';
export type { ServiceAccountKey } from './auth/parse-service-account-key.js';
export type { AuthorizationRequest } from './oauth/create-authorization-request.js';
export { mapOAuthError } from './oauth/map-oauth-error.js';
export type { CreateOAuthConfigurationOptions } from './oauth/create-oauth-configuration.js';
export {
  type LoginOptions,
  type ProviderStatus,
  type ResolvedCredential,
  type AuthEvent,
  type SessionStatus,
  type ReplaceQuestion,
} from './auth/types.js';
export {
  parseSessionRef,
  formatSessionRef,
  checkSessionName,
  sessionKey,
  type SessionRef,
} from './auth/session-ref.js';
export {
  type AuthManagerOptions,
  type LogoutResult,
  type SwitchResult,
  type AuthManager,
  type CredentialOptions,
} from './auth/auth-manager-types.js';
export { createAuthManager } from './auth/create-auth-manager.js';
export { loginCommand, providerCommandName } from './auth/login-command.js';
export { apiKeyProblem } from './auth/api-key-problem.js';
export { normalizeProviderError } from './providers/normalize-provider-error.js';
export { detectCliBridge, type CliBridgeLoginState, type DetectCliBridgeOptions } from './auth/detect-cli-bridge.js';
export {
  IMPORT_SOURCES,
  type ImportSource,
  type ImportStatus,
  type ImportReportEntry,
  type ImportResult,
} from './auth/import/import-types.js';

// Model catalog
export { TRANSPORTS, type Transport } from './catalog/transport.js';
export {
  MODEL_CONTEXTS,
  type ReasoningTier,
  type ModelContext,
  type ModelStatus,
  type ModelMaker,
  type RouteProviderId,
  type ModelRoute,
  type ModelPrice,
  type CatalogModel,
} from './catalog/model-schema.js';
export {
  createCatalog,
  type CreateCatalogOptions,
  type CatalogFilter,
  type Catalog,
} from './catalog/create-catalog.js';
export { formatPrice, formatModelLabel } from './catalog/format-model-label.js';

// Provider adapters and their neutral request and stream types
export {
  type ToolDefinition,
  type ChatRequest,
  type ResponseFormat,
  type Usage,
  type FinishReason,
  type EndpointRouteProvider,
  type RouteTarget,
  type StreamEvent,
  type GenerateResult,
  type AdapterCallContext,
  type ProviderHealthStatus,
  type ProviderRuntimeId,
  type ProviderRuntime,
} from './providers/types.js';
export { collectStream } from './providers/collect-stream.js';
export {
  createProviderRegistry,
  type ProviderRegistryEntry,
  type ProviderRegistry,
  type ProviderRegistryOptions,
} from './providers/create-provider-registry.js';
export { type WireFormat, type ForwardTarget } from './providers/forward-target.js';

// Credentials: which key or session serves a request
export {
  CREDENTIAL_LEVELS,
  type CredentialLevel,
  type CredentialContext,
  type AvailableCredential,
  type CredentialLookup,
  type CredentialSource,
} from './runtime/credential-source.js';
export { resolveCredential, type CredentialResolution } from './runtime/resolve-credential.js';
export {
  createEnvironmentCredentialSource,
  type EnvironmentCredentialSourceOptions,
} from './runtime/environment-credential-source.js';
export {
  createSessionCredentialSource,
  type SessionCredentialSourceOptions,
} from './runtime/session-credential-source.js';
export { credentialVariables, type CredentialVariables } from './runtime/credential-variables.js';

// The runtime: route planning, fallback, health, model switching
export { type RoutePreference } from './runtime/order-routes.js';
export { routingPolicyOf, planRoutes, type RouteCandidate, type RoutingPolicy } from './runtime/plan-routes.js';
export { deferExhaustedRoutes } from './runtime/defer-exhausted-routes.js';
export { createSessionExhaustion, type SessionExhaustion } from './runtime/session-exhaustion.js';
export { type RuntimeRequest, type RuntimeWarning } from './runtime/serve-with-fallback.js';
export { createRuntime, type CreateRuntimeOptions, type RouteCircuit, type Runtime } from './runtime/create-runtime.js';
export {
  type ForwardRequest,
  type ForwardedStreamOutcome,
  type Forwarded,
  type ForwardedJson,
  type ForwardedNodeStream,
  type ForwardLane,
  type LaneRequest,
  type LaneSend,
  type PriorFailure,
} from './runtime/forward-types.js';
export {
  InvalidJsonBodyError,
  jsonBodyOf,
  scanJsonBody,
  type JsonBody,
  type JsonBodyChanges,
} from './runtime/json-body.js';
export { asksForUsage } from './runtime/asks-for-usage.js';
export {
  sendUntilAborted,
  type SendUpstream,
  type UpstreamAnswer,
  type UpstreamExchange,
  type UpstreamPost,
  type UpstreamReply,
} from './runtime/upstream-sender.js';
export {
  checkHealth,
  type CheckHealthOptions,
  type HealthProblem,
  type ProviderHealth,
} from './runtime/check-health.js';
export { switchModel, type SwitchModelOptions, type SwitchModelResult } from './runtime/switch-model.js';
export { loginProviderFor, modelLoginRequiredError } from './runtime/model-login-required.js';

// The auth event log: sign-ins, refreshes, switches and expiries of every process
export { type EventKind, type EventLogEntry, entryOfAuthEvent, entryOfRouteEvent } from './events/event-log-entry.js';
export { type RouteEvent } from './runtime/route-event.js';
export {
  createEventLog,
  readEventLog,
  eventLogFiles,
  type EventLog,
  type EventLogOptions,
  type EventLogRead,
} from './events/create-event-log.js';
export { summarizeEvents, type ProviderEventStats } from './events/summarize-events.js';

// Usage, budgets and plan quota
export { type UsageEntry } from './runtime/usage-entry.js';
export { parseAgentSession, formatAgentSession, type AgentSession } from './runtime/agent-session.js';
export { writeSessionLimits, readSessionLimits, type SessionLimits } from './runtime/session-limits-file.js';
export { createUsageLog, type UsageLog, type CreateUsageLogOptions } from './runtime/usage-log.js';
export { estimateCost } from './runtime/estimate-cost.js';
export { summarizeUsage, startOfUtcMonth, type UsageTotals, type UsageSummary } from './runtime/summarize-usage.js';
export {
  createBudgetGuard,
  type BudgetStatus,
  type BudgetGuardOptions,
  type BudgetGuard,
} from './runtime/check-budget.js';
export { configuredBudgets } from './runtime/configured-budgets.js';
export { type QuotaSnapshot, type QuotaWindow, type QuotaCredits } from './runtime/quota-snapshot.js';
export { createQuotaLog, type QuotaLog } from './runtime/quota-log.js';
export { recordBridgeQuota } from './runtime/record-bridge-quota.js';
export { fetchCodexUsage } from './runtime/fetch-codex-usage.js';

// Low-level helpers shared with Switchboard's own packages
export { writeFileAtomic } from './internal/write-file-atomic.js';
export { redactSecrets } from './internal/redact-secrets.js';
export { jsonNumber, jsonString } from './internal/json-text.js';
