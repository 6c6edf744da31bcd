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
  /** Whether the provider confirmed revocation. */
  revoked: boolean;
  /** Why nothing was revoked, when that was a choice (e.g. a session borrowed from another CLI). */
  note?: string;
}

/** Result of a provider switch. `superseded` when a newer switch was requested meanwhile. */
export interface SwitchResult {
  provider: ProviderId;
  method: AuthMethod;
  superseded: boolean;
}

/**
 * Holds sessions for many providers at once (DESIGN §1).
 */
export interface AuthManager {
  login(provider: ProviderId, options?: LoginOptions): Promise<ProviderStatus>;
  logout(provider: ProviderId): Promise<LogoutResult>;
  logoutAll(): Promise<LogoutResult[]>;
  /** Makes `provider` the active one (persisted). Requires a session. */
  switchProvider(provider: ProviderId): Promise<SwitchResult>;
  activeProvider(): Promise<{ provider: ProviderId; method: AuthMethod } | null>;
  isLoggedIn(provider: ProviderId): Promise<boolean>;
  loggedInProviders(): Promise<ProviderId[]>;
  status(): Promise<ProviderStatus[]>;
  statusOf(provider: ProviderId): Promise<ProviderStatus>;
  /** A valid access token or key; refreshes inside the window, single-flight across processes. */
  getAccessToken(provider: ProviderId): Promise<string>;
  /** The full credential to put on a request (forces a refresh when `forceRefresh`, e.g. after a 401). */
  getCredential(provider: ProviderId, options?: { forceRefresh?: boolean }): Promise<ResolvedCredential>;
  /** Refreshes every session inside its window (background refresh of inactive sessions). */
  refreshAll(): Promise<{ provider: ProviderId; ok: boolean; error?: string }[]>;
  /**
   * Adopts sessions other CLIs hold (`sb auth import`). Providers already logged in here are
   * kept and reported as skipped. Returns the import report.
   */
  importSessions(from?: ImportSource): Promise<ImportResult>;
  on(listener: (event: AuthEvent) => void): () => void;
}
