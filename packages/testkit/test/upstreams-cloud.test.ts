import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { createAzure } from '@ai-sdk/azure';
import { createVertex } from '@ai-sdk/google-vertex';
import { createVertexAnthropic } from '@ai-sdk/google-vertex/anthropic';
import { createMistral } from '@ai-sdk/mistral';
import { APICallError, generateText, streamText, tool } from 'ai';
import { OAuth2Client } from 'google-auth-library';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../src/upstreams/start-fake-upstream.js';
import type { FakeUpstream } from '../src/upstreams/types.js';
import { collectFullStream, ignoreStreamError } from './upstreams-helpers.js';

const MISTRAL_KEY = 'mistral-test-key-0001';
const AZURE_KEY = 'azure-test-key-0001';
const AZURE_TOKEN = 'entra-access-token-0001';
const VERTEX_TOKEN = 'ya29.vertex-access-token';
const AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKE0001';
const BEDROCK_API_KEY = 'bedrock-api-key-0001';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({
    expectedCredentials: {
      mistral: MISTRAL_KEY,
      azure: [AZURE_KEY, AZURE_TOKEN],
      vertex: VERTEX_TOKEN,
      bedrock: [AWS_ACCESS_KEY_ID, BEDROCK_API_KEY],
    },
    awsSecretAccessKeys: { [AWS_ACCESS_KEY_ID]: 'fake-secret-key' },
  });
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

describe('fake Mistral, driven by @ai-sdk/mistral', () => {
  const mistral = (apiKey = MISTRAL_KEY) => createMistral({ apiKey, baseURL: upstream.baseUrls.mistral });

  it('generates and streams with usage on the finish chunk', async () => {
    const generated = await generateText({ model: mistral()('mistral-large-latest'), prompt: 'bonjour' });
    expect(generated.text).toBe('[mistral:mistral-large-latest] you said: bonjour');
    const streamed = await collectFullStream(streamText({ model: mistral()('mistral-small-latest'), prompt: 'salut' }));
    expect(streamed.errors).toEqual([]);
    expect(streamed.text).toBe('[mistral:mistral-small-latest] you said: salut');
    expect(streamed.finishReason).toBe('stop');
    expect(streamed.usage?.outputTokens).toBeGreaterThan(0);
    expect(upstream.lastRequest('mistral')?.headers['authorization']).toBe(`Bearer ${MISTRAL_KEY}`);
  });

  it('streams a whole tool call and maps errors', async () => {
    upstream.enqueue(
      'mistral',
      { kind: 'tool-call', name: 'calc', arguments: { x: 1 } },
      { kind: 'error', status: 429 },
    );
    const streamed = await collectFullStream(
      streamText({
        model: mistral()('mistral-large-latest'),
        prompt: 'c',
        tools: { calc: tool({ inputSchema: z.object({ x: z.number() }) }) },
      }),
    );
    expect(streamed.toolCalls).toEqual([{ toolName: 'calc', input: { x: 1 } }]);
    const limited = (await generateText({ model: mistral()('mistral-large-latest'), prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    )) as APICallError;
    expect(limited.statusCode).toBe(429);
    expect(JSON.parse(limited.responseBody ?? '{}')).toMatchObject({ object: 'error', type: 'rate_limited' });
    const unauthorized = (await generateText({
      model: mistral('wrong')('mistral-large-latest'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((caught: unknown) => caught)) as APICallError;
    expect(unauthorized.statusCode).toBe(401);
  });
});

describe('fake Azure OpenAI, driven by @ai-sdk/azure', () => {
  it('serves the v1 Responses API with an api-key header', async () => {
    const azure = createAzure({ apiKey: AZURE_KEY, baseURL: upstream.baseUrls.azureV1 });
    const streamed = await collectFullStream(
      streamText({ model: azure('my-gpt4o-deployment'), prompt: 'hello azure' }),
    );
    expect(streamed.errors).toEqual([]);
    expect(streamed.text).toBe('[azure:my-gpt4o-deployment] you said: hello azure');
    const recorded = upstream.lastRequest('azure');
    expect(recorded).toMatchObject({ path: '/azure/openai/v1/responses', protocol: 'openai-responses' });
    expect(recorded?.headers['api-key']).toBe(AZURE_KEY);
  });

  it('serves deployment-based chat completions with api-version and an Entra bearer token', async () => {
    const azure = createAzure({
      tokenProvider: async () => AZURE_TOKEN,
      baseURL: upstream.baseUrls.azure,
      useDeploymentBasedUrls: true,
      apiVersion: '2025-04-01-preview',
    });
    const generated = await generateText({ model: azure.chat('prod-deployment'), prompt: 'deploy' });
    expect(generated.text).toBe('[azure:prod-deployment] you said: deploy');
    const recorded = upstream.lastRequest('azure');
    expect(recorded).toMatchObject({
      path: '/azure/openai/deployments/prod-deployment/chat/completions',
      query: { 'api-version': '2025-04-01-preview' },
    });
    expect(recorded?.headers['authorization']).toBe(`Bearer ${AZURE_TOKEN}`);
  });

  it("refuses a wrong key with Azure's own 401 body", async () => {
    const azure = createAzure({ apiKey: 'wrong', baseURL: upstream.baseUrls.azureV1 });
    const error = (await generateText({ model: azure('d'), prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    )) as APICallError;
    expect(error.statusCode).toBe(401);
    expect(JSON.parse(error.responseBody ?? '{}')).toMatchObject({ error: { code: '401' } });
  });
});

describe('fake Vertex AI, driven by @ai-sdk/google-vertex', () => {
  // An OAuth2Client holding a valid access token answers getAccessToken() without any network.
  const authClient = (token: string) => {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
    return client;
  };

  it('streams Gemini on Vertex with a bearer token', async () => {
    const vertex = createVertex({
      project: 'fake-project',
      location: 'us-central1',
      baseURL: upstream.baseUrls.vertexGoogle,
      googleAuthOptions: { authClient: authClient(VERTEX_TOKEN) },
    });
    const streamed = await collectFullStream(streamText({ model: vertex('gemini-2.5-pro'), prompt: 'vertex?' }));
    expect(streamed.errors).toEqual([]);
    expect(streamed.text).toBe('[vertex:gemini-2.5-pro] you said: vertex?');
    const recorded = upstream.lastRequest('vertex');
    expect(recorded?.path).toBe(
      '/vertex/v1/projects/fake-project/locations/us-central1/publishers/google/models/gemini-2.5-pro:streamGenerateContent',
    );
    expect(recorded?.headers['authorization']).toBe(`Bearer ${VERTEX_TOKEN}`);
  });

  it('serves Claude on Vertex (rawPredict / streamRawPredict) and refuses a bad token', async () => {
    const vertexAnthropic = (token: string) =>
      createVertexAnthropic({ baseURL: upstream.baseUrls.vertexAnthropic, generateAuthToken: async () => token });
    const generated = await generateText({
      model: vertexAnthropic(VERTEX_TOKEN)('claude-opus-4-1@20250805'),
      prompt: 'raw',
    });
    expect(generated.text).toBe('[vertex:claude-opus-4-1@20250805] you said: raw');
    expect(upstream.lastRequest('vertex')?.path).toMatch(
      /publishers\/anthropic\/models\/claude-opus-4-1@20250805:rawPredict$/,
    );
    expect(upstream.lastRequest('vertex')?.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16' });

    const streamed = await collectFullStream(
      streamText({ model: vertexAnthropic(VERTEX_TOKEN)('claude-opus-4-1@20250805'), prompt: 'stream' }),
    );
    expect(streamed.errors).toEqual([]);
    expect(streamed.text).toBe('[vertex:claude-opus-4-1@20250805] you said: stream');

    const refused = (await generateText({
      model: vertexAnthropic('expired')('claude-opus-4-1@20250805'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((caught: unknown) => caught)) as APICallError;
    expect(refused.statusCode).toBe(401);
    expect(JSON.parse(refused.responseBody ?? '{}')).toMatchObject({ error: { status: 'UNAUTHENTICATED' } });
  });
});

describe('fake Bedrock Converse, driven by @ai-sdk/amazon-bedrock (SigV4 with fake credentials)', () => {
  const bedrock = (accessKeyId = AWS_ACCESS_KEY_ID) =>
    createAmazonBedrock({
      region: 'us-east-1',
      accessKeyId,
      secretAccessKey: 'fake-secret-key',
      baseURL: upstream.baseUrls.bedrock,
    });
  // Claude Opus 4.1 is served on demand only through an inference profile: the `us.` one from us-east-1.
  const modelId = 'us.anthropic.claude-opus-4-1-20250805-v1:0';

  it('generates and streams through the AWS event-stream framing', async () => {
    const generated = await generateText({ model: bedrock()(modelId), prompt: 'aws' });
    expect(generated.text).toBe(`[bedrock:${modelId}] you said: aws`);
    const recorded = upstream.lastRequest('bedrock');
    expect(recorded?.headers['authorization']).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${AWS_ACCESS_KEY_ID}/\\d{8}/us-east-1/bedrock/aws4_request`),
    );
    expect(recorded?.headers['x-amz-date']).toBeDefined();
    expect(recorded?.credential).toBe(AWS_ACCESS_KEY_ID);

    const streamed = await collectFullStream(streamText({ model: bedrock()(modelId), prompt: 'stream aws' }));
    expect(streamed.errors).toEqual([]);
    expect(streamed.text).toBe(`[bedrock:${modelId}] you said: stream aws`);
    expect(streamed.finishReason).toBe('stop');
    expect(streamed.usage?.outputTokens).toBeGreaterThan(0);
    expect(upstream.lastRequest('bedrock')).toMatchObject({
      path: `/bedrock/model/${encodeURIComponent(modelId)}/converse-stream`,
      model: modelId,
      stream: true,
    });
  });

  it('accepts a Bedrock API key as a bearer token', async () => {
    const withApiKey = createAmazonBedrock({
      region: 'us-east-1',
      apiKey: BEDROCK_API_KEY,
      baseURL: upstream.baseUrls.bedrock,
    });
    const generated = await generateText({ model: withApiKey(modelId), prompt: 'key' });
    expect(generated.text).toBe(`[bedrock:${modelId}] you said: key`);
    expect(upstream.lastRequest('bedrock')?.headers['authorization']).toBe(`Bearer ${BEDROCK_API_KEY}`);
  });

  it('streams a tool use block', async () => {
    upstream.enqueue('bedrock', { kind: 'tool-call', name: 'fetch_doc', arguments: { id: 'doc-9' } });
    const streamed = await collectFullStream(
      streamText({
        model: bedrock()(modelId),
        prompt: 'doc',
        tools: { fetch_doc: tool({ inputSchema: z.object({ id: z.string() }) }) },
      }),
    );
    expect(streamed.errors).toEqual([]);
    expect(streamed.toolCalls).toEqual([{ toolName: 'fetch_doc', input: { id: 'doc-9' } }]);
  });

  it('refuses an unknown access key (403) and throttles (429) with x-amzn-errortype', async () => {
    const refused = (await generateText({ model: bedrock('AKIAUNKNOWN')(modelId), prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    )) as APICallError;
    expect(refused.statusCode).toBe(403);
    expect(refused.message).toContain('security token included in the request is invalid');
    upstream.enqueue('bedrock', { kind: 'error', status: 429 });
    const throttled = (await generateText({ model: bedrock()(modelId), prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    )) as APICallError;
    expect(throttled.statusCode).toBe(429);
    expect(throttled.responseHeaders?.['x-amzn-errortype']).toMatch(/^ThrottlingException:/);
  });

  it('reports an in-stream exception event and a cut as errors', async () => {
    upstream.enqueue(
      'bedrock',
      { kind: 'stream-error', afterChunks: 2, errorType: 'throttlingException' },
      { kind: 'cut', afterChunks: 1 },
    );
    const errored = await collectFullStream(
      streamText({ model: bedrock()(modelId), prompt: 'a b c', maxRetries: 0, onError: ignoreStreamError }),
    );
    expect(errored.text).toBe(`[bedrock:${modelId}] you `);
    expect(errored.errors.length).toBeGreaterThan(0);
    const cut = await collectFullStream(
      streamText({ model: bedrock()(modelId), prompt: 'a b c', maxRetries: 0, onError: ignoreStreamError }),
    );
    expect(cut.text).toBe(`[bedrock:${modelId}] `);
    expect(cut.errors.length).toBeGreaterThan(0);
  });
});
