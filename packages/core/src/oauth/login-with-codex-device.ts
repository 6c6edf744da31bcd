import { SwitchboardError } from '../errors.js';
import { abortableSleep } from '../internal/abortable-sleep.js';
import { createOAuthConfiguration } from './create-oauth-configuration.js';
import type { LoginWithDeviceCodeOptions } from './login-with-device-code.js';
import { mapOAuthError } from './map-oauth-error.js';
import { createRequestDeadline } from './request-deadline.js';
import { toTokenSet } from './to-token-set.js';
import type { TokenSet } from './types.js';

/** Options of {@link loginWithCodexDevice}: those of the RFC 8628 flow. */
export type LoginWithCodexDeviceOptions = LoginWithDeviceCodeOptions;

/** The Codex CLI gives up after 15 minutes; the code shown says it expires then. */
const MAX_WAIT_MS = 15 * 60_000;
const DEFAULT_INTERVAL_SECONDS = 5;
/** Transient failures in a row (5xx, network, a poll timing out) before the login gives up. */
const MAX_TRANSIENT_FAILURES = 4;

interface UserCodeAnswer {
  deviceAuthId: string;
  userCode: string;
  intervalSeconds: number;
}

interface CodeAnswer {
  authorizationCode: string;
  codeVerifier: string;
}

/**
 * ChatGPT's device sign-in, the Codex CLI's own protocol (not RFC 8628; openai/codex
 * codex-rs/login/src/device_code_auth.rs):
 * 1. POST `{issuer}/api/accounts/deviceauth/usercode` `{client_id}` →
 *    `{device_auth_id, user_code, interval}` (interval may be a string);
 * 2. the user opens `{issuer}/codex/device` and enters the code (`device_code` event);
 * 3. poll POST `{issuer}/api/accounts/deviceauth/token` `{device_auth_id, user_code}`:
 *    403/404 = not approved yet; 200 → `{authorization_code, code_verifier, …}`;
 * 4. exchange the code at the token endpoint with `redirect_uri={issuer}/deviceauth/callback`
 *    and the verifier the server returned.
 * @throws SwitchboardError `UNSUPPORTED_METHOD` (no device login on this server), `TIMEOUT`,
 *   `OAUTH_FAILED`, `CANCELLED`, `NETWORK`, `PROVIDER_UNAVAILABLE`.
 */
export async function loginWithCodexDevice(options: LoginWithCodexDeviceOptions): Promise<TokenSet> {
  const { profile } = options;
  const provider = options.provider;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  if (!profile.issuer || !profile.clientId) {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `Device sign-in needs issuer and client_id under [providers.${provider ?? '<provider>'}.oauth] in config.toml.`,
      { provider, isRetryable: false },
    );
  }
  const base = profile.issuer.replace(/\/+$/, '');
  const post = (path: string, body: Record<string, string>): Promise<Response> =>
    postJson(options, `${base}/api/accounts${path}`, body);

  const started = await post('/deviceauth/usercode', { client_id: profile.clientId }).catch((error: unknown) => {
    throw mapOAuthError(error, { operation: 'device_authorization', provider, signal: options.signal });
  });
  if (started.status === 404) {
    await started.body?.cancel();
    throw new SwitchboardError(
      'UNSUPPORTED_METHOD',
      `This sign-in server (${base}) does not offer device login. Use the browser or paste method instead.`,
      { provider, isRetryable: false, status: 404 },
    );
  }
  const code = await readUserCode(started, provider);
  const startedAt = now();
  const expiresAt = startedAt + MAX_WAIT_MS;
  const giveUpAt = Math.min(expiresAt, options.timeoutMs === undefined ? Infinity : startedAt + options.timeoutMs);
  options.onEvent?.({
    type: 'device_code',
    verificationUri: `${base}/codex/device`,
    userCode: code.userCode,
    expiresAt,
    intervalSeconds: code.intervalSeconds,
  });

  const secrets = [code.deviceAuthId];
  let transientFailures = 0;
  let approved: CodeAnswer | undefined;
  while (!approved) {
    const waitMs = code.intervalSeconds * 1000 * 2 ** transientFailures;
    if (now() + waitMs > giveUpAt) {
      throw new SwitchboardError(
        'TIMEOUT',
        `The device code was not approved in time. Run the login again${provider ? `: sb auth login ${provider} --method device` : ''}.`,
        { provider, isRetryable: false },
      );
    }
    try {
      await sleep(waitMs, options.signal);
      const poll = await post('/deviceauth/token', { device_auth_id: code.deviceAuthId, user_code: code.userCode });
      if (poll.status === 403 || poll.status === 404) {
        await poll.body?.cancel();
        transientFailures = 0;
        continue;
      }
      if (poll.ok) {
        approved = await readCode(poll, provider);
        break;
      }
      await poll.body?.cancel();
      if (poll.status < 500 && poll.status !== 429) {
        throw new SwitchboardError(
          'OAUTH_FAILED',
          `The device login failed at the sign-in server (HTTP ${poll.status}). Run the login again.`,
          { provider, isRetryable: false, status: poll.status },
        );
      }
      throw new SwitchboardError('PROVIDER_UNAVAILABLE', `The sign-in server failed (HTTP ${poll.status}).`, {
        provider,
        status: poll.status,
      });
    } catch (error) {
      const mapped = mapOAuthError(error, { operation: 'device_poll', provider, signal: options.signal, secrets });
      // The user may already have approved: one failed poll must not throw the login away.
      if (mapped.isRetryable && !options.signal?.aborted && transientFailures < MAX_TRANSIENT_FAILURES) {
        transientFailures += 1;
        continue;
      }
      throw mapped;
    }
  }

  const configuration = await createOAuthConfiguration({ ...options, requiredEndpoints: ['token'] });
  configuration.timeout = (options.requestTimeoutMs ?? 30_000) / 1000;
  const client = await import('openid-client');
  try {
    const response = await client.genericGrantRequest(configuration, 'authorization_code', {
      code: approved.authorizationCode,
      redirect_uri: `${base}/deviceauth/callback`,
      code_verifier: approved.codeVerifier,
    });
    return toTokenSet(response, now);
  } catch (error) {
    throw mapOAuthError(error, {
      operation: 'code_exchange',
      provider,
      signal: options.signal,
      secrets: [approved.authorizationCode, approved.codeVerifier, ...secrets],
    });
  }
}

async function postJson(
  options: LoginWithCodexDeviceOptions,
  url: string,
  body: Record<string, string>,
): Promise<Response> {
  const deadline = createRequestDeadline(options.requestTimeoutMs ?? 30_000, options.signal);
  try {
    const response = await options.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: deadline.signal,
    });
    // Read now, inside the deadline; the caller gets a buffered copy.
    const text = await response.text();
    return new Response(response.status === 204 ? null : text, {
      status: response.status,
      headers: response.headers,
    });
  } finally {
    deadline.dispose();
  }
}

async function readJsonObject(response: Response, provider: string | undefined): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok || body === null || typeof body !== 'object') {
    throw new SwitchboardError(
      response.status >= 500 ? 'PROVIDER_UNAVAILABLE' : 'OAUTH_FAILED',
      `The sign-in server sent an unusable answer to the device login (HTTP ${response.status}).`,
      { provider, status: response.status, ...(response.status >= 500 ? {} : { isRetryable: false }) },
    );
  }
  return body as Record<string, unknown>;
}

async function readUserCode(response: Response, provider: string | undefined): Promise<UserCodeAnswer> {
  const body = await readJsonObject(response, provider);
  // The Codex CLI accepts `user_code` and `usercode`, and an interval sent as a string.
  const userCode = [body.user_code, body.usercode].find((value) => typeof value === 'string' && value.length > 0);
  const interval = Number(typeof body.interval === 'string' ? body.interval.trim() : body.interval);
  if (typeof body.device_auth_id !== 'string' || typeof userCode !== 'string') {
    throw new SwitchboardError('OAUTH_FAILED', 'The sign-in server sent an incomplete device code.', {
      provider,
      isRetryable: false,
    });
  }
  return {
    deviceAuthId: body.device_auth_id,
    userCode,
    intervalSeconds: Number.isFinite(interval) && interval > 0 ? interval : DEFAULT_INTERVAL_SECONDS,
  };
}

async function readCode(response: Response, provider: string | undefined): Promise<CodeAnswer> {
  const body = await readJsonObject(response, provider);
  if (typeof body.authorization_code !== 'string' || typeof body.code_verifier !== 'string') {
    throw new SwitchboardError('OAUTH_FAILED', 'The sign-in server approved the device but sent no code.', {
      provider,
      isRetryable: false,
    });
  }
  return { authorizationCode: body.authorization_code, codeVerifier: body.code_verifier };
}
