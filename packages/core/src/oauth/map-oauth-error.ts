import { SwitchboardError, isSwitchboardError, type ErrorCode } from '../errors.js';
import { abortKindOfReason } from '../internal/abort-reason.js';
import { scrubServerText } from '../internal/redact-secrets.js';

/** The OAuth operation that failed; it decides what an error means (invalid_grant on refresh is terminal). */
export type OAuthOperation =
  | 'discovery'
  | 'authorization'
  | 'code_exchange'
  | 'device_authorization'
  | 'device_poll'
  | 'refresh'
  | 'client_credentials'
  | 'revocation';

/** What {@link mapOAuthError} knows about the failed operation. */
export interface OAuthErrorContext {
  operation: OAuthOperation;
  /** Provider id, for the hint (`sb auth login <provider>`). */
  provider?: string;
  /** The operation's signal: when it aborted, its reason decides TIMEOUT or CANCELLED. */
  signal?: AbortSignal;
  /** Known secrets of this operation (tokens, code, verifier, client secret), scrubbed from any text kept. */
  secrets?: Array<string | undefined>;
}

/** Refresh errors that mean the refresh token is dead for good. */
const TERMINAL_REFRESH_ERRORS = new Set([
  'invalid_grant',
  'invalid_token',
  'refresh_token_expired',
  'refresh_token_reused',
  'refresh_token_invalidated',
  'token_revoked',
]);

const NETWORK_ERROR_CODES = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/;

interface ErrorFacts {
  name: string;
  /** openid-client / oauth4webapi code, e.g. OAUTH_INVALID_RESPONSE. */
  clientCode?: string;
  /** The OAuth `error` value, sanitized. */
  oauthError?: string;
  /** The server's error_description, scrubbed. */
  description?: string;
  status?: number;
  /** A system network error code (ECONNREFUSED, …). */
  networkCode?: string;
  /** What an invalid response was about ("state", "iss", "nonce", …). */
  invalidAbout?: string;
  timeout: boolean;
  aborted: boolean;
  network: boolean;
}

/**
 * Maps any error of an OAuth operation (openid-client's ResponseBodyError,
 * AuthorizationResponseError, WWWAuthenticateChallengeError, ClientError codes, fetch
 * TypeErrors, AbortError/TimeoutError) to one {@link SwitchboardError}.
 *
 * Messages are written here, never copied from openid-client: its errors and the server's
 * bodies can carry codes, tokens and verifiers. The `cause` is replaced by a summary
 * (names, codes, status) so logging the error cannot leak them either. A
 * SwitchboardError passes through unchanged, also when openid-client wrapped it (one the
 * fetch raised, e.g. an untrusted certificate behind a proxy).
 */
export function mapOAuthError(error: unknown, context: OAuthErrorContext): SwitchboardError {
  const own = ownError(error);
  if (own) return own;
  const facts = collectFacts(error, context);
  const cause = summarize(facts);
  const base = { provider: context.provider, cause, ...(facts.status === undefined ? {} : { status: facts.status }) };
  const login = context.provider ? `sb auth login ${context.provider}` : undefined;
  const make = (
    code: ErrorCode,
    message: string,
    extra: { isRetryable?: boolean; hint?: string } = {},
  ): SwitchboardError => new SwitchboardError(code, message, { ...base, ...extra });
  const detail = facts.description ? ` Server said: "${facts.description}".` : '';
  const what = describe(context.operation);

  if (context.signal?.aborted) {
    return abortKindOfReason(context.signal.reason) === 'timeout'
      ? make(
          'TIMEOUT',
          `The authorization server did not answer in time while ${what}. Check your connection and try again.`,
        )
      : make('CANCELLED', `Cancelled while ${what}.`, { isRetryable: false });
  }
  if (facts.timeout) {
    return make(
      'TIMEOUT',
      `The authorization server did not answer in time while ${what}. Check your connection and try again.`,
    );
  }
  if (facts.aborted) return make('CANCELLED', `Cancelled while ${what}.`, { isRetryable: false });

  if (facts.invalidAbout === 'state') {
    return make(
      'OAUTH_STATE_MISMATCH',
      'The sign-in response does not belong to this login (state mismatch). Start the login again and finish it in the browser tab it opens.',
      { isRetryable: false, ...(login ? { hint: login } : {}) },
    );
  }
  if (facts.network) {
    const reason = facts.networkCode ? ` (${facts.networkCode})` : '';
    return make(
      'NETWORK',
      `Could not reach the authorization server while ${what}${reason}. Check your connection, proxy and the OAuth endpoints in config.toml.`,
    );
  }
  if (facts.clientCode === 'OAUTH_HTTP_REQUEST_FORBIDDEN' || facts.clientCode === 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN') {
    return make(
      'INVALID_CONFIG',
      'OAuth endpoints must use https (plain http only for 127.0.0.1/localhost). Fix the OAuth URLs in config.toml.',
      {
        isRetryable: false,
      },
    );
  }

  const oauthError = facts.oauthError;
  const status = facts.status;
  if (
    (status !== undefined && status >= 500) ||
    oauthError === 'server_error' ||
    oauthError === 'temporarily_unavailable'
  ) {
    return make(
      'PROVIDER_UNAVAILABLE',
      `The authorization server failed while ${what}${status ? ` (HTTP ${status})` : ''}. Try again in a moment.`,
      {
        isRetryable: true,
      },
    );
  }
  if (status === 429 || oauthError === 'slow_down') {
    return make(
      'RATE_LIMITED',
      `The authorization server is rate limiting requests while ${what}. Wait a moment and try again.`,
    );
  }
  if (context.operation === 'refresh') {
    // Only an OAuth error code proves the refresh token dead: a bare 400/401 (an HTML page
    // from a proxy or captive portal) must not delete a session that may still be good. A
    // 401 that does carry one is terminal whatever the code (as the Codex CLI treats it:
    // codex-rs/login/src/auth/manager.rs `request_chatgpt_token_refresh`).
    const clientRejected = oauthError === 'invalid_client' || oauthError === 'unauthorized_client';
    if (oauthError !== undefined && (TERMINAL_REFRESH_ERRORS.has(oauthError) || (status === 401 && !clientRejected))) {
      return make(
        'SESSION_EXPIRED',
        `${terminalRefreshReason(oauthError)}.${login ? ` Log in again: ${login}.` : ''}`,
        {
          isRetryable: false,
          ...(login ? { hint: login } : {}),
        },
      );
    }
  }
  if (oauthError === 'expired_token') {
    return make(
      'TIMEOUT',
      `The device code expired before the sign-in was completed. Run the login again${login ? `: ${login}` : ''}.`,
      {
        isRetryable: false,
      },
    );
  }
  if (oauthError === 'access_denied') {
    return make('OAUTH_FAILED', `The sign-in was denied or cancelled at the provider (access_denied).${detail}`, {
      isRetryable: false,
      ...(login ? { hint: login } : {}),
    });
  }
  if (
    oauthError === 'invalid_client' ||
    oauthError === 'unauthorized_client' ||
    (status === 401 && context.operation !== 'refresh')
  ) {
    return make(
      'AUTH_FAILED',
      `The authorization server rejected the OAuth client (${oauthError ?? 'HTTP 401'}). Check client_id and client_secret in the provider's [providers.<id>.oauth] settings.${detail}`,
      { isRetryable: false },
    );
  }
  if (oauthError === 'invalid_scope') {
    return make(
      'INVALID_CONFIG',
      `The authorization server rejected the requested scopes (invalid_scope). Check scopes in config.toml.${detail}`,
      {
        isRetryable: false,
      },
    );
  }
  if (oauthError === 'invalid_grant' && context.operation === 'code_exchange') {
    return make(
      'OAUTH_FAILED',
      `The authorization code was rejected (expired, already used, or issued for another login).${detail} Run the login again.`,
      { isRetryable: false, ...(login ? { hint: login } : {}) },
    );
  }
  if (facts.invalidAbout === 'iss') {
    return make(
      'OAUTH_FAILED',
      'The sign-in response came from a different issuer than the one configured. Start the login again.',
      {
        isRetryable: false,
      },
    );
  }
  if (
    facts.clientCode?.startsWith('OAUTH_JWT_') ||
    facts.invalidAbout === 'nonce' ||
    facts.invalidAbout === 'id_token'
  ) {
    return make(
      'OAUTH_FAILED',
      `The id_token returned while ${what} failed validation${facts.invalidAbout ? ` (${facts.invalidAbout})` : ''}. Start the login again.`,
      {
        isRetryable: false,
      },
    );
  }
  if (oauthError !== undefined) {
    return make('OAUTH_FAILED', `The authorization server refused while ${what} (${oauthError}).${detail}`, {
      isRetryable: false,
    });
  }
  if (status !== undefined) {
    return make('OAUTH_FAILED', `The authorization server answered HTTP ${status} while ${what}.`, {
      isRetryable: false,
    });
  }
  if (
    facts.clientCode === 'OAUTH_RESPONSE_IS_NOT_JSON' ||
    facts.clientCode === 'OAUTH_PARSE_ERROR' ||
    facts.clientCode === 'OAUTH_INVALID_RESPONSE'
  ) {
    return make(
      'OAUTH_FAILED',
      `The authorization server sent an invalid response while ${what}. Check the OAuth endpoints in config.toml.`,
      {
        isRetryable: false,
      },
    );
  }
  return make('OAUTH_FAILED', `OAuth failed while ${what}${facts.clientCode ? ` (${facts.clientCode})` : ''}.`, {
    isRetryable: false,
  });
}

/**
 * Why a refresh token is dead, in words a person can act on (the reasons and wording follow
 * the Codex CLI's REFRESH_TOKEN_*_MESSAGE in codex-rs/login/src/auth/manager.rs).
 */
export function terminalRefreshReason(oauthError: string | undefined): string {
  switch (oauthError) {
    case 'refresh_token_expired':
      return 'The refresh token has expired (refresh_token_expired)';
    case 'refresh_token_reused':
      return 'The refresh token was already used (refresh_token_reused): another program refreshed this login first, or it was copied from another machine, so the provider ended the whole sign-in';
    case 'refresh_token_invalidated':
      return 'The refresh token was revoked (refresh_token_invalidated): you signed out elsewhere, changed your password, or the session was ended';
    default:
      return `The saved login has expired or was revoked${oauthError ? ` (${oauthError})` : ''}`;
  }
}

/**
 * True when `error` means the saved login is dead for good (`SESSION_EXPIRED`, not
 * retryable; e.g. a refresh answered invalid_grant, revoked or reused): the session must be
 * cleared and the user must log in again. Retrying the same refresh token cannot help.
 */
export function isTerminalAuthError(error: unknown): boolean {
  return isSwitchboardError(error, 'SESSION_EXPIRED') && !error.isRetryable;
}

function describe(operation: OAuthOperation): string {
  switch (operation) {
    case 'discovery':
      return 'discovering the authorization server';
    case 'authorization':
      return 'waiting for the sign-in';
    case 'code_exchange':
      return 'exchanging the authorization code';
    case 'device_authorization':
      return 'starting the device login';
    case 'device_poll':
      return 'waiting for the device login';
    case 'refresh':
      return 'refreshing the login';
    case 'client_credentials':
      return 'requesting a client-credentials token';
    case 'revocation':
      return 'revoking the token';
  }
}

function collectFacts(error: unknown, context: OAuthErrorContext): ErrorFacts {
  const facts: ErrorFacts = { name: 'Error', timeout: false, aborted: false, network: false };
  const seen = new Set<unknown>();
  let current: unknown = error;
  let first = true;
  while (current !== null && typeof current === 'object' && !seen.has(current) && seen.size < 8) {
    seen.add(current);
    const value = current as Record<string, unknown>;
    const name = typeof value.name === 'string' ? value.name : undefined;
    if (first && name) facts.name = safeWord(name) ?? 'Error';
    first = false;
    if (current instanceof Response) {
      facts.status ??= current.status;
      break;
    }
    const code = typeof value.code === 'string' ? value.code : undefined;
    if (code?.startsWith('OAUTH_') && facts.clientCode === undefined) facts.clientCode = code;
    if (code === 'OAUTH_TIMEOUT' || name === 'TimeoutError') facts.timeout = true;
    if (code === 'OAUTH_ABORT' || name === 'AbortError') facts.aborted = true;
    if (code && NETWORK_ERROR_CODES.test(code)) {
      facts.network = true;
      facts.networkCode ??= code;
    }
    if (
      name === 'TypeError' &&
      code === undefined &&
      typeof value.message === 'string' &&
      /fetch failed|network|socket/i.test(value.message)
    ) {
      facts.network = true;
    }
    if (typeof value.status === 'number') facts.status ??= value.status;
    if (name === 'ResponseBodyError' || name === 'AuthorizationResponseError') {
      if (typeof value.error === 'string') facts.oauthError ??= safeWord(value.error) ?? 'unknown_error';
      if (typeof value.error_description === 'string')
        facts.description ??= scrubServerText(value.error_description, context.secrets);
      break;
    }
    if (name === 'WWWAuthenticateChallengeError') {
      const challenges = Array.isArray(value.cause)
        ? (value.cause as Array<{ parameters?: Record<string, unknown> }>)
        : [];
      const challengeError = challenges
        .map((challenge) => challenge.parameters?.error)
        .find((item) => typeof item === 'string');
      if (typeof challengeError === 'string') facts.oauthError ??= safeWord(challengeError) ?? 'unknown_error';
      break;
    }
    if (code === 'OAUTH_INVALID_RESPONSE' || code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
      const message = typeof value.message === 'string' ? value.message : '';
      const about = /"(state|iss|nonce|id_token|aud|azp|sub)"/.exec(message)?.[1];
      if (about) facts.invalidAbout ??= about;
    }
    current = value.cause;
  }
  return facts;
}

/** Keeps only short machine words (OAuth error codes); anything else is dropped. */
function safeWord(value: string): string | undefined {
  return /^[A-Za-z0-9_.:-]{1,64}$/.test(value) ? value : undefined;
}

function summarize(facts: ErrorFacts): Error {
  const parts = [
    facts.clientCode,
    facts.oauthError ? `error=${facts.oauthError}` : undefined,
    facts.status === undefined ? undefined : `status=${facts.status}`,
    facts.networkCode,
    facts.timeout ? 'timeout' : undefined,
    facts.aborted ? 'aborted' : undefined,
  ].filter((part): part is string => part !== undefined);
  const summary = new Error(parts.join(' ') || 'oauth error');
  summary.name = facts.name;
  return summary;
}

function ownError(error: unknown): SwitchboardError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth += 1) {
    if (current instanceof SwitchboardError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
