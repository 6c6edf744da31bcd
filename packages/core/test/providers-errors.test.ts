import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeUpstream,
  type FakeUpstream,
  type FakeUpstreamBaseUrls,
  type UpstreamBehavior,
} from '@switchboard/testkit';
import { isSwitchboardError, SwitchboardError, type ErrorCode, type StreamEvent } from '../src/index.js';
import {
  ADAPTER_CASE_NAMES,
  adapterCases,
  collect,
  fakeUpstreamOptions,
  streamFailure,
  textOf,
  userRequest,
  type AdapterCase,
} from './providers-fixtures.js';

let fake: FakeUpstream;
/** A second fake that paces its deltas, for aborts in the middle of an answer. */
let slowFake: FakeUpstream;

beforeAll(async () => {
  const options = fakeUpstreamOptions();
  fake = await startFakeUpstream(options);
  slowFake = await startFakeUpstream({ ...options, chunkDelayMs: 150 });
});
afterAll(async () => {
  await Promise.all([fake.close(), slowFake.close()]);
});
afterEach(() => {
  fake.reset();
  slowFake.reset();
});

function caseNamed(name: string, urls: FakeUpstreamBaseUrls = fake.baseUrls): AdapterCase {
  const found = adapterCases(urls).find((entry) => entry.name === name);
  if (!found) throw new Error(`no case ${name}`);
  return found;
}

/** Asserts `error` is a SwitchboardError with `code` and carries nothing of the credential. */
function expectError(error: unknown, code: ErrorCode, secret: string): SwitchboardError {
  expect(isSwitchboardError(error), `not a SwitchboardError: ${inspect(error)}`).toBe(true);
  const switchboardError = error as SwitchboardError;
  expect(switchboardError.code, switchboardError.message).toBe(code);
  expect(switchboardError.message).not.toBe('');
  for (const text of [
    switchboardError.message,
    JSON.stringify(switchboardError),
    inspect(switchboardError, { depth: 8 }),
  ]) {
    expect(text).not.toContain(secret);
  }
  return switchboardError;
}

/** Plays `behavior` once streamed and once generated; both must fail before any output with `code`. */
async function expectFailureBeforeOutput(
  adapter: AdapterCase,
  behavior: UpstreamBehavior,
  code: ErrorCode,
): Promise<SwitchboardError[]> {
  fake.enqueue(adapter.upstream, behavior);
  const streamed = await streamFailure(adapter.runtime.streamGenerate(userRequest(), adapter.context));
  expect(streamed.yielded, 'nothing is yielded before the first byte').toEqual([]);
  fake.enqueue(adapter.upstream, behavior);
  const generated = await adapter.runtime.generate(userRequest(), adapter.context).then(
    () => {
      throw new Error('generate should have failed');
    },
    (error: unknown) => error,
  );
  return [expectError(streamed.error, code, adapter.secret), expectError(generated, code, adapter.secret)];
}

const STATUS_CODES: readonly [number, ErrorCode][] = [
  [400, 'INVALID_REQUEST'],
  [401, 'AUTH_FAILED'],
  [403, 'PERMISSION_DENIED'],
  [404, 'MODEL_NOT_FOUND'],
  [408, 'TIMEOUT'],
  [500, 'PROVIDER_UNAVAILABLE'],
  [502, 'PROVIDER_UNAVAILABLE'],
  [503, 'PROVIDER_UNAVAILABLE'],
  [504, 'PROVIDER_UNAVAILABLE'],
];

/** Upstreams whose error answers carry a request id header. */
const SENDS_REQUEST_ID = new Set(['openai', 'codex', 'anthropic', 'azure', 'bedrock']);

describe.each(ADAPTER_CASE_NAMES)('%s', (name) => {
  it.each(STATUS_CODES)('HTTP %i before the first byte → %s, with status and request id', async (status, code) => {
    const adapter = caseNamed(name);
    for (const error of await expectFailureBeforeOutput(adapter, { kind: 'error', status }, code)) {
      expect(error.status).toBe(status);
      expect(error.isRetryable).toBe(code === 'PROVIDER_UNAVAILABLE' || code === 'TIMEOUT');
      if (SENDS_REQUEST_ID.has(adapter.upstream) && !adapter.name.startsWith('vertex · anthropic'))
        expect(error.requestId).toMatch(/^req_/);
      if (code === 'AUTH_FAILED') expect(error.hint).toMatch(/^sb auth login |key variable/);
    }
  });

  it('HTTP 429 → RATE_LIMITED with Retry-After', async () => {
    const adapter = caseNamed(name);
    for (const error of await expectFailureBeforeOutput(
      adapter,
      { kind: 'error', status: 429, retryAfterSeconds: 7 },
      'RATE_LIMITED',
    )) {
      expect(error.status).toBe(429);
      expect(error.retryAfterSeconds).toBe(7);
      expect(error.isRetryable).toBe(true);
    }
  });

  it('a credential the provider refuses (its real refusal) → AUTH_FAILED', async () => {
    const adapter = caseNamed(name);
    const credential = adapter.context.credential!;
    const wrong =
      credential.method === 'api-key'
        ? { ...credential, apiKey: `${credential.apiKey}-revoked` }
        : credential.method === 'aws'
          ? { ...credential, accessKeyId: 'AKIAUNKNOWNKEY000001' }
          : 'accessToken' in credential
            ? { ...credential, accessToken: `${credential.accessToken}-expired` }
            : credential;
    const context = { ...adapter.context, credential: wrong };
    const streamed = await streamFailure(adapter.runtime.streamGenerate(userRequest(), context));
    expect(streamed.yielded).toEqual([]);
    const error = expectError(streamed.error, 'AUTH_FAILED', adapter.secret);
    expect(error.isRetryable).toBe(false);
    expect(fake.lastRequest(adapter.upstream)?.authorized).toBe(false);
  });

  it('connection refused → NETWORK, thrown before any event', async () => {
    const port = await closedPort();
    const refusedUrls = Object.fromEntries(
      Object.entries(fake.baseUrls).map(([key, url]) => [key, url.replace(fake.url, `http://127.0.0.1:${port}`)]),
    ) as unknown as FakeUpstreamBaseUrls;
    const adapter = caseNamed(name, refusedUrls);
    const streamed = await streamFailure(adapter.runtime.streamGenerate(userRequest(), adapter.context));
    expect(streamed.yielded).toEqual([]);
    const error = expectError(streamed.error, 'NETWORK', adapter.secret);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
    await expect(adapter.runtime.generate(userRequest(), adapter.context)).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('a hanging upstream stopped by a timeout signal → TIMEOUT; by the caller → CANCELLED', async () => {
    const adapter = caseNamed(name);
    fake.enqueue(adapter.upstream, { kind: 'hang' });
    const timedOut = await streamFailure(
      adapter.runtime.streamGenerate(userRequest('hi', { signal: AbortSignal.timeout(250) }), adapter.context),
    );
    expect(timedOut.yielded).toEqual([]);
    expect(expectError(timedOut.error, 'TIMEOUT', adapter.secret).isRetryable).toBe(true);

    fake.enqueue(adapter.upstream, { kind: 'hang' });
    const controller = new AbortController();
    const cancelled = adapter.runtime.generate(userRequest('hi', { signal: controller.signal }), adapter.context);
    await waitFor(
      () =>
        fake.requests.filter(
          (request) => request.provider === adapter.upstream && request.protocol !== 'codeassist-setup',
        ).length >= 2,
    );
    controller.abort();
    const error = await cancelled.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(expectError(error, 'CANCELLED', adapter.secret).isRetryable).toBe(false);
  });

  it('a slow first byte is waited for', async () => {
    const adapter = caseNamed(name);
    fake.enqueue(adapter.upstream, { kind: 'slow-first-byte', delayMs: 300 });
    const events = await collect(adapter.runtime.streamGenerate(userRequest('slow'), adapter.context));
    expect(events.at(-1)?.type).toBe('finish');
    expect(textOf(events)).toContain('you said: slow');
  });

  it('a cut after partial text → the partial text, then one error event, never a clean end', async () => {
    const adapter = caseNamed(name);
    fake.enqueue(adapter.upstream, { kind: 'cut', afterChunks: 2, text: 'one two three four five six' });
    const events = await collect(adapter.runtime.streamGenerate(userRequest(), adapter.context));
    expect(events[0]?.type).toBe('start');
    const partial = textOf(events);
    expect(partial.length).toBeGreaterThan(0);
    expect('one two three four five six'.startsWith(partial)).toBe(true);
    expect(partial).not.toBe('one two three four five six');
    expect(events.some((event) => event.type === 'finish')).toBe(false);
    const last = events.at(-1)!;
    expect(last.type).toBe('error');
    if (last.type === 'error') expectError(last.error, 'STREAM_INTERRUPTED', adapter.secret);
    expect(events.filter((event) => event.type === 'error')).toHaveLength(1);
  });

  it('a cut before any output is thrown (the runtime may fall back)', async () => {
    const adapter = caseNamed(name);
    fake.enqueue(adapter.upstream, { kind: 'cut', afterChunks: 0 });
    const streamed = await streamFailure(adapter.runtime.streamGenerate(userRequest(), adapter.context));
    expect(streamed.yielded).toEqual([]);
    expect(expectError(streamed.error, 'STREAM_INTERRUPTED', adapter.secret).isRetryable).toBe(true);
  });

  it("the provider's in-band error after partial text → partial text, then an error event", async () => {
    const adapter = caseNamed(name);
    fake.enqueue(adapter.upstream, {
      kind: 'stream-error',
      afterChunks: 2,
      message: `overloaded, key ${adapter.secret}`,
    });
    const events = await collect(adapter.runtime.streamGenerate(userRequest(), adapter.context));
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(events.some((event) => event.type === 'finish')).toBe(false);
    const last = events.at(-1)!;
    expect(last.type).toBe('error');
    if (last.type === 'error') {
      // Each fake's default in-band error is its server-side failure (overloaded_error, server_error, …).
      expect(expectError(last.error, 'PROVIDER_UNAVAILABLE', adapter.secret).isRetryable).toBe(true);
      expect(JSON.stringify(events)).not.toContain(adapter.secret);
    }
  });

  it('the caller aborting mid-answer → partial text, then CANCELLED', async () => {
    const adapter = caseNamed(name, slowFake.baseUrls);
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of adapter.runtime.streamGenerate(
      userRequest('a b c d e f g h', { signal: controller.signal }),
      adapter.context,
    )) {
      events.push(event);
      if (event.type === 'text-delta') controller.abort();
    }
    expect(events[0]?.type).toBe('start');
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(events.some((event) => event.type === 'finish')).toBe(false);
    const last = events.at(-1)!;
    expect(last.type).toBe('error');
    if (last.type === 'error') expectError(last.error, 'CANCELLED', adapter.secret);
  });

  it('canary: a credential echoed by the upstream never reaches a message, an event or a log line', async () => {
    const adapter = caseNamed(name);
    const echoed = `invalid credential ${adapter.secret} (Authorization: Bearer ${adapter.secret})`;
    for (const error of await expectFailureBeforeOutput(
      adapter,
      { kind: 'error', status: 400, message: echoed },
      'INVALID_REQUEST',
    )) {
      expect(error.message).toContain('[redacted]');
    }
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(condition()).toBe(true);
}

describe('provider-specific errors', () => {
  it.each(['anthropic · api-key', 'vertex · anthropic'])(
    '%s: HTTP 529 overloaded → PROVIDER_UNAVAILABLE',
    async (name) => {
      const adapter = caseNamed(name);
      for (const error of await expectFailureBeforeOutput(
        adapter,
        { kind: 'error', status: 529 },
        'PROVIDER_UNAVAILABLE',
      )) {
        expect(error.status).toBe(529);
        expect(error.isRetryable).toBe(true);
        expect(error.message).toMatch(/overloaded/i);
      }
    },
  );

  it.each(['openai · api-key · responses', 'openai · api-key · chat', 'openai-compatible · endpoint with key'])(
    '%s: 429 insufficient_quota → QUOTA_EXCEEDED, not retryable',
    async (name) => {
      const adapter = caseNamed(name);
      for (const error of await expectFailureBeforeOutput(
        adapter,
        { kind: 'error', status: 429, errorType: 'insufficient_quota' },
        'QUOTA_EXCEEDED',
      )) {
        expect(error.status).toBe(429);
        expect(error.isRetryable).toBe(false);
      }
    },
  );

  it('Claude: a refused API key points at the Anthropic guide', async () => {
    const adapter = caseNamed('anthropic · api-key');
    const credential = adapter.context.credential as { apiKey: string };
    const context = {
      ...adapter.context,
      credential: { ...adapter.context.credential!, apiKey: `${credential.apiKey}-revoked` },
    };
    const streamed = await streamFailure(
      adapter.runtime.streamGenerate(userRequest(), context as typeof adapter.context),
    );
    const error = expectError(streamed.error, 'AUTH_FAILED', adapter.secret);
    expect(error.hint).toBe('sb auth login anthropic (see docs/providers/anthropic.md#troubleshooting)');
  });

  it('Gemini: an invalid API key is HTTP 400 API_KEY_INVALID → AUTH_FAILED', async () => {
    const adapter = caseNamed('google · api-key · gemini');
    const context = {
      ...adapter.context,
      credential: {
        provider: 'google' as const,
        method: 'api-key' as const,
        apiKey: 'AIza-not-a-valid-key-000',
        source: 'session' as const,
      },
    };
    const streamed = await streamFailure(adapter.runtime.streamGenerate(userRequest(), context));
    const error = expectError(streamed.error, 'AUTH_FAILED', 'AIza-not-a-valid-key-000');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/API_KEY_INVALID/);
    expect(error.hint).toBe('sb auth login google (see docs/providers/google.md#troubleshooting)');
  });

  it.each([
    [
      'openai · api-key · chat',
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.",
    ],
    ['anthropic · api-key', 'prompt is too long: 210512 tokens > 200000 maximum'],
  ])('%s: a context-length refusal → CONTEXT_LENGTH_EXCEEDED', async (name, message) => {
    const adapter = caseNamed(name);
    for (const error of await expectFailureBeforeOutput(
      adapter,
      { kind: 'error', status: 400, message },
      'CONTEXT_LENGTH_EXCEEDED',
    )) {
      expect(error.isRetryable).toBe(false);
    }
  });

  it('Codex backend: a plan usage limit (429 usage_limit_reached) points to sb auth quota', async () => {
    const adapter = caseNamed('openai · oauth · codex backend');
    for (const error of await expectFailureBeforeOutput(
      adapter,
      { kind: 'error', status: 429, retryAfterSeconds: 30 },
      'RATE_LIMITED',
    )) {
      expect(error.message).toContain('usage_limit_reached');
      expect(error.message).toContain('`sb auth quota`');
      expect(error.message).toContain('docs/providers/openai.md#troubleshooting');
    }
  });

  it('Codex backend: a ChatGPT session without an account id is refused before any request', async () => {
    const adapter = caseNamed('openai · oauth · codex backend');
    const context = {
      ...adapter.context,
      credential: { provider: 'openai' as const, method: 'oauth' as const, accessToken: adapter.secret },
    };
    const streamed = await streamFailure(adapter.runtime.streamGenerate(userRequest(), context));
    expect(expectError(streamed.error, 'LOGIN_REQUIRED', adapter.secret).hint).toBe('sb auth login openai');
    expect(fake.requests).toHaveLength(0);
  });
});
