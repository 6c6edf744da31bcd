import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '../errors.js';
import { scrubServerText } from '../internal/redact-secrets.js';
import { isTerminalAuthError, mapOAuthError } from './map-oauth-error.js';

const CODE = 'canary-code-5d1f0e77a9';

async function openidClient(): Promise<typeof import('openid-client')> {
  return import('openid-client');
}

/** A real openid-client error: an authorization response rejected by openid-client itself. */
async function authorizationResponseError(query: string): Promise<unknown> {
  const client = await openidClient();
  const configuration = new client.Configuration(
    {
      issuer: 'http://127.0.0.1:1',
      authorization_endpoint: 'http://127.0.0.1:1/auth',
      token_endpoint: 'http://127.0.0.1:1/token',
    },
    'client',
  );
  client.allowInsecureRequests(configuration);
  try {
    await client.authorizationCodeGrant(configuration, new URL(`http://127.0.0.1:9/callback?${query}`), {
      expectedState: 'expected',
      pkceCodeVerifier: 'v'.repeat(43),
    });
  } catch (error) {
    return error;
  }
  throw new Error('expected openid-client to reject');
}

async function responseBodyError(status: number, body: Record<string, string>): Promise<unknown> {
  const client = await openidClient();
  return new client.ResponseBodyError('server responded with an error in the response body', {
    cause: body,
    response: new Response(JSON.stringify(body), { status }),
  });
}

function shown(error: SwitchboardError): string {
  return `${error.message}\n${JSON.stringify(error)}\n${inspect(error, { depth: Infinity, showHidden: true })}`;
}

describe('mapOAuthError', () => {
  it('maps openid-client state mismatch to OAUTH_STATE_MISMATCH without carrying the code along', async () => {
    const raw = await authorizationResponseError(`code=${CODE}&state=attacker`);
    // The library's own error holds the response parameters…
    expect(inspect(raw, { depth: Infinity })).toContain(CODE);
    const error = mapOAuthError(raw, { operation: 'code_exchange' });
    expect(error.code).toBe('OAUTH_STATE_MISMATCH');
    // …the mapped one does not, not even in its cause.
    expect(shown(error)).not.toContain(CODE);
  });

  it('maps an issuer mix-up to OAUTH_FAILED', async () => {
    const error = mapOAuthError(await authorizationResponseError(`code=${CODE}&state=expected&iss=http://evil`), {
      operation: 'code_exchange',
    });
    expect(error.code).toBe('OAUTH_FAILED');
    expect(error.message).toMatch(/different issuer/);
    expect(shown(error)).not.toContain(CODE);
  });

  it('maps invalid_grant by operation: terminal SESSION_EXPIRED on refresh, OAUTH_FAILED on code exchange', async () => {
    const raw = await responseBodyError(400, { error: 'invalid_grant', error_description: 'grant request is invalid' });
    const refresh = mapOAuthError(raw, { operation: 'refresh', provider: 'openai' });
    expect(refresh.code).toBe('SESSION_EXPIRED');
    expect(refresh.isRetryable).toBe(false);
    expect(refresh.hint).toBe('sb auth login openai');
    expect(isTerminalAuthError(refresh)).toBe(true);
    const exchange = mapOAuthError(raw, { operation: 'code_exchange' });
    expect(exchange.code).toBe('OAUTH_FAILED');
    expect(exchange.message).toContain('grant request is invalid');
    expect(isTerminalAuthError(exchange)).toBe(false);
  });

  it('scrubs known secrets and token-shaped text from server descriptions', async () => {
    const refreshToken = 'rt-canary-1234';
    const raw = await responseBodyError(400, {
      error: 'invalid_grant',
      error_description: `refresh token ${refreshToken} is unknown; jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl rejected`,
    });
    const error = mapOAuthError(raw, { operation: 'code_exchange', secrets: [refreshToken] });
    expect(error.message).not.toContain(refreshToken);
    expect(error.message).not.toContain('eyJhbGci');
    expect(error.message).toContain('[redacted]');
    expect(shown(error)).not.toContain(refreshToken);
  });

  it('maps 5xx and temporarily_unavailable to retryable PROVIDER_UNAVAILABLE, 429 to RATE_LIMITED', async () => {
    const server = mapOAuthError(await responseBodyError(503, { error: 'temporarily_unavailable' }), {
      operation: 'refresh',
    });
    expect(server.code).toBe('PROVIDER_UNAVAILABLE');
    expect(server.isRetryable).toBe(true);
    expect(server.status).toBe(503);
    expect(mapOAuthError(await responseBodyError(429, { error: 'too_many' }), { operation: 'refresh' }).code).toBe(
      'RATE_LIMITED',
    );
  });

  it('maps access_denied, expired_token, invalid_client and invalid_scope', async () => {
    expect(
      mapOAuthError(await responseBodyError(400, { error: 'access_denied' }), { operation: 'device_poll' }).code,
    ).toBe('OAUTH_FAILED');
    const expired = mapOAuthError(await responseBodyError(400, { error: 'expired_token' }), {
      operation: 'device_poll',
    });
    expect(expired.code).toBe('TIMEOUT');
    expect(expired.isRetryable).toBe(false);
    expect(
      mapOAuthError(await responseBodyError(401, { error: 'invalid_client' }), { operation: 'client_credentials' })
        .code,
    ).toBe('AUTH_FAILED');
    expect(
      mapOAuthError(await responseBodyError(400, { error: 'invalid_scope' }), { operation: 'client_credentials' }).code,
    ).toBe('INVALID_CONFIG');
  });

  it('maps a refused connection (real fetch) to NETWORK', async () => {
    const { createServer } = await import('node:http');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const port = typeof address === 'object' && address ? address.port : 0;
    const raw = await fetch(`http://127.0.0.1:${port}/token`).catch((error: unknown) => error);
    const error = mapOAuthError(raw, { operation: 'refresh' });
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('tells TIMEOUT from CANCELLED by the aborted signal', () => {
    const timedOut = AbortSignal.abort(new DOMException('timed out', 'TimeoutError'));
    expect(mapOAuthError(new Error('x'), { operation: 'refresh', signal: timedOut }).code).toBe('TIMEOUT');
    const cancelled = AbortSignal.abort();
    const error = mapOAuthError(new Error('x'), { operation: 'refresh', signal: cancelled });
    expect(error.code).toBe('CANCELLED');
    expect(error.isRetryable).toBe(false);
  });

  it('passes a SwitchboardError through unchanged', () => {
    const original = new SwitchboardError('INVALID_INPUT', 'x');
    expect(mapOAuthError(original, { operation: 'refresh' })).toBe(original);
  });
});

describe('scrubServerText', () => {
  it('drops control characters and caps the length', () => {
    expect(scrubServerText('a\u0000b\nc')).toBe('a b c');
    expect(scrubServerText('word '.repeat(100)).length).toBeLessThanOrEqual(200);
  });
});
