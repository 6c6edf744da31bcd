import { expect } from 'vitest';
import type {
  FakeUpstreamBaseUrls,
  FakeUpstreamOptions,
  RecordedRequest,
  UpstreamProvider,
} from '@switchboard/testkit';
import {
  BUILTIN_PROVIDER_PROFILES,
  type AdapterCallContext,
  type ChatRequest,
  type ProviderProfile,
  type ProviderRuntime,
  type ResolvedCredential,
  type RouteTarget,
  type StreamEvent,
} from '../src/index.js';
import { createAnthropicRuntime } from '../src/providers/create-anthropic-runtime.js';
import { createAzureRuntime } from '../src/providers/create-azure-runtime.js';
import { createBedrockRuntime } from '../src/providers/create-bedrock-runtime.js';
import { createGoogleRuntime } from '../src/providers/create-google-runtime.js';
import { createMistralRuntime } from '../src/providers/create-mistral-runtime.js';
import { createOpenAICompatibleRuntime } from '../src/providers/create-openai-compatible-runtime.js';
import { createOpenAIRuntime } from '../src/providers/create-openai-runtime.js';
import { createVertexRuntime } from '../src/providers/create-vertex-runtime.js';

/** Planted in every credential: it must never come back in an error or an event. */
export const CANARY = 'PLANTED-CANARY-7f3a9c';

/** The project a Google sign-in bills its Gemini API calls to (`x-goog-user-project`). */
export const GOOGLE_QUOTA_PROJECT = 'my-gemini-project';

/** One adapter, one route, one credential, against the fake upstream that speaks its wire format. */
export interface AdapterCase {
  name: string;
  /** The fake upstream that answers it (its recorded `provider`). */
  upstream: UpstreamProvider;
  runtime: ProviderRuntime;
  context: AdapterCallContext;
  /** The secret of the credential (for leak checks). */
  secret: string;
  /** Asserts the request carried the right auth, and only it. */
  expectAuth(request: RecordedRequest): void;
}

const credentials = {
  openaiKey: `sk-openai-${CANARY}-0001`,
  codexToken: `codex-access-${CANARY}-0002`,
  anthropicKey: `sk-ant-${CANARY}-0003`,
  anthropicToken: `anthropic-oauth-${CANARY}-0004`,
  geminiKey: `AIza-${CANARY}-0005`,
  googleToken: `ya29.google-${CANARY}-0006`,
  mistralKey: `mistral-${CANARY}-0007`,
  azureKey: `azure-key-${CANARY}-0008`,
  azureToken: `azure-entra-${CANARY}-0009`,
  vertexToken: `ya29.vertex-${CANARY}-0010`,
  awsSecret: `aws-secret-${CANARY}-0011`,
  awsAccessKeyId: 'AKIAFAKEACCESS0001',
  endpointKey: `endpoint-${CANARY}-0012`,
} as const;

/** What the fake accepts: exactly the credentials of the cases (and the sign-in's quota project). */
export function fakeUpstreamOptions(): FakeUpstreamOptions {
  return {
    expectedCredentials: expectedCredentials(),
    geminiOAuth: { tokens: credentials.googleToken, quotaProjects: [GOOGLE_QUOTA_PROJECT] },
  };
}

/** The credentials each fake accepts: exactly those of the cases. */
export function expectedCredentials(): Partial<Record<UpstreamProvider, string | string[]>> {
  return {
    openai: [credentials.openaiKey, credentials.endpointKey],
    codex: credentials.codexToken,
    anthropic: [credentials.anthropicKey, credentials.anthropicToken],
    gemini: credentials.geminiKey,
    mistral: credentials.mistralKey,
    azure: [credentials.azureKey, credentials.azureToken],
    vertex: credentials.vertexToken,
    bedrock: credentials.awsAccessKeyId,
  };
}

function profile(id: keyof typeof BUILTIN_PROVIDER_PROFILES, overrides: Partial<ProviderProfile>): ProviderProfile {
  return { ...BUILTIN_PROVIDER_PROFILES[id], ...overrides };
}

function route(
  provider: RouteTarget['provider'],
  method: RouteTarget['method'],
  upstreamId: string,
  transport: string,
  extra: Partial<RouteTarget> = {},
): RouteTarget {
  return { model: upstreamId, provider, method, upstreamId, transport, ...extra };
}

function header(request: RecordedRequest, name: string): string | undefined {
  return request.headers[name];
}

/** Every HTTP adapter route, against the fake upstream at `urls`. */
export function adapterCases(urls: FakeUpstreamBaseUrls): AdapterCase[] {
  const openaiProfile = profile('openai', { apiBase: urls.openai, subscriptionApiBase: urls.codex });
  const googleProfile = profile('google', { apiBase: urls.gemini, settings: { project: GOOGLE_QUOTA_PROJECT } });
  const vertexProfile = profile('vertex', {
    apiBase: `${urls.vertex}/v1`,
    settings: { project: 'fake-project', location: 'us-central1' },
  });
  const apiKey = (provider: ResolvedCredential['provider'], key: string): ResolvedCredential => ({
    provider,
    method: 'api-key',
    apiKey: key,
    source: 'session',
  });
  const bearer = (
    provider: ResolvedCredential['provider'],
    method: 'oauth' | 'client-credentials' | 'service-account' | 'adc',
    token: string,
    accountId?: string,
  ): ResolvedCredential => ({
    provider,
    method,
    accessToken: token,
    ...(accountId ? { accountId } : {}),
  });
  const make = (
    name: string,
    upstream: UpstreamProvider,
    runtime: ProviderRuntime,
    context: Omit<AdapterCallContext, 'fetch'>,
    secret: string,
    expectAuth: (request: RecordedRequest) => void,
  ): AdapterCase => ({ name, upstream, runtime, context: { ...context, fetch: globalThis.fetch }, secret, expectAuth });

  const expectBearer = (token: string) => (request: RecordedRequest) => {
    expect(header(request, 'authorization')).toBe(`Bearer ${token}`);
    expect(header(request, 'x-api-key')).toBeUndefined();
    expect(header(request, 'x-goog-api-key')).toBeUndefined();
    expect(header(request, 'api-key')).toBeUndefined();
  };

  return [
    make(
      'openai · api-key · responses',
      'openai',
      createOpenAIRuntime(),
      {
        route: route('openai', 'api-key', 'gpt-5', 'openai-responses'),
        profile: openaiProfile,
        credential: apiKey('openai', credentials.openaiKey),
      },
      credentials.openaiKey,
      (request) => {
        expectBearer(credentials.openaiKey)(request);
        expect(request.path).toBe('/openai/v1/responses');
      },
    ),
    make(
      'openai · api-key · chat',
      'openai',
      createOpenAIRuntime(),
      {
        route: route('openai', 'api-key', 'gpt-4.1', 'openai-chat'),
        profile: openaiProfile,
        credential: apiKey('openai', credentials.openaiKey),
      },
      credentials.openaiKey,
      (request) => {
        expectBearer(credentials.openaiKey)(request);
        expect(request.path).toBe('/openai/v1/chat/completions');
      },
    ),
    make(
      'openai · oauth · codex backend',
      'codex',
      createOpenAIRuntime(),
      {
        route: route('openai', 'oauth', 'gpt-5-codex', 'codex-responses'),
        profile: openaiProfile,
        credential: bearer('openai', 'oauth', credentials.codexToken, 'acct-fake-0001'),
      },
      credentials.codexToken,
      (request) => {
        expectBearer(credentials.codexToken)(request);
        expect(header(request, 'chatgpt-account-id')).toBe('acct-fake-0001');
        const body = request.body as Record<string, unknown>;
        expect(body['stream']).toBe(true);
        expect(body['store']).toBe(false);
        expect(typeof body['instructions']).toBe('string');
        expect(body).not.toHaveProperty('max_output_tokens');
      },
    ),
    make(
      'anthropic · api-key',
      'anthropic',
      createAnthropicRuntime(),
      {
        route: route('anthropic', 'api-key', 'claude-sonnet-4-5-20250929', 'anthropic-messages'),
        profile: profile('anthropic', { apiBase: urls.anthropic }),
        credential: apiKey('anthropic', credentials.anthropicKey),
      },
      credentials.anthropicKey,
      (request) => {
        expect(header(request, 'x-api-key')).toBe(credentials.anthropicKey);
        expect(header(request, 'authorization')).toBeUndefined();
      },
    ),
    make(
      'anthropic · oauth bearer',
      'anthropic',
      createAnthropicRuntime(),
      {
        route: route('anthropic', 'oauth', 'claude-opus-4-1-20250805', 'anthropic-messages'),
        profile: profile('anthropic', { apiBase: urls.anthropic }),
        credential: bearer('anthropic', 'oauth', credentials.anthropicToken),
      },
      credentials.anthropicToken,
      expectBearer(credentials.anthropicToken),
    ),
    make(
      'google · api-key · gemini',
      'gemini',
      createGoogleRuntime(),
      {
        route: route('google', 'api-key', 'gemini-2.5-flash', 'gemini'),
        profile: googleProfile,
        credential: apiKey('google', credentials.geminiKey),
      },
      credentials.geminiKey,
      (request) => {
        expect(header(request, 'x-goog-api-key')).toBe(credentials.geminiKey);
        expect(header(request, 'authorization')).toBeUndefined();
        expect(request.query['key']).toBeUndefined();
      },
    ),
    make(
      'google · oauth · gemini api',
      'gemini',
      createGoogleRuntime(),
      {
        route: route('google', 'oauth', 'gemini-2.5-pro', 'gemini'),
        profile: googleProfile,
        credential: bearer('google', 'oauth', credentials.googleToken, 'google-account-1'),
      },
      credentials.googleToken,
      (request) => {
        expectBearer(credentials.googleToken)(request);
        expect(header(request, 'x-goog-user-project')).toBe(GOOGLE_QUOTA_PROJECT);
        expect(request.path).toMatch(/^\/gemini\/v1beta\/models\/gemini-2\.5-pro:(stream)?[gG]enerateContent$/);
      },
    ),
    make(
      'mistral · api-key',
      'mistral',
      createMistralRuntime(),
      {
        route: route('mistral', 'api-key', 'mistral-large-latest', 'mistral-chat'),
        profile: profile('mistral', { apiBase: urls.mistral }),
        credential: apiKey('mistral', credentials.mistralKey),
      },
      credentials.mistralKey,
      expectBearer(credentials.mistralKey),
    ),
    make(
      'azure · api-key',
      'azure',
      createAzureRuntime(),
      {
        route: route('azure', 'api-key', 'my-gpt4o-deployment', 'azure-openai'),
        profile: profile('azure', { apiBase: urls.azure }),
        credential: apiKey('azure', credentials.azureKey),
      },
      credentials.azureKey,
      (request) => {
        expect(header(request, 'api-key')).toBe(credentials.azureKey);
        expect(header(request, 'authorization')).toBeUndefined();
        expect(request.path).toBe('/azure/openai/deployments/my-gpt4o-deployment/chat/completions');
        expect(request.query['api-version']).toBe('2025-04-01-preview');
      },
    ),
    make(
      'azure · client-credentials (Entra token)',
      'azure',
      createAzureRuntime(),
      {
        route: route('azure', 'client-credentials', 'my-gpt4o-deployment', 'azure-openai'),
        profile: profile('azure', { apiBase: urls.azure }),
        credential: bearer('azure', 'client-credentials', credentials.azureToken),
      },
      credentials.azureToken,
      expectBearer(credentials.azureToken),
    ),
    make(
      'vertex · gemini',
      'vertex',
      createVertexRuntime(),
      {
        route: route('vertex', 'service-account', 'gemini-2.5-pro', 'vertex-gemini'),
        profile: vertexProfile,
        credential: bearer('vertex', 'service-account', credentials.vertexToken),
      },
      credentials.vertexToken,
      (request) => {
        expectBearer(credentials.vertexToken)(request);
        expect(request.path).toMatch(
          /^\/vertex\/v1\/projects\/fake-project\/locations\/us-central1\/publishers\/google\/models\/gemini-2\.5-pro:/,
        );
      },
    ),
    make(
      'vertex · anthropic',
      'vertex',
      createVertexRuntime(),
      {
        route: route('vertex', 'adc', 'claude-opus-4-1@20250805', 'vertex-anthropic'),
        profile: vertexProfile,
        credential: bearer('vertex', 'adc', credentials.vertexToken),
      },
      credentials.vertexToken,
      (request) => {
        expectBearer(credentials.vertexToken)(request);
        expect(request.path).toMatch(
          /\/publishers\/anthropic\/models\/claude-opus-4-1@20250805:(stream)?[rR]awPredict$/,
        );
      },
    ),
    make(
      'bedrock · aws',
      'bedrock',
      createBedrockRuntime(),
      {
        route: route('bedrock', 'aws', 'anthropic.claude-opus-4-1-20250805-v1:0', 'bedrock-converse'),
        profile: profile('bedrock', { apiBase: urls.bedrock }),
        credential: {
          provider: 'bedrock',
          method: 'aws',
          accessKeyId: credentials.awsAccessKeyId,
          secretAccessKey: credentials.awsSecret,
          region: 'us-east-1',
        },
      },
      credentials.awsSecret,
      (request) => {
        const authorization = header(request, 'authorization') ?? '';
        expect(authorization).toMatch(
          new RegExp(
            `^AWS4-HMAC-SHA256 Credential=${credentials.awsAccessKeyId}/\\d{8}/us-east-1/bedrock/aws4_request`,
          ),
        );
        expect(authorization).not.toContain(credentials.awsSecret);
        expect(header(request, 'x-amz-date')).toMatch(/^\d{8}T\d{6}Z$/);
      },
    ),
    make(
      'openai-compatible · endpoint with key',
      'openai',
      createOpenAICompatibleRuntime(),
      {
        route: route('endpoint:local', 'api-key', 'gpt-4o', 'openai-compatible', { apiBase: urls.openai }),
        profile: openaiProfile,
        credential: apiKey('openai', credentials.endpointKey),
      },
      credentials.endpointKey,
      (request) => {
        expectBearer(credentials.endpointKey)(request);
        expect(request.path).toBe('/openai/v1/chat/completions');
      },
    ),
  ];
}

const UNUSED = 'http://127.0.0.1:9';
const PLACEHOLDER_URLS: FakeUpstreamBaseUrls = {
  openai: UNUSED,
  codex: UNUSED,
  anthropic: UNUSED,
  anthropicSdk: UNUSED,
  gemini: UNUSED,
  codeAssist: UNUSED,
  mistral: UNUSED,
  azure: UNUSED,
  azureV1: UNUSED,
  vertex: UNUSED,
  vertexGoogle: UNUSED,
  vertexAnthropic: UNUSED,
  bedrock: UNUSED,
};

/** The case names, known before any fake runs (for `describe.each`). */
export const ADAPTER_CASE_NAMES: readonly string[] = adapterCases(PLACEHOLDER_URLS).map((entry) => entry.name);

export function userRequest(text = 'hi', extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'test', messages: [{ role: 'user', content: text }], ...extra };
}

export async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const result: StreamEvent[] = [];
  for await (const event of events) result.push(event);
  return result;
}

export function textOf(events: readonly StreamEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
}

/** Runs a stream expecting it to throw before yielding anything; returns the error. */
export async function streamFailure(
  events: AsyncIterable<StreamEvent>,
): Promise<{ error: unknown; yielded: StreamEvent[] }> {
  const yielded: StreamEvent[] = [];
  try {
    for await (const event of events) yielded.push(event);
  } catch (error) {
    return { error, yielded };
  }
  throw new Error(`expected the stream to throw; it yielded ${JSON.stringify(yielded.map((event) => event.type))}`);
}
