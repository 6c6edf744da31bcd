import { describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDER_PROFILES } from '../catalog/provider-profiles.js';
import { resolveConfig } from '../config/load-config.js';
import { deriveIssuerEndpoints } from './derive-issuer-endpoints.js';

describe('deriveIssuerEndpoints', () => {
  it('gives the built-in ChatGPT profile the Codex CLI endpoints under auth.openai.com', () => {
    expect(deriveIssuerEndpoints(BUILTIN_PROVIDER_PROFILES.openai.oauth!)).toMatchObject({
      authorizationEndpoint: 'https://auth.openai.com/oauth/authorize',
      tokenEndpoint: 'https://auth.openai.com/oauth/token',
      revocationEndpoint: 'https://auth.openai.com/oauth/revoke',
    });
  });

  it('moves every endpoint when config.toml overrides only the issuer; explicit endpoints still win', () => {
    const config = resolveConfig({
      providers: {
        openai: { oauth: { issuer: 'https://login.example.com/', token_endpoint: 'https://t.example/tok' } },
      },
    });
    expect(deriveIssuerEndpoints(config.providers.openai.oauth!)).toMatchObject({
      authorizationEndpoint: 'https://login.example.com/oauth/authorize',
      tokenEndpoint: 'https://t.example/tok',
      revocationEndpoint: 'https://login.example.com/oauth/revoke',
    });
  });

  it('leaves profiles without issuer paths to discovery', () => {
    const google = BUILTIN_PROVIDER_PROFILES.google.oauth!;
    expect(deriveIssuerEndpoints({ ...google, tokenEndpoint: undefined })).toEqual({
      ...google,
      tokenEndpoint: undefined,
    });
  });
});
