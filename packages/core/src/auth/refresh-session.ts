import { ERROR_CODES, SwitchboardError, type ErrorCode } from '../errors.js';
import type { ProviderId } from '../ids.js';
import type { OAuthProfile } from '../catalog/provider-profiles.js';
import type { SecretStore } from '../vault/secret-store.js';
import type { StoredSession } from '../vault/session.js';
import { sessionsOf } from '../vault/session-entries.js';
import type { TokenSet } from '../oauth/types.js';
import { refreshTokens } from '../oauth/refresh-tokens.js';
import { requestClientCredentialsToken } from '../oauth/client-credentials.js';
import { isTerminalAuthError } from '../oauth/map-oauth-error.js';
import { loginCommand } from './login-command.js';
import { providerGuide } from './provider-guide.js';
import type { AuthEvent } from './types.js';
import type { GoogleTokenSource } from './google-token-source.js';

/** A token adopted from another process, or kept after a failed early refresh, must stay valid at least this long. */
const USABLE_MARGIN_MS = 15_000;
/**
 * After a refresh failed (without ending the session), callers in every process reuse that
 * outcome for this long instead of each sending their own request: with a hung token
 * endpoint, N waiting processes would otherwise wait out N timeouts one after another.
 */
const REFRESH_BACKOFF_MS = 10_000;

/** What a refresh needs from its AuthManager. */
export interface RefreshContext {
  store: SecretStore;
  oauthProfile(provider: ProviderId): OAuthProfile | undefined;
  /** Display name ("ChatGPT") for messages. */
  providerName(provider: ProviderId): string;
  fetch: typeof fetch;
  /** Mints service-account tokens (google-auth-library). */
  googleTokens: GoogleTokenSource;
  now: () => number;
  refreshWindowMs: number;
  /** Bound on one refresh request; the OAuth layer's default (15 s) when absent. */
  refreshTimeoutMs?: number;
  emit(event: AuthEvent): void;
  /**
   * For a session imported from another CLI (`metadata.importedFrom`): that CLI's current
   * copy, so a token it already rotated is adopted instead of re-using a stale refresh token
   * (which a rotating server answers by revoking the whole grant).
   */
  readBorrowedSource?(session: StoredSession): Promise<StoredSession | undefined>;
}

/** True when the session's access token is inside the refresh window (or past expiry). */
export function needsRefresh(session: StoredSession, now: number, refreshWindowMs: number): boolean {
  if (session.method !== 'oauth' && session.method !== 'client-credentials' && session.method !== 'service-account')
    return false;
  if (!session.accessToken) return true;
  return session.expiresAt !== undefined && session.expiresAt - refreshWindowMs <= now;
}

/** True when the session's access token can still be sent for a little while. */
function isUsable(session: StoredSession, now: number): boolean {
  return (
    session.accessToken !== undefined && (session.expiresAt === undefined || session.expiresAt > now + USABLE_MARGIN_MS)
  );
}

/**
 * Refreshes one session under the store's cross-process lock. Inside the lock the store is
 * re-read: when another process already rotated the token (it differs from `seenAccessToken`
 * and is fresh), that token is adopted and no grant is spent — the defence against the
 * rotating-refresh-token race (a re-used refresh token revokes the whole grant).
 *
 * An early (not forced) refresh that fails without ending the session keeps serving the
 * current token while it is still valid. A failure is recorded in the store, and for
 * {@link REFRESH_BACKOFF_MS} every caller in every process reuses it instead of asking again.
 */
export async function refreshSession(
  key: string,
  seenAccessToken: string | undefined,
  force: boolean,
  context: RefreshContext,
): Promise<StoredSession> {
  return context.store.withLock(async ({ read, write }) => {
    const document = await read();
    const session = document.sessions[key];
    const name = key.slice(key.indexOf('/') + 1);
    if (!session) throw loginRequired(key.slice(0, key.indexOf('/')) as ProviderId, undefined, name);
    const provider = session.provider;
    const now = context.now();
    // Another process rotated it while we waited for the lock: adopt it as long as it is
    // still usable, even inside the refresh window (refreshing again would spend a grant).
    const rotatedElsewhere = session.accessToken !== undefined && session.accessToken !== seenAccessToken;
    if (rotatedElsewhere && isUsable(session, now)) {
      context.emit({ type: 'refresh', provider, session: name, outcome: 'adopted' });
      return session;
    }
    if (!force && !needsRefresh(session, now, context.refreshWindowMs)) return session;
    const failure = session.lastRefreshFailure;
    if (failure && now >= failure.at && now - failure.at < REFRESH_BACKOFF_MS) {
      if (!force && isUsable(session, now)) return session;
      throw new SwitchboardError(asErrorCode(failure.code), failure.message, { provider });
    }

    const adopted = await adoptFromBorrowedSource(session, context);
    if (adopted) {
      document.sessions[key] = adopted;
      if (!needsRefresh(adopted, context.now(), context.refreshWindowMs)) {
        await write(document);
        context.emit({ type: 'refresh', provider, session: name, outcome: 'adopted' });
        return adopted;
      }
    }
    const current = adopted ?? session;
    const profile = context.oauthProfile(provider);
    let tokens: TokenSet;
    try {
      tokens = await requestNewTokens(provider, current, profile, context);
    } catch (error) {
      if (isTerminalAuthError(error)) {
        // With several sessions of the provider, the message and the command name this one.
        const several = sessionsOf(document, provider).length > 1;
        delete document.sessions[key];
        await write(document);
        const command = several ? loginCommand(provider, name) : loginCommand(provider);
        context.emit({ type: 'expired', provider, session: name, command });
        const reason = error instanceof SwitchboardError ? ` ${error.message}` : '';
        const guide = providerGuide(provider, 'troubleshooting');
        const which = several ? ` ${key}` : '';
        throw new SwitchboardError(
          'SESSION_EXPIRED',
          `Your ${context.providerName(provider)} session${which} has expired or was revoked, so it was removed.${reason} Run \`${command}\` to log in again.${guide ? ` Help: ${guide}` : ''}`,
          {
            provider,
            hint: command,
            isRetryable: false,
          },
        );
      }
      const kept: StoredSession = { ...current, lastRefreshFailure: describeFailure(error, context.now()) };
      document.sessions[key] = kept;
      // Recording the failure is best effort: the refresh error is what the caller must see.
      await write(document).catch(() => undefined);
      const keptServing = !force && isUsable(current, context.now());
      context.emit({
        type: 'refresh-failed',
        provider,
        session: name,
        code: kept.lastRefreshFailure!.code,
        kept: keptServing,
      });
      if (keptServing) return kept;
      throw error;
    }
    const refreshed: StoredSession = {
      ...current,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? current.refreshToken,
      idToken: tokens.idToken ?? current.idToken,
      expiresAt: tokens.expiresAt,
      scope: tokens.scope ?? current.scope,
      updatedAt: context.now(),
    };
    delete refreshed.lastRefreshFailure;
    document.sessions[key] = refreshed;
    await write(document);
    context.emit({ type: 'refresh', provider, session: name, outcome: 'refreshed' });
    return refreshed;
  }, 60_000);
}

function describeFailure(error: unknown, at: number): NonNullable<StoredSession['lastRefreshFailure']> {
  // Only our own messages are kept: they are written never to hold a secret.
  if (error instanceof SwitchboardError) return { at, code: error.code, message: error.message };
  return { at, code: 'INTERNAL', message: 'Refreshing the login failed unexpectedly.' };
}

function asErrorCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}

async function adoptFromBorrowedSource(
  session: StoredSession,
  context: RefreshContext,
): Promise<StoredSession | undefined> {
  if (!session.metadata.importedFrom || !context.readBorrowedSource || session.method !== 'oauth') return undefined;
  const source = await context.readBorrowedSource(session).catch(() => undefined);
  if (!source?.accessToken || !source.refreshToken || source.refreshToken === session.refreshToken) return undefined;
  const adopted: StoredSession = {
    ...session,
    accessToken: source.accessToken,
    refreshToken: source.refreshToken,
    ...(source.idToken ? { idToken: source.idToken } : {}),
    ...(source.expiresAt !== undefined ? { expiresAt: source.expiresAt } : {}),
    updatedAt: context.now(),
  };
  // New tokens: an earlier failure to refresh the old ones says nothing about them.
  delete adopted.lastRefreshFailure;
  return adopted;
}

async function requestNewTokens(
  provider: ProviderId,
  session: StoredSession,
  profile: OAuthProfile | undefined,
  context: RefreshContext,
): Promise<TokenSet> {
  if (session.method === 'service-account') {
    if (!session.serviceAccount) throw loginRequired(provider, context.providerName(provider));
    // The key signs a new assertion: nothing to rotate, so no grant can be spent twice.
    const token = await context.googleTokens.serviceAccountToken(session.serviceAccount);
    return { accessToken: token.accessToken, ...(token.expiresAt === undefined ? {} : { expiresAt: token.expiresAt }) };
  }
  if (!profile) {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `No OAuth settings for ${provider}; cannot refresh. Add them under [providers.${provider}.oauth] in config.toml.`,
      { provider },
    );
  }
  if (session.method === 'client-credentials') {
    return requestClientCredentialsToken({
      profile: {
        ...profile,
        clientId: session.clientId ?? profile.clientId,
        clientSecret: session.clientSecret ?? profile.clientSecret,
      },
      fetch: context.fetch,
      now: context.now,
      ...timeoutOf(context),
    });
  }
  if (!session.refreshToken) {
    throw new SwitchboardError(
      'SESSION_EXPIRED',
      `Your ${context.providerName(provider)} session has expired and cannot be refreshed. Run \`${loginCommand(provider)}\`.`,
      {
        provider,
        hint: loginCommand(provider),
        isRetryable: false,
      },
    );
  }
  return refreshTokens({
    profile,
    fetch: context.fetch,
    now: context.now,
    refreshToken: session.refreshToken,
    ...timeoutOf(context),
  });
}

function timeoutOf(context: RefreshContext): { timeoutMs?: number } {
  return context.refreshTimeoutMs === undefined ? {} : { timeoutMs: context.refreshTimeoutMs };
}

/** The LOGIN_REQUIRED error with the exact command to run (for one named session when `session` is given). */
export function loginRequired(provider: ProviderId, name: string = provider, session?: string): SwitchboardError {
  const command = loginCommand(provider, session);
  const what = session === undefined ? name : `${name} as ${provider}/${session}`;
  return new SwitchboardError('LOGIN_REQUIRED', `Not logged in to ${what}. Run \`${command}\`.`, {
    provider,
    hint: command,
  });
}
