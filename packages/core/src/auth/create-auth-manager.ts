import { homedir } from 'node:os';
import { SwitchboardError } from '../errors.js';
import { PROVIDER_IDS, type AuthMethod, type ProviderId } from '../ids.js';
import { createConfigOwner } from '../config/config-owner.js';
import { environmentApiKey } from '../config/environment-api-key.js';
import type { StoredSession, VaultDocument } from '../vault/session.js';
import { findSession, sessionsOf, type NamedSession } from '../vault/session-entries.js';
import type {
  AuthManager,
  AuthManagerOptions,
  CredentialOptions,
  LogoutResult,
  SwitchResult,
} from './auth-manager-types.js';
import type { AuthEvent, LoginOptions, ProviderStatus, ResolvedCredential } from './types.js';
import { apiKeyProblem } from './api-key-problem.js';
import { providerStatus } from './session-status.js';
import { needsRefresh, refreshSession, loginRequired, type RefreshContext } from './refresh-session.js';
import { chooseMethod, createLoginSession } from './login-session.js';
import { createSwitchSerializer } from './switch-serializer.js';
import { detectCliBridge } from './detect-cli-bridge.js';
import { importExternalSessions } from './import/import-sessions.js';
import { adoptImportedSessions } from './import/adopt-imported-sessions.js';
import { forgetRemovedSessions } from './forget-removed-sessions.js';
import { importSourceOf } from './import/import-types.js';
import { createGoogleTokenSource } from './google-token-source.js';
import { createAwsCredentialChain } from './aws-credential-chain.js';
import { activeSessionOf, selectSession, type SessionSelector } from './select-session.js';
import { credentialFromSession } from './credential-from-session.js';
import { revokeRemovedSession } from './revoke-removed-session.js';
import { fileLoginSession } from './file-login-session.js';
import type { SessionRef } from './session-ref.js';

const FIVE_MINUTES = 5 * 60_000;

/** The stable code of a failure, for events (never its message). */
function errorCodeOf(error: unknown): string {
  return error instanceof SwitchboardError ? error.code : 'INTERNAL';
}

/**
 * Creates the AuthManager: many provider sessions side by side, switching, status,
 * valid tokens on demand (refresh single-flight across calls and processes), logout with
 * revocation.
 */
export function createAuthManager(options: AuthManagerOptions): AuthManager {
  const { store, paths } = options;
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const environment = options.environment ?? {};
  const refreshWindowMs = options.refreshWindowMs ?? FIVE_MINUTES;
  const configOwner = options.configOwner ?? createConfigOwner({ paths, config: options.config });
  const listeners = new Set<(event: AuthEvent) => void>();
  // Single-flight per session and kind: a forced refresh (after a 401) must not share the
  // outcome of an early one, which may fall back to the very token the upstream just refused.
  const inFlight = new Map<string, Promise<StoredSession>>();
  const serializeSwitch = createSwitchSerializer();

  const emit = (event: AuthEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A faulty listener must not break authentication.
      }
    }
  };
  const googleTokens = createGoogleTokenSource({ fetch: fetchImplementation, environment });
  const awsChain = createAwsCredentialChain(options.httpsAgent ? { httpsAgent: options.httpsAgent } : {});
  const credentialSources = { googleTokens, awsChain };
  const refreshContext: RefreshContext = {
    store,
    googleTokens,
    oauthProfile: (provider) => configOwner.current().providers[provider].oauth,
    providerName: (provider) => configOwner.current().providers[provider].name,
    fetch: fetchImplementation,
    now,
    refreshWindowMs,
    ...(options.refreshTimeoutMs === undefined ? {} : { refreshTimeoutMs: options.refreshTimeoutMs }),
    emit,
    async readBorrowedSource(session) {
      const source = importSourceOf(session.metadata);
      if (!source) return undefined;
      const result = await importExternalSessions({
        from: source,
        environment,
        homeDirectory: environment.HOME ?? homedir(),
        now,
      });
      return result.sessions.find(
        (candidate) => candidate.provider === session.provider && candidate.method === session.method,
      );
    },
  };

  const environmentKeyFor = (provider: ProviderId): string | undefined =>
    environmentApiKey(configOwner.current().providers[provider], environment)?.variable;
  const providerName = (provider: ProviderId) => configOwner.current().providers[provider].name;

  /** The active provider per config.toml (re-read: another process may have switched), given the sessions. */
  async function activeIn(
    document: VaultDocument,
  ): Promise<{ provider: ProviderId; method: AuthMethod; session?: string } | null> {
    const config = await configOwner.reload();
    const provider = config.activeAuthProvider;
    if (!provider) return null;
    const session = activeSessionOf(document, provider, config);
    if (session) return { provider, method: session.session.method, session: session.name };
    if (environmentKeyFor(provider)) return { provider, method: 'api-key' };
    return null;
  }

  async function activeProvider(): Promise<{ provider: ProviderId; method: AuthMethod; session?: string } | null> {
    return activeIn(await store.read());
  }

  function statusFrom(document: VaultDocument, active: ProviderId | undefined): ProviderStatus[] {
    const config = configOwner.current();
    return PROVIDER_IDS.map((provider) => {
      const environmentKey = environmentKeyFor(provider);
      return providerStatus(
        config.providers[provider],
        sessionsOf(document, provider),
        activeSessionOf(document, provider, config),
        { active: provider === active, ...(environmentKey ? { environmentKey } : {}) },
      );
    });
  }

  async function freshSession(
    provider: ProviderId,
    selector: SessionSelector,
    force: boolean,
  ): Promise<NamedSession | undefined> {
    const chosen = selectSession(await store.read(), provider, selector, configOwner.current());
    if (!chosen) return undefined;
    if (!force && !needsRefresh(chosen.session, now(), refreshWindowMs)) return chosen;
    const flight = `${chosen.key}:${force ? 'forced' : 'early'}`;
    let pending = inFlight.get(flight);
    if (!pending) {
      pending = refreshSession(chosen.key, chosen.session.accessToken, force, refreshContext).finally(() =>
        inFlight.delete(flight),
      );
      inFlight.set(flight, pending);
    }
    return { ...chosen, session: await pending };
  }

  async function getCredential(
    provider: ProviderId,
    credentialOptions: CredentialOptions = {},
  ): Promise<ResolvedCredential> {
    const force = credentialOptions.forceRefresh ?? false;
    const { session: name, methods } = credentialOptions;
    const chosen = await freshSession(provider, { name, methods }, force);
    if (chosen) {
      const credential = await credentialFromSession(provider, chosen.name, chosen.session, credentialSources, force);
      if (!credential) throw loginRequired(provider, providerName(provider), chosen.name);
      return credential;
    }
    if (name !== undefined) throw loginRequired(provider, providerName(provider), name);
    const environmentKey = environmentKeyFor(provider);
    const apiKey = environmentKey ? environment[environmentKey] : undefined;
    if (apiKey && (!methods || methods.includes('api-key'))) {
      const problem = apiKeyProblem(apiKey.trim());
      if (problem)
        throw new SwitchboardError('INVALID_CONFIG', `The ${environmentKey} environment variable ${problem}.`, {
          hint: `Set ${environmentKey} to the key alone.`,
          provider,
        });
      return { provider, method: 'api-key', apiKey: apiKey.trim(), source: 'environment' };
    }
    throw loginRequired(provider, providerName(provider));
  }

  async function setActive(provider: ProviderId, method: AuthMethod, session?: string): Promise<void> {
    await configOwner.update((document) => {
      document.active_auth_provider = provider;
      document.active_auth_method = method;
      if (session !== undefined) document.active_sessions = { ...document.active_sessions, [provider]: session };
    });
  }

  async function logout(target: ProviderId | SessionRef): Promise<LogoutResult> {
    const ref: SessionRef = typeof target === 'string' ? { provider: target } : target;
    const { provider } = ref;
    let removed: NamedSession[] = [];
    let remaining: VaultDocument | undefined;
    await store.update((document) => {
      removed =
        ref.name === undefined
          ? sessionsOf(document, provider)
          : [findSession(document, provider, ref.name)].filter((entry) => entry !== undefined);
      for (const entry of removed) delete document.sessions[entry.key];
      remaining = document;
    });
    let revoked = false;
    const notes: string[] = [];
    const oauth = configOwner.current().providers[provider].oauth;
    for (const entry of removed) {
      const outcome = await revokeRemovedSession(entry.session, oauth, fetchImplementation);
      revoked ||= outcome.revoked;
      if (outcome.note) notes.push(outcome.note);
    }
    await forgetRemovedSessions(configOwner, provider, removed, remaining);
    for (const entry of removed) emit({ type: 'logout', provider, session: entry.name, revoked });
    if (removed.length === 0) emit({ type: 'logout', provider, revoked });
    return {
      provider,
      removed: removed.length > 0,
      sessions: removed.map((entry) => entry.key),
      revoked,
      ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
    };
  }

  const manager: AuthManager = {
    async login(provider: ProviderId, loginOptions: LoginOptions = {}): Promise<ProviderStatus> {
      const profile = configOwner.current().providers[provider];
      const method = chooseMethod(profile, loginOptions);
      // A store that cannot be read (corrupt, key missing) could not take the session: say so
      // before the user signs in, and before a grant is spent that would then be lost.
      await store.read();
      emit({ type: 'login-started', provider, method });
      let session: StoredSession;
      try {
        session = await createLoginSession(profile, method, loginOptions, {
          fetch: fetchImplementation,
          googleTokens,
          awsChain,
          now,
          detectCliBridge: options.detectCliBridge ?? ((method) => detectCliBridge(method, { environment })),
        });
      } catch (error) {
        emit({ type: 'login-failed', provider, method, code: errorCodeOf(error) });
        throw error;
      }
      const filing = await fileLoginSession(store, session, loginOptions);
      const config = await configOwner.reload();
      const active = await activeProvider();
      // A second account or key is added beside the active session; it serves once chosen.
      const named = config.activeSessions[provider];
      const becomesActive = named === undefined || named === filing.name || named === filing.replaces?.name || !active;
      if (becomesActive && (!active || active.provider === provider)) await setActive(provider, method, filing.name);
      else if (becomesActive)
        await configOwner.update((document) => {
          document.active_sessions = { ...document.active_sessions, [provider]: filing.name };
        });
      emit({ type: 'login', provider, method, session: filing.name });
      // The provider's status, its top-level facts those of the session just stored.
      const status = await manager.statusOf(provider);
      const added = status.sessions.find((entry) => entry.name === filing.name);
      if (!added) return status;
      const { method: addedMethod, account, plan, expiresAt, refreshable } = added;
      return {
        ...status,
        loggedIn: true,
        method: addedMethod,
        account,
        plan,
        expiresAt,
        refreshable,
        session: added.name,
      };
    },

    logout,

    async logoutAll() {
      const document = await store.read();
      const results: LogoutResult[] = [];
      for (const provider of PROVIDER_IDS)
        if (sessionsOf(document, provider).length > 0) results.push(await logout(provider));
      return results;
    },

    switchProvider(target: ProviderId | SessionRef): Promise<SwitchResult> {
      const { provider, name } = typeof target === 'string' ? { provider: target, name: undefined } : target;
      return serializeSwitch(async (isSuperseded) => {
        const startedAt = now();
        const from = configOwner.current().activeAuthProvider ?? null;
        let credential: ResolvedCredential;
        try {
          // Validating first means a network failure leaves the active provider unchanged.
          credential = await getCredential(provider, { session: name });
          if (isSuperseded()) return { provider, method: credential.method, superseded: true };
          await setActive(provider, credential.method, credential.session);
        } catch (error) {
          emit({ type: 'switch-failed', provider, from, code: errorCodeOf(error), latencyMs: now() - startedAt });
          throw error;
        }
        const session = credential.session;
        emit({ type: 'switch', provider, from, latencyMs: now() - startedAt, ...(session ? { session } : {}) });
        return { provider, method: credential.method, ...(session ? { session } : {}), superseded: false };
      });
    },

    activeProvider,

    async isLoggedIn(provider: ProviderId) {
      return (await manager.statusOf(provider)).loggedIn;
    },

    async loggedInProviders() {
      return (await manager.status()).filter((status) => status.loggedIn).map((status) => status.provider);
    },

    async status() {
      const document = await store.read();
      const active = await activeIn(document);
      return statusFrom(document, active?.provider);
    },

    async statusOf(provider: ProviderId) {
      const all = await manager.status();
      const found = all.find((status) => status.provider === provider);
      if (!found) throw new SwitchboardError('UNKNOWN_PROVIDER', `Unknown provider ${provider}.`);
      return found;
    },

    async getAccessToken(provider: ProviderId, tokenOptions = {}) {
      const credential = await getCredential(provider, tokenOptions);
      switch (credential.method) {
        case 'api-key':
          return credential.apiKey;
        case 'oauth':
        case 'client-credentials':
          return credential.accessToken;
        default:
          throw new SwitchboardError(
            'UNSUPPORTED_METHOD',
            `${configOwner.current().providers[provider].name} is logged in with ${credential.method}, which has no access token to print.`,
            { provider },
          );
      }
    },

    getCredential,

    async refreshAll() {
      const document = await store.read();
      const results: { provider: ProviderId; session: string; ok: boolean; error?: string }[] = [];
      for (const { name, session } of sessionsOf(document)) {
        const provider = session.provider;
        if (!needsRefresh(session, now(), refreshWindowMs)) continue;
        try {
          const refreshed = (await freshSession(provider, { name }, false))?.session;
          // A failed early refresh still hands back the valid token; report the failure.
          const failure =
            refreshed && needsRefresh(refreshed, now(), refreshWindowMs) ? refreshed.lastRefreshFailure : undefined;
          results.push(
            failure
              ? { provider, session: name, ok: false, error: failure.code }
              : { provider, session: name, ok: true },
          );
        } catch (error) {
          results.push({ provider, session: name, ok: false, error: errorCodeOf(error) });
        }
      }
      return results;
    },

    async importSessions(from) {
      const result = await importExternalSessions({
        ...(from ? { from } : {}),
        environment,
        homeDirectory: environment.HOME ?? homedir(),
        now,
      });
      const { adopted, report } = await adoptImportedSessions(store, result);
      for (const { name, session } of adopted)
        emit({ type: 'login', provider: session.provider, method: session.method, session: name });
      const active = await activeProvider();
      const first = adopted[0];
      if (!active && first) await setActive(first.session.provider, first.session.method, first.name);
      return { sessions: adopted.map((entry) => entry.session), report };
    },

    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return manager;
}
