import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { APICallError, generateText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCloudHostsFetch } from '../src/upstreams/create-host-mapping-fetch.js';
import { startFakeUpstream } from '../src/upstreams/start-fake-upstream.js';
import type { FakeUpstream } from '../src/upstreams/types.js';

const ACCESS_KEY_ID = 'AKIARULESRULES00001';
const SECRET = 'rules-secret-canary-7f3a';
const TEMPORARY_KEY_ID = 'ASIARULESTEMPORARY01';
const PROFILE_ID = 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0';

let upstream: FakeUpstream;
let mappedFetch: typeof fetch;
beforeAll(async () => {
  upstream = await startFakeUpstream({
    expectedCredentials: { bedrock: [ACCESS_KEY_ID, TEMPORARY_KEY_ID] },
    awsSecretAccessKeys: { [ACCESS_KEY_ID]: SECRET, [TEMPORARY_KEY_ID]: SECRET },
  });
  mappedFetch = createCloudHostsFetch(upstream);
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

/** A client that builds the real regional host itself and signs for `signingRegion`. */
function bedrockAt(hostRegion: string, signingRegion = hostRegion, secretAccessKey = SECRET) {
  return createAmazonBedrock({
    region: signingRegion,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey,
    baseURL: `https://bedrock-runtime.${hostRegion}.amazonaws.com`,
    fetch: mappedFetch,
  });
}

async function failure(promise: Promise<unknown>): Promise<APICallError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(APICallError.isInstance(caught)).toBe(true);
  return caught as APICallError;
}

describe('fake Bedrock holds requests to SigV4 and inference-profile rules', () => {
  it('accepts a request signed for the region of the host it went to', async () => {
    const answer = await generateText({ model: bedrockAt('eu-west-1')(PROFILE_ID), prompt: 'hi' });
    expect(answer.text).toBe(`[bedrock:${PROFILE_ID}] you said: hi`);
    expect(upstream.lastRequest('bedrock')?.headers['x-forwarded-host']).toBe(
      'bedrock-runtime.eu-west-1.amazonaws.com',
    );
  });

  it('refuses a signature scoped to another region than the host (403 InvalidSignatureException)', async () => {
    const refused = await failure(
      generateText({ model: bedrockAt('eu-west-1', 'us-east-1')(PROFILE_ID), prompt: 'x', maxRetries: 0 }),
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.responseHeaders?.['x-amzn-errortype']).toMatch(/^InvalidSignatureException/);
    expect(refused.responseBody).toContain('Credential should be scoped to a valid region');
  });

  it('refuses temporary credentials (ASIA…) sent without their session token', async () => {
    const temporary = createAmazonBedrock({
      region: 'eu-west-1',
      accessKeyId: TEMPORARY_KEY_ID,
      secretAccessKey: SECRET,
      baseURL: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
      fetch: mappedFetch,
    });
    const refused = await failure(generateText({ model: temporary(PROFILE_ID), prompt: 'x', maxRetries: 0 }));
    expect(refused.statusCode).toBe(403);
    expect(refused.responseHeaders?.['x-amzn-errortype']).toMatch(/^UnrecognizedClientException/);
    const withToken = createAmazonBedrock({
      region: 'eu-west-1',
      accessKeyId: TEMPORARY_KEY_ID,
      secretAccessKey: SECRET,
      sessionToken: 'session-token-of-the-role',
      baseURL: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
      fetch: mappedFetch,
    });
    expect((await generateText({ model: withToken(PROFILE_ID), prompt: 'hi' })).text).toContain('you said: hi');
  });

  it('recomputes the signature with the secret and refuses a wrong one', async () => {
    const refused = await failure(
      generateText({
        model: bedrockAt('eu-west-1', 'eu-west-1', 'wrong-secret')(PROFILE_ID),
        prompt: 'x',
        maxRetries: 0,
      }),
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.responseBody).toContain('does not match the signature you provided');
    expect(refused.responseBody).not.toContain(SECRET);
  });

  it.each([
    [
      'a base model id where Bedrock requires an inference profile',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
      'with on-demand throughput isn’t supported',
    ],
    [
      'a profile of a geography the host region is not in',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'The provided model identifier is invalid.',
    ],
  ])('refuses %s (400 ValidationException)', async (_case, modelId, message) => {
    const refused = await failure(generateText({ model: bedrockAt('eu-west-1')(modelId), prompt: 'x', maxRetries: 0 }));
    expect(refused.statusCode).toBe(400);
    expect(refused.responseHeaders?.['x-amzn-errortype']).toMatch(/^ValidationException/);
    expect(refused.responseBody).toContain(message);
  });

  it('still serves base ids of models that are offered on demand', async () => {
    const answer = await generateText({ model: bedrockAt('us-west-2')('amazon.nova-pro-v1:0'), prompt: 'nova' });
    expect(answer.text).toBe('[bedrock:amazon.nova-pro-v1:0] you said: nova');
  });
});
