import { createCloudHostsFetch, startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDER_PROFILES, type AdapterCallContext, type ResolvedCredential } from '../src/index.js';
import { createBedrockRuntime } from '../src/providers/create-bedrock-runtime.js';
import { userRequest } from './providers-fixtures.js';

const ACCESS_KEY_ID = 'AKIAREGIONREGION0001';
const SECRET = 'PLANTED-CANARY-aws-secret-51c2';
const API_KEY = 'PLANTED-CANARY-bedrock-api-key-9d0e';
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

let upstream: FakeUpstream;
let mappedFetch: typeof fetch;
beforeAll(async () => {
  upstream = await startFakeUpstream({
    expectedCredentials: { bedrock: [ACCESS_KEY_ID, API_KEY] },
    awsSecretAccessKeys: { [ACCESS_KEY_ID]: SECRET },
  });
  // The runtime builds the real regional host; this fetch carries it to the fake, which judges
  // host, signature region and model id by that host.
  mappedFetch = createCloudHostsFetch(upstream);
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

const aws: ResolvedCredential = {
  provider: 'bedrock',
  method: 'aws',
  accessKeyId: ACCESS_KEY_ID,
  secretAccessKey: SECRET,
};

function context(overrides: Partial<AdapterCallContext> = {}): AdapterCallContext {
  return {
    route: {
      model: 'claude-sonnet-4-5',
      provider: 'bedrock',
      method: 'aws',
      upstreamId: SONNET,
      transport: 'bedrock-converse',
    },
    profile: BUILTIN_PROVIDER_PROFILES.bedrock,
    credential: aws,
    fetch: mappedFetch,
    environment: {},
    ...overrides,
  };
}

describe('Bedrock runtime: one region for host and signature, inference profiles from it', () => {
  it('uses the region of config.toml for the host, the SigV4 scope and the profile prefix', async () => {
    const profile = { ...BUILTIN_PROVIDER_PROFILES.bedrock, settings: { region: 'eu-west-1' } };
    const result = await createBedrockRuntime().generate(userRequest('hi'), context({ profile }));
    expect(result.text).toBe(`[bedrock:eu.${SONNET}] you said: hi`);
    const request = upstream.lastRequest('bedrock');
    expect(request?.authorized).toBe(true);
    expect(request?.headers['x-forwarded-host']).toBe('bedrock-runtime.eu-west-1.amazonaws.com');
    expect(request?.headers['authorization']).toMatch(/\/eu-west-1\/bedrock\/aws4_request/);
  });

  it('takes AWS_REGION when config.toml names no region', async () => {
    const result = await createBedrockRuntime().generate(
      userRequest('tokyo'),
      context({ environment: { AWS_REGION: 'ap-northeast-1' } }),
    );
    expect(result.text).toBe(`[bedrock:apac.${SONNET}] you said: tokyo`);
    expect(upstream.lastRequest('bedrock')?.headers['x-forwarded-host']).toBe(
      'bedrock-runtime.ap-northeast-1.amazonaws.com',
    );
  });

  it('sends a Bedrock API key as a Bearer token to the regional host', async () => {
    const result = await createBedrockRuntime().generate(
      userRequest('key'),
      context({
        route: { ...context().route, method: 'api-key' },
        credential: { provider: 'bedrock', method: 'api-key', apiKey: API_KEY, source: 'environment' },
        environment: { AWS_DEFAULT_REGION: 'us-west-2' },
      }),
    );
    expect(result.text).toBe(`[bedrock:us.${SONNET}] you said: key`);
    expect(upstream.lastRequest('bedrock')?.headers['authorization']).toBe(`Bearer ${API_KEY}`);
  });

  it('surfaces the refusal of a per-model override the region cannot use, without the secret', async () => {
    const profile = {
      ...BUILTIN_PROVIDER_PROFILES.bedrock,
      settings: { region: 'eu-west-1', [SONNET]: `us.${SONNET}` },
    };
    const failure = await createBedrockRuntime()
      .generate(userRequest('x'), context({ profile }))
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    expect(failure?.message).toMatch(/model identifier is invalid/);
    expect(JSON.stringify(failure)).not.toContain(SECRET);
  });
});
