import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/load-config.js';
import { credentialVariables } from './credential-variables.js';

const providers = resolveConfig({
  providers: { azure: { api_base: 'https://contoso.openai.azure.com/openai' } },
}).providers;

describe('credentialVariables', () => {
  it('puts API keys in the conventional variables of each provider', () => {
    expect(
      credentialVariables({ provider: 'openai', method: 'api-key', apiKey: 'k1', source: 'session' }, providers.openai),
    ).toEqual({ variables: { OPENAI_API_KEY: 'k1' } });
    expect(
      credentialVariables(
        { provider: 'anthropic', method: 'api-key', apiKey: 'k2', source: 'session' },
        providers.anthropic,
      ),
    ).toEqual({
      variables: { ANTHROPIC_API_KEY: 'k2', CLAUDE_API_KEY: 'k2' },
    });
    expect(
      credentialVariables({ provider: 'google', method: 'api-key', apiKey: 'k3', source: 'session' }, providers.google),
    ).toMatchObject({
      variables: { GEMINI_API_KEY: 'k3', GOOGLE_API_KEY: 'k3' },
    });
    expect(
      credentialVariables(
        { provider: 'mistral', method: 'api-key', apiKey: 'k4', source: 'session' },
        providers.mistral,
      ),
    ).toEqual({ variables: { MISTRAL_API_KEY: 'k4' } });
    expect(
      credentialVariables({ provider: 'azure', method: 'api-key', apiKey: 'k5', source: 'session' }, providers.azure),
    ).toEqual({
      variables: {
        AZURE_OPENAI_API_KEY: 'k5',
        AZURE_API_KEY: 'k5',
        AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com',
      },
    });
    expect(
      credentialVariables(
        { provider: 'bedrock', method: 'aws', accessKeyId: 'AKIA1', secretAccessKey: 's', region: 'eu-west-1' },
        providers.bedrock,
      ),
    ).toEqual({
      variables: { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's', AWS_REGION: 'eu-west-1' },
    });
  });

  it('never exports a sign-in, Entra or service-account token as an API key', () => {
    for (const [provider, method] of [
      ['openai', 'oauth'],
      ['google', 'oauth'],
      ['azure', 'client-credentials'],
      ['vertex', 'client-credentials'],
    ] as const) {
      const result = credentialVariables({ provider, method, accessToken: 'token-CANARY' }, providers[provider]);
      expect(result).toHaveProperty('skipped');
      expect(JSON.stringify(result)).not.toContain('CANARY');
    }
    expect(credentialVariables({ provider: 'anthropic', method: 'claude-code' }, providers.anthropic)).toHaveProperty(
      'skipped',
    );
  });

  it("an organisation's Anthropic OAuth token is a Bearer token: ANTHROPIC_AUTH_TOKEN, never ANTHROPIC_API_KEY", () => {
    expect(
      credentialVariables({ provider: 'anthropic', method: 'oauth', accessToken: 't' }, providers.anthropic),
    ).toEqual({ variables: { ANTHROPIC_AUTH_TOKEN: 't' } });
  });
});
