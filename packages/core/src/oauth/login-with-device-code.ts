import { SwitchboardError } from '../errors.js';
import { abortableSleep } from '../internal/abortable-sleep.js';
import { createOAuthConfiguration, type OAuthConnectionOptions } from './create-oauth-configuration.js';
import { mapOAuthError } from './map-oauth-error.js';
import { toTokenSet } from './to-token-set.js';
import type { LoginEvent, TokenSet } from './types.js';

/** Options of {@link loginWithDeviceCode}. */
export interface LoginWithDeviceCodeOptions extends OAuthConnectionOptions {
  /** Progress: `device_code` (once), `waiting` (after a slow_down). */
  onEvent?: (event: LoginEvent) => void;
  /** Cancels the login (→ `CANCELLED`). */
  signal?: AbortSignal;
  /** Gives up waiting for the user after this long, if sooner than the code's expiry (→ `TIMEOUT`). */
  timeoutMs?: number;
  /** Timeout of each request to the authorization server. Default 30 s. */
  requestTimeoutMs?: number;
  /** Clock (epoch ms) for the device code's expiry and `expiresAt`. Default `Date.now`. */
  now?: () => number;
  /** Waits between polls. Default: a real, abortable timer. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.2: clients use 5 s when the server sends no interval. */
const DEFAULT_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: slow_down adds 5 s to the interval. */
const SLOW_DOWN_SECONDS = 5;
/** Transient failures in a row (5xx, network, a poll timing out) before the login gives up. */
const MAX_TRANSIENT_FAILURES = 4;
const MAX_BACKOFF_SECONDS = 60;

/**
 * The device authorization grant (RFC 8628): requests a device code, reports the
 * verification URI and user code (`device_code` event), then polls the token endpoint,
 * waiting `interval` between polls, honoring `authorization_pending` and `slow_down`
 * (+5 s), until the user approves, denies (`OAUTH_FAILED`) or the code expires (`TIMEOUT`).
 * A failing poll (5xx, network, timeout) is retried with exponential back-off, a few times.
 * @throws SwitchboardError `TIMEOUT`, `OAUTH_FAILED`, `CANCELLED`, `NETWORK`,
 *   `PROVIDER_UNAVAILABLE`, `UNSUPPORTED_METHOD` (server has no device endpoint).
 */
export async function loginWithDeviceCode(options: LoginWithDeviceCodeOptions): Promise<TokenSet> {
  const client = await import('openid-client');
  const { profile } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const configuration = await createOAuthConfiguration({
    ...options,
    requiredEndpoints: ['deviceAuthorization', 'token'],
  });
  configuration.timeout = (options.requestTimeoutMs ?? 30_000) / 1000;
  const context = { provider: options.provider, signal: options.signal, secrets: [profile.clientSecret] };

  const parameters: Record<string, string> = {};
  if (profile.scopes.length > 0) parameters.scope = profile.scopes.join(' ');
  if (profile.audience) parameters.audience = profile.audience;
  let authorization;
  try {
    authorization = await client.initiateDeviceAuthorization(configuration, parameters);
  } catch (error) {
    throw mapOAuthError(error, { ...context, operation: 'device_authorization' });
  }

  const expiresAt = now() + authorization.expires_in * 1000;
  const giveUpAt = Math.min(expiresAt, options.timeoutMs === undefined ? Infinity : now() + options.timeoutMs);
  let intervalSeconds = authorization.interval ?? DEFAULT_INTERVAL_SECONDS;
  options.onEvent?.({
    type: 'device_code',
    verificationUri: authorization.verification_uri,
    ...(authorization.verification_uri_complete
      ? { verificationUriComplete: authorization.verification_uri_complete }
      : {}),
    userCode: authorization.user_code,
    expiresAt,
    intervalSeconds,
  });
  const secrets = [...context.secrets, authorization.device_code];
  let transientFailures = 0;

  for (;;) {
    // RFC 8628 §3.5: back off exponentially while the server is failing.
    const waitSeconds = Math.min(
      intervalSeconds * 2 ** transientFailures,
      Math.max(intervalSeconds, MAX_BACKOFF_SECONDS),
    );
    if (now() + waitSeconds * 1000 > giveUpAt) {
      throw new SwitchboardError(
        'TIMEOUT',
        `The device code ${giveUpAt < expiresAt ? 'was not approved in time' : 'expired before the sign-in was completed'}. Run the login again${options.provider ? `: sb auth login ${options.provider} --method device` : ''}.`,
        { provider: options.provider, isRetryable: false },
      );
    }
    try {
      await sleep(waitSeconds * 1000, options.signal);
    } catch (error) {
      throw mapOAuthError(error, { ...context, operation: 'device_poll', secrets });
    }
    try {
      const response = await client.genericGrantRequest(configuration, DEVICE_CODE_GRANT, {
        device_code: authorization.device_code,
      });
      return toTokenSet(response, now);
    } catch (error) {
      const oauthError = error instanceof client.ResponseBodyError ? error.error : undefined;
      if (oauthError === 'authorization_pending') {
        transientFailures = 0;
        continue;
      }
      if (oauthError === 'slow_down') {
        transientFailures = 0;
        intervalSeconds += SLOW_DOWN_SECONDS;
        options.onEvent?.({
          type: 'waiting',
          message: `The server asked to poll more slowly; checking every ${intervalSeconds} s.`,
        });
        continue;
      }
      const mapped = mapOAuthError(error, { ...context, operation: 'device_poll', secrets });
      // The user may already have approved: one failed poll must not throw the login away.
      if (mapped.isRetryable && !options.signal?.aborted && transientFailures < MAX_TRANSIENT_FAILURES) {
        transientFailures += 1;
        continue;
      }
      throw mapped;
    }
  }
}
