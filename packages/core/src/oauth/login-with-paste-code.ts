import { randomInt } from 'node:crypto';
import type { OAuthProfile } from '../catalog/provider-profiles.js';
import { SwitchboardError, isSwitchboardError } from '../errors.js';
import { createAuthorizationRequest } from './create-authorization-request.js';
import { createOAuthConfiguration, type OAuthConnectionOptions } from './create-oauth-configuration.js';
import { exchangeAuthorizationCode } from './exchange-authorization-code.js';
import { parsePastedAuthorizationResponse } from './parse-pasted-authorization-response.js';
import type { LoginEvent, TokenSet } from './types.js';

/** Options of {@link loginWithPasteCode}. */
export interface LoginWithPasteCodeOptions extends OAuthConnectionOptions {
  /** Reads one line from the user (the pasted address or code). */
  readInput: (prompt: string) => Promise<string>;
  /** Progress: `paste_prompt`. */
  onEvent?: (event: LoginEvent) => void;
  /** Cancels the login (→ `CANCELLED`). */
  signal?: AbortSignal;
  /** How long to wait for the paste. Default 5 minutes (→ `TIMEOUT`). */
  timeoutMs?: number;
  /** Timeout of each request to the authorization server. Default 30 s. */
  requestTimeoutMs?: number;
  /**
   * redirect_uri to use instead of the loopback one, for providers that host a page showing
   * the code. Default `http://<redirect_host>:<redirect_port><redirect_path>`.
   */
  redirectUri?: string;
  /** How many unusable pastes are re-prompted before giving up. Default 3. */
  attempts?: number;
  /** Clock (epoch ms) for `expiresAt`. Default `Date.now`. */
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/**
 * The authorization code flow (PKCE S256, state, nonce for OIDC) for SSH and headless
 * machines: reports the URL (`paste_prompt`), and reads back what the user pasted: the
 * address the browser ended on (a loopback redirect that fails to load on the user's own
 * machine, which is expected) or the bare code. The state of a pasted address is verified;
 * the code is exchanged with the same redirect_uri the authorization request sent.
 * @throws SwitchboardError `OAUTH_STATE_MISMATCH`, `INVALID_INPUT`, `OAUTH_FAILED`,
 *   `TIMEOUT`, `CANCELLED`, `NETWORK`, `PROVIDER_UNAVAILABLE`.
 */
export async function loginWithPasteCode(options: LoginWithPasteCodeOptions): Promise<TokenSet> {
  const { profile } = options;
  const now = options.now ?? Date.now;
  const configuration = await createOAuthConfiguration({ ...options, requiredEndpoints: ['authorization', 'token'] });
  configuration.timeout = (options.requestTimeoutMs ?? 30_000) / 1000;

  const redirectUri = options.redirectUri ?? pasteRedirectUri(profile);
  const request = await createAuthorizationRequest({ configuration, profile, redirectUri });
  options.onEvent?.({ type: 'paste_prompt', url: request.url, redirectUri });

  const attempts = Math.max(1, options.attempts ?? 3);
  const deadline = now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (let attempt = 1; ; attempt += 1) {
    const prompt =
      attempt === 1
        ? 'After signing in, paste the address your browser ended on (or the code shown): '
        : 'That did not work. Paste the full address from the browser (or the code): ';
    const input = await readWithin(options, prompt, deadline - now());
    let pasted;
    try {
      pasted = parsePastedAuthorizationResponse(input, {
        expectedState: request.state,
        ...(options.provider ? { provider: options.provider } : {}),
      });
    } catch (error) {
      if (isSwitchboardError(error, 'INVALID_INPUT') && attempt < attempts) continue;
      throw error;
    }
    const callbackUrl = new URL(redirectUri);
    callbackUrl.searchParams.set('code', pasted.code);
    // A bare code carries no state; it was just checked (or there was none to check).
    callbackUrl.searchParams.set('state', request.state);
    const issuer =
      pasted.iss ??
      (configuration.serverMetadata().authorization_response_iss_parameter_supported
        ? configuration.serverMetadata().issuer
        : undefined);
    if (issuer) callbackUrl.searchParams.set('iss', issuer);
    return exchangeAuthorizationCode({
      configuration,
      request,
      callbackUrl,
      now,
      provider: options.provider,
      secrets: [profile.clientSecret, input.trim()],
      signal: options.signal,
    });
  }
}

/**
 * The loopback redirect_uri of a paste login. Nothing listens there: the user's browser
 * fails to load it and the user copies it from the address bar.
 */
function pasteRedirectUri(profile: OAuthProfile): string {
  // RFC 8252 loopback redirects accept any port; an ephemeral-port profile gets a random one.
  const port =
    profile.redirectPort || profile.fallbackPorts?.find((candidate) => candidate > 0) || randomInt(49152, 65536);
  // Same host as the browser flow: a server with an exact allow-list (ChatGPT: localhost)
  // refuses any other.
  return `http://${profile.redirectHost ?? '127.0.0.1'}:${port}${profile.redirectPath ?? '/callback'}`;
}

async function readWithin(options: LoginWithPasteCodeOptions, prompt: string, remainingMs: number): Promise<string> {
  const provider = options.provider;
  if (options.signal?.aborted) throw new SwitchboardError('CANCELLED', 'The login was cancelled.', { provider });
  if (remainingMs <= 0) throw timeoutError(options);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      options.readInput(prompt),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(timeoutError(options)), remainingMs);
        onAbort = () => reject(new SwitchboardError('CANCELLED', 'The login was cancelled.', { provider }));
        options.signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}

function timeoutError(options: LoginWithPasteCodeOptions): SwitchboardError {
  return new SwitchboardError('TIMEOUT', 'Nothing was pasted in time. Run the login again when you are ready.', {
    provider: options.provider,
    isRetryable: false,
  });
}
