import type { Agent as HttpsAgent } from 'node:https';
import type { AuthMethod, CliBridgeMethod, ProviderId } from '../ids.js';
import type { CliBridgeLoginState } from './detect-cli-bridge.js';
import type { ConfigOwner } from '../config/config-owner.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import type { SwitchboardPaths } from '../config/paths.js';
import type { Environment } from '../config/environment.js';
import type { SecretStore } from '../vault/secret-store.js';
import type { AuthEvent, LoginOptions, ProviderStatus, ResolvedCredential } from './types.js';
import type { ImportResult, ImportSource } from './import/import-types.js';
import type { SessionRef } from './session-ref.js';

/** Dependencies of {@link AuthManager}; everything injected, nothing global. */
export interface AuthManagerOptions {
  paths: SwitchboardPaths;
  /** Effective configuration (profiles, active provider) when no `configOwner` is given. */
  config: SwitchboardConfig;
  /** The home's configuration owner, shared with the runtime and the chat (see `openSwitchboard`). */
  configOwner?: ConfigOwner;
  store: SecretStore;
  fetch?: typeof fetch;
  /** The network's https agent, for SDKs that take an agent rather than a fetch (AWS). */
  httpsAgent?: () => Promise<HttpsAgent>;
  /** Clock, epoch ms. */
  now?: () => number;
  /** Environment for API-key fallbacks (OPENAI_API_KEY, …) and other CLIs' homes. */
  environment?: Environment;
  /** Refresh this long before expiry, default 5 minutes. */
  refreshWindowMs?: number;
  /** Bound on one refresh request, discovery included, default 15 s (a hung token endpoint never hangs callers). */
  refreshTimeoutMs?: number;
  /** Finds a vendor CLI's own login state for the CLI bridges (default {@link detectCliBridge}). */
  detectCliBridge?: (method: CliBridgeMethod) => Promise<CliBridgeLoginState>;
}

/** Result of `sb auth logout`. */
export interface LogoutResult {
  provider: ProviderId;
  /** Whether a session existed. */
  removed: boolean;
  /** The sessions removed (`openai/work`): one when a name was given, else all of the provider's. */
  sessions: string[];
  /** Whether the provider confirmed revocation. */
  revoked: boolean;
  /** Why nothing was revoked, when that was a choice (e.g. a session borrowed from another CLI). */
  note?: string;
}

/** Result of a provider switch. `superseded` when a newer switch was requested meanwhile. */
export interface SwitchResult {
  provider: ProviderId;
  method: AuthMethod;
  /** The session now active for the provider, when a stored one serves (not an environment key). */
  session?: string;
  superseded: boolean;
}

/** Which stored session {@link AuthManager.getCredential} should use. */
export interface CredentialOptions {
  /** Refresh even when the token looks valid (after an upstream 401). */
  forceRefresh?: boolean;
  /** One named session (`work`); default: the provider's active session. */
  session?: string | undefined;
  /** Methods the caller can use: the active session is taken only when it has one of them. */
  methods?: readonly AuthMethod[] | undefined;
}

/**
 * Holds sessions for many providers at once, several per provider (DESIGN §1): a subscription
 * beside an API key, work and personal accounts, each named (`openai/work`).
 */
export interface AuthManager {
  /**
   * Adds a session (replacing one only for the same account or a taken name; see `LoginOptions`).
   * Resolves the provider's status with the new session's facts at the top level.
   */
  login(provider: ProviderId, options?: LoginOptions): Promise<ProviderStatus>;
  /** Removes one named session, or every session of the provider when no name is given. */
  logout(target: ProviderId | SessionRef): Promise<LogoutResult>;
  logoutAll(): Promise<LogoutResult[]>;
  /** Makes the provider (and the named session of it) the active one (persisted). Requires a session. */
  switchProvider(target: ProviderId | SessionRef): Promise<SwitchResult>;
  activeProvider(): Promise<{ provider: ProviderId; method: AuthMethod; session?: string } | null>;
  isLoggedIn(provider: ProviderId): Promise<boolean>;
  loggedInProviders(): Promise<ProviderId[]>;
  status(): Promise<ProviderStatus[]>;
  statusOf(provider: ProviderId): Promise<ProviderStatus>;
  /** A valid access token or key; refreshes inside the window, single-flight across processes. */
  getAccessToken(provider: ProviderId, options?: { session?: string | undefined }): Promise<string>;
  /** The full credential to put on a request (forces a refresh when `forceRefresh`, e.g. after a 401). */
  getCredential(provider: ProviderId, options?: CredentialOptions): Promise<ResolvedCredential>;
  /** Refreshes every session inside its window (background refresh of inactive sessions). */
  refreshAll(): Promise<{ provider: ProviderId; session: string; ok: boolean; error?: string }[]>;
  /**
   * Adopts sessions other CLIs hold (`sb auth import`), beside the sessions already here; an
   * account already stored here (the same credential) is kept and reported as skipped.
   */
  importSessions(from?: ImportSource): Promise<ImportResult>;
  on(listener: (event: AuthEvent) => void): () => void;
}
