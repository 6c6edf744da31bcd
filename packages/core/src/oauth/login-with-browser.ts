import { createAuthorizationRequest } from './create-authorization-request.js';
import { createOAuthConfiguration, type OAuthConnectionOptions } from './create-oauth-configuration.js';
import { exchangeAuthorizationCode } from './exchange-authorization-code.js';
import { startLoopbackListener } from './loopback-listener.js';
import type { LoginEvent, TokenSet } from './types.js';

/** Options of {@link loginWithBrowser}. */
export interface LoginWithBrowserOptions extends OAuthConnectionOptions {
  /**
   * Opens the URL in the user's browser; resolves false when it could not (the user can
   * still open the URL by hand). Absent = `--no-browser`: the URL is only reported.
   */
  openUrl?: (url: string) => Promise<boolean>;
  /** Progress: `open_url` (always), `browser_failed`, `waiting`. */
  onEvent?: (event: LoginEvent) => void;
  /** Cancels the login (→ `CANCELLED`). */
  signal?: AbortSignal;
  /** How long to wait for the user to finish in the browser. Default 5 minutes. */
  timeoutMs?: number;
  /** Timeout of each request to the authorization server. Default 30 s. */
  requestTimeoutMs?: number;
  /** Clock (epoch ms) for `expiresAt`. Default `Date.now`. */
  now?: () => number;
}

/**
 * The authorization code flow with PKCE (S256), state (and nonce for OIDC) and a loopback
 * redirect on loopback (RFC 8252; `http://127.0.0.1:…` or, where the profile says so,
 * `http://localhost:…`): reports the URL, asks `openUrl` to open it, waits for
 * the callback, exchanges the code and returns the tokens (`claims` from the validated
 * id_token when there is one).
 * @throws SwitchboardError `OAUTH_FAILED`, `TIMEOUT`, `CANCELLED`,
 *   `NETWORK`, `PROVIDER_UNAVAILABLE`, `INVALID_CONFIG`.
 */
export async function loginWithBrowser(options: LoginWithBrowserOptions): Promise<TokenSet> {
  const client = await import('openid-client');
  const { profile } = options;
  const now = options.now ?? Date.now;
  const configuration = await createOAuthConfiguration({
    ...options,
    requiredEndpoints: ['authorization', 'token'],
  });
  configuration.timeout = (options.requestTimeoutMs ?? 30_000) / 1000;

  const state = client.randomState();
  const listener = await startLoopbackListener({
    ...(profile.redirectPort === undefined ? {} : { port: profile.redirectPort }),
    ...(profile.fallbackPorts ? { fallbackPorts: profile.fallbackPorts } : {}),
    ...(profile.redirectPath ? { path: profile.redirectPath } : {}),
    ...(profile.redirectHost ? { host: profile.redirectHost } : {}),
    expectedState: state,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.provider ? { provider: options.provider } : {}),
  });
  let finished = false;
  try {
    const request = await createAuthorizationRequest({
      configuration,
      profile,
      redirectUri: listener.redirectUri,
      state,
    });
    options.onEvent?.({ type: 'open_url', url: request.url, redirectUri: request.redirectUri });
    if (options.openUrl) {
      // Not awaited before listening: an opener that hangs must not block the login.
      const browserFailed = (): void => {
        if (!finished) options.onEvent?.({ type: 'browser_failed', url: request.url });
      };
      options.openUrl(request.url).then((opened) => {
        if (!opened) browserFailed();
      }, browserFailed);
    }
    options.onEvent?.({ type: 'waiting', message: 'Waiting for the sign-in to finish in the browser…' });
    const callbackUrl = await listener.callback;
    return await exchangeAuthorizationCode({
      configuration,
      request,
      callbackUrl,
      now,
      provider: options.provider,
      secrets: [profile.clientSecret],
      signal: options.signal,
    });
  } finally {
    finished = true;
    await listener.close();
  }
}
