import { SwitchboardError } from '../errors.js';
import { PROVIDER_IDS, type AuthMethod, type ProviderId } from '../ids.js';
import { createConfigOwner } from '../config/config-owner.js';
import type { StoredSession, VaultDocument } from '../vault/session.js';
import { revokeToken } from '../oauth/revoke-token.js';
import type { AuthManager, AuthManagerOptions, LogoutResult, SwitchResult } from './auth-manager-types.js';
import type { AuthEvent, LoginOptions, ProviderStatus, ResolvedCredential } from './types.js';
import { apiKeyProblem } from './api-key-problem.js';
import { sessionStatus } from './session-status.js';
import { needsRefresh, refreshSession, loginRequired, type RefreshContext } from './refresh-session.js';
import { chooseMethod, createLoginSession } from './login-session.js';
import { createSwitchSerializer } from './switch-serializer.js';
import { detectCliBridge } from './detect-cli-bridge.js';
import { importExternalSessions } from './import/import-sessions.js';
import { importOriginOf, importSourceOf, type ImportReportEntry } from './import/import-types.js';
import { homedir } from 'node:os';
import { environmentApiKey } from '../config/environment-api-key.js';
import { createGoogleTokenSource } from './google-token-source.js';
import { createAwsCredentialChain } from './aws-credential-chain.js';

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
  const inFlight = new Map<`${ProviderId}:${'early' | 'forced'}`, Promise<StoredSession>>();
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

  /** The active provider per config.toml (re-read: another process may have switched), given the sessions. */
  async function activeIn(document: VaultDocument): Promise<{ provider: ProviderId; method: AuthMethod } | null> {
    const provider = (await configOwner.reload()).activeAuthProvider;
    if (!provider) return null;
    const session = document.sessions[provider];
    if (session) return { provider, method: session.method };
    if (environmentKeyFor(provider)) return { provider, method: 'api-key' };
    return null;
  }

  async function activeProvider(): Promise<{ provider: ProviderId; method: AuthMethod } | null> {
    return activeIn(await store.read());
  }

  function statusFrom(document: VaultDocument, active: ProviderId | undefined): ProviderStatus[] {
    return PROVIDER_IDS.map((provider) => {
      const environmentKey = environmentKeyFor(provider);
      return sessionStatus(configOwner.current().providers[provider], document.sessions[provider], {
        active: provider === active,
        ...(environmentKey ? { environmentKey } : {}),
      });
    });
  }

  async function freshSession(provider: ProviderId, force: boolean): Promise<StoredSession | undefined> {
    const session = (await store.read()).sessions[provider];
    if (!session) return undefined;
    if (!force && !needsRefresh(session, now(), refreshWindowMs)) return session;
    const key = `${provider}:${force ? 'forced' : 'early'}` as const;
    const pending = inFlight.get(key);
    if (pending) return pending;
    const refresh = refreshSession(provider, session.accessToken, force, refreshContext).finally(() =>
      inFlight.delete(key),
    );
    inFlight.set(key, refresh);
    return refresh;
  }

  async function getCredential(
    provider: ProviderId,
    credentialOptions: { forceRefresh?: boolean } = {},
  ): Promise<ResolvedCredential> {
    const session = await freshSession(provider, credentialOptions.forceRefresh ?? false);
    if (!session) {
      const environmentKey = environmentKeyFor(provider);
      const apiKey = environmentKey ? environment[environmentKey] : undefined;
      if (apiKey) {
        const problem = apiKeyProblem(apiKey.trim());
        if (problem)
          throw new SwitchboardError('INVALID_CONFIG', `The ${environmentKey} environment variable ${problem}.`, {
            hint: `Set ${environmentKey} to the key alone.`,
            provider,
          });
        return { provider, method: 'api-key', apiKey: apiKey.trim(), source: 'environment' };
      }
      throw loginRequired(provider, configOwner.current().providers[provider].name);
    }
    switch (session.method) {
      case 'api-key':
        if (!session.apiKey) throw loginRequired(provider, configOwner.current().providers[provider].name);
        return { provider, method: 'api-key', apiKey: session.apiKey, source: 'session' };
      case 'oauth':
      case 'client-credentials':
      case 'service-account':
        if (!session.accessToken) throw loginRequired(provider, configOwner.current().providers[provider].name);
        return {
          provider,
          method: session.method,
          accessToken: session.accessToken,
          ...(session.expiresAt !== undefined ? { expiresAt: session.expiresAt } : {}),
          ...(session.metadata.accountId ? { accountId: session.metadata.accountId } : {}),
          ...(session.serviceAccount?.projectId ? { projectId: session.serviceAccount.projectId } : {}),
        };
      case 'adc': {
        const token = await googleTokens.adcToken({ force: credentialOptions.forceRefresh ?? false });
        return {
          provider,
          method: 'adc',
          accessToken: token.accessToken,
          ...(token.expiresAt !== undefined ? { expiresAt: token.expiresAt } : {}),
          ...(token.projectId ? { projectId: token.projectId } : {}),
        };
      }
      case 'claude-code':
      case 'gemini-cli':
      case 'codex-cli':
        return { provider, method: session.method };
      case 'aws': {
        const aws = session.aws;
        if (aws) return { provider, method: 'aws', ...aws };
        const chain = session.awsChain;
        if (!chain) throw loginRequired(provider, configOwner.current().providers[provider].name);
        const resolved = await awsChain.resolve(chain.profile, { force: credentialOptions.forceRefresh ?? false });
        return {
          provider,
          method: 'aws',
          accessKeyId: resolved.accessKeyId,
          secretAccessKey: resolved.secretAccessKey,
          ...(resolved.sessionToken ? { sessionToken: resolved.sessionToken } : {}),
          ...(chain.region ? { region: chain.region } : {}),
        };
      }
    }
  }

  async function setActive(provider: ProviderId, method: AuthMethod): Promise<void> {
    await configOwner.update((document) => {
      document.active_auth_provider = provider;
      document.active_auth_method = method;
    });
  }

  async function logout(provider: ProviderId): Promise<LogoutResult> {
    let removedSession: StoredSession | undefined;
    await store.update((document) => {
      removedSession = document.sessions[provider];
      delete document.sessions[provider];
    });
    let revoked = false;
    let note: string | undefined;
    const oauth = configOwner.current().providers[provider].oauth;
    const borrowedFrom = removedSession ? importOriginOf(removedSession.metadata) : undefined;
    if (
      removedSession &&
      oauth &&
      (removedSession.method === 'oauth' || removedSession.method === 'client-credentials')
    ) {
      if (borrowedFrom) {
        // The grant belongs to the other CLI: revoking it would sign that CLI out too.
        note = `This session was borrowed from ${borrowedFrom}, so it was not revoked: ${borrowedFrom} stays signed in.`;
      } else {
        // Revoke the refresh token first: revoking it ends the whole grant at most servers.
        for (const [token, hint] of [
          [removedSession.refreshToken, 'refresh_token'],
          [removedSession.accessToken, 'access_token'],
        ] as const) {
          if (!token) continue;
          const result = await revokeToken({ profile: oauth, fetch: fetchImplementation, token, tokenTypeHint: hint });
          revoked ||= result.revoked;
        }
      }
    }
    if ((await configOwner.reload()).activeAuthProvider === provider) {
      // Checked again under the config lock: another process may have switched meanwhile.
      await configOwner.update((document) => {
        if (document.active_auth_provider !== provider) return;
        delete document.active_auth_provider;
        delete document.active_auth_method;
      });
    }
    emit({ type: 'logout', provider, revoked });
    return { provider, removed: removedSession !== undefined, revoked, ...(note ? { note } : {}) };
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
      await store.update((document) => {
        document.sessions[provider] = session;
      });
      const active = await activeProvider();
      if (!active || active.provider === provider) await setActive(provider, method);
      emit({ type: 'login', provider, method });
      return manager.statusOf(provider);
    },

    logout,

    async logoutAll() {
      const document = await store.read();
      const results: LogoutResult[] = [];
      for (const provider of PROVIDER_IDS) if (document.sessions[provider]) results.push(await logout(provider));
      return results;
    },

    switchProvider(provider: ProviderId): Promise<SwitchResult> {
      return serializeSwitch(async (isSuperseded) => {
        const startedAt = now();
        const from = configOwner.current().activeAuthProvider ?? null;
        let method: AuthMethod;
        try {
          // Validating first means a network failure leaves the active provider unchanged.
          const credential = await getCredential(provider);
          method = credential.method;
          if (isSuperseded()) return { provider, method, superseded: true };
          await setActive(provider, method);
        } catch (error) {
          emit({ type: 'switch-failed', provider, from, code: errorCodeOf(error), latencyMs: now() - startedAt });
          throw error;
        }
        emit({ type: 'switch', provider, from, latencyMs: now() - startedAt });
        return { provider, method, superseded: false };
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

    async getAccessToken(provider: ProviderId) {
      const credential = await getCredential(provider);
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
      const results: { provider: ProviderId; ok: boolean; error?: string }[] = [];
      for (const provider of PROVIDER_IDS) {
        const session = document.sessions[provider];
        if (!session || !needsRefresh(session, now(), refreshWindowMs)) continue;
        try {
          const refreshed = await freshSession(provider, false);
          // A failed early refresh still hands back the valid token; report the failure.
          const failure =
            refreshed && needsRefresh(refreshed, now(), refreshWindowMs) ? refreshed.lastRefreshFailure : undefined;
          results.push(failure ? { provider, ok: false, error: failure.code } : { provider, ok: true });
        } catch (error) {
          results.push({ provider, ok: false, error: error instanceof SwitchboardError ? error.code : 'INTERNAL' });
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
      const kept: ImportReportEntry[] = [];
      const adopted: StoredSession[] = [];
      await store.update((document) => {
        for (const session of result.sessions) {
          if (document.sessions[session.provider]) {
            // Every session the importer returns names the CLI it came from.
            const source = importSourceOf(session.metadata);
            if (source)
              kept.push({
                source,
                provider: session.provider,
                method: session.method,
                status: 'skipped',
                detail: `already logged in to ${configOwner.current().providers[session.provider].name} here; run \`sb auth logout ${session.provider}\` first to replace it`,
              });
            continue;
          }
          document.sessions[session.provider] = session;
          adopted.push(session);
        }
      });
      for (const session of adopted) emit({ type: 'login', provider: session.provider, method: session.method });
      const active = await activeProvider();
      const first = adopted[0];
      if (!active && first) await setActive(first.provider, first.method);
      const keptByKey = new Map(kept.map((entry) => [`${entry.source}:${entry.provider}`, entry]));
      const report = result.report.map((entry) =>
        entry.status === 'imported' ? (keptByKey.get(`${entry.source}:${entry.provider}`) ?? entry) : entry,
      );
      return { sessions: adopted, report };
    },

    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return manager;
}
