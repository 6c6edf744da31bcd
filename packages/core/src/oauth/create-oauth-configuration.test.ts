import { describe, expect, it } from 'vitest';
import { createOAuthConfiguration, isLoopbackUrl } from './create-oauth-configuration.js';
import { switchboardFailure } from '../../test/switchboard-failure.js';

/** Explicit-endpoint profiles must not touch the network: this fetch fails the test if they do. */
const forbiddenFetch: typeof fetch = async (input) => {
  throw new Error(`unexpected request to ${String(input)}`);
};

describe('createOAuthConfiguration', () => {
  it('builds the server metadata from explicit endpoints without discovery', async () => {
    const configuration = await createOAuthConfiguration({
      profile: {
        issuer: 'https://auth.example',
        authorizationEndpoint: 'https://auth.example/oauth/authorize',
        tokenEndpoint: 'https://auth.example/oauth/token',
        clientId: 'public-client',
        scopes: ['openid'],
      },
      fetch: forbiddenFetch,
      requiredEndpoints: ['authorization', 'token'],
    });
    const metadata = configuration.serverMetadata();
    expect(metadata.issuer).toBe('https://auth.example');
    expect(metadata.token_endpoint).toBe('https://auth.example/oauth/token');
    expect(configuration.clientMetadata().client_id).toBe('public-client');
  });

  it('accepts a token-endpoint-only profile (Azure) with a secret', async () => {
    const configuration = await createOAuthConfiguration({
      profile: {
        tokenEndpoint: 'https://login.example/tenant/oauth2/v2.0/token',
        clientId: 'app',
        clientSecret: 's3cret',
        scopes: ['x/.default'],
      },
      fetch: forbiddenFetch,
    });
    expect(configuration.serverMetadata().token_endpoint).toBe('https://login.example/tenant/oauth2/v2.0/token');
    expect(configuration.clientMetadata().client_secret).toBe('s3cret');
  });

  it('refuses plain http to a non-loopback host', async () => {
    const error = await switchboardFailure(
      createOAuthConfiguration({
        profile: { tokenEndpoint: 'http://auth.example/token', clientId: 'c', scopes: [] },
        fetch: forbiddenFetch,
        provider: 'azure',
      }),
    );
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('[providers.azure.oauth]');
  });

  it('requires a client id, and endpoints or an issuer', async () => {
    expect(
      (
        await switchboardFailure(
          createOAuthConfiguration({
            profile: { tokenEndpoint: 'https://a.example/t', scopes: [] },
            fetch: forbiddenFetch,
          }),
        )
      ).code,
    ).toBe('INVALID_CONFIG');
    const missing = await switchboardFailure(
      createOAuthConfiguration({
        profile: { clientId: 'c', scopes: [] },
        fetch: forbiddenFetch,
        requiredEndpoints: ['token'],
      }),
    );
    expect(missing.code).toBe('INVALID_CONFIG');
    expect(missing.message).toContain('token_endpoint');
  });

  it('reports a discovery that cannot connect as NETWORK', async () => {
    const error = await switchboardFailure(
      createOAuthConfiguration({
        profile: { issuer: 'https://auth.example', clientId: 'c', scopes: [] },
        fetch: async () => {
          throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
        },
      }),
    );
    expect(error.code).toBe('NETWORK');
  });
});

describe('isLoopbackUrl', () => {
  it('recognizes loopback hosts only', () => {
    expect(isLoopbackUrl(new URL('http://127.0.0.1:8080/x'))).toBe(true);
    expect(isLoopbackUrl(new URL('http://127.5.6.7/'))).toBe(true);
    expect(isLoopbackUrl(new URL('http://localhost/'))).toBe(true);
    expect(isLoopbackUrl(new URL('http://[::1]:9/'))).toBe(true);
    expect(isLoopbackUrl(new URL('http://127.0.0.1.evil.example/'))).toBe(false);
    expect(isLoopbackUrl(new URL('http://10.0.0.1/'))).toBe(false);
  });
});
