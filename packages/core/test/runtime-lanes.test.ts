import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { completeDeviceLogin, genericOAuthToml, startOAuthServer } from '@switchboard/testkit';
import {
  isSwitchboardError,
  jsonBodyOf,
  loadConfig,
  SwitchboardError,
  updateConfigFile,
  type CreateRuntimeOptions,
  type ForwardedJson,
  type ForwardedNodeStream,
  type ForwardRequest,
  type LoginEvent,
  type PriorFailure,
  type Runtime,
  type WireFormat,
} from '../src/index.js';
import {
  anthropicOAuthConfig,
  CHAT_MODEL,
  CHAT_MODEL_CONFIG,
  chatRequest,
  createForwardHarness,
  loginAnthropicOAuth,
  messagesRequest,
  usageLines,
} from './forward-fixtures.js';
import { createTestNodeSend } from './node-send.js';
import { collect, KEYS, type HarnessOptions, type RuntimeHarness } from './runtime-fixtures.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(options: HarnessOptions): Promise<RuntimeHarness> {
  const created = await createForwardHarness(options);
  cleanups.push(() => created.close());
  return created;
}

/** A runtime that sends pass-throughs over `node:http` (lanes exist only with a Node sender). */
async function nodeRuntime(h: RuntimeHarness, overrides: Partial<CreateRuntimeOptions> = {}): Promise<Runtime> {
  const sender = createTestNodeSend();
  cleanups.push(() => sender.close());
  return h.runtime({ sendUpstream: sender.send, ...overrides });
}

/** Reads a forwarded Node stream to its end. */
async function drain(stream: ForwardedNodeStream): Promise<{ text: string; error: string | undefined }> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  stream.pipe(sink);
  const outcome = await stream.ended;
  return { text: Buffer.concat(chunks).toString('utf8'), error: outcome.error?.code };
}

/** Serves `request` with `forward` and reads its answer to the end. */
async function forwardAll(runtime: Runtime, request: ForwardRequest): Promise<string> {
  const forwarded = await runtime.forward(request);
  if (forwarded.type !== 'passthrough-node-stream') throw new Error(`expected a node stream, got ${forwarded.type}`);
  return (await drain(forwarded)).text;
}

/** The lane `forward` leaves behind it (it is kept just after the answer started). */
async function laneOf(runtime: Runtime, model: string, wire: WireFormat) {
  await vi.waitFor(() => expect(runtime.lane(model, wire)).toBeDefined());
  return runtime.lane(model, wire)!;
}

type LaneOutcome =
  | { kind: 'started'; text: string; error: string | undefined }
  | { kind: 'completed'; answer: ForwardedJson }
  | { kind: 'failed'; failure: PriorFailure };

/** Sends `request` on `lane` and waits for how it went; `onSent` gets the abort. */
function sendOnLane(
  lane: NonNullable<ReturnType<Runtime['lane']>>,
  request: ForwardRequest,
  onSent: (abort: (reason: unknown) => void) => void = () => undefined,
): Promise<LaneOutcome> {
  return new Promise((resolve, reject) => {
    const sent = lane.send({
      body: request.body,
      stream: request.stream,
      ...(request.headers ? { headers: request.headers } : {}),
      encodeError: request.encodeError,
      started: (stream) => void drain(stream).then((read) => resolve({ kind: 'started', ...read }), reject),
      completed: (answer) => resolve({ kind: 'completed', answer }),
      failed: (failure) => resolve({ kind: 'failed', failure }),
    });
    if (!sent) reject(new Error('the lane did not take the request'));
    else onSent((reason) => sent.abort(reason));
  });
}

const stream = { stream: true };

/** An answer but for the ids and times the upstream makes up (a second may tick between two answers). */
const sameIds = (text: string) =>
  text.replaceAll(/chatcmpl-\w+/g, 'chatcmpl-id').replaceAll(/"created":\d+/g, '"created":0');

describe('runtime.lane: a same-wire pass-through served again without planning', () => {
  it('is left by forward; a request on it goes upstream as forward sends it and is recorded the same way', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    const runtime = await nodeRuntime(h);
    expect(runtime.lane(CHAT_MODEL, 'openai-chat')).toBeUndefined();
    const first = await forwardAll(runtime, chatRequest(CHAT_MODEL, 'one', stream));
    const lane = await laneOf(runtime, CHAT_MODEL, 'openai-chat');
    expect(lane.route).toMatchObject({ provider: 'openai', method: 'api-key', upstreamId: 'gpt-upstream-chat-1' });

    const second = await sendOnLane(lane, chatRequest(CHAT_MODEL, 'one', stream));
    expect(second.kind === 'started' && sameIds(second.text)).toBe(sameIds(first));
    expect(second).toMatchObject({ kind: 'started', error: undefined });
    const [viaForward, viaLane] = h.upstream.requests;
    expect(viaLane!.rawBody).toBe(viaForward!.rawBody);
    expect(viaLane!.headers['authorization']).toBe(`Bearer ${KEYS.openai}`);
    // The usage chunk the runtime asked for is hidden from a caller that did not ask.
    expect(second.kind === 'started' && second.text).not.toContain('"usage":{');
    await runtime.flush();
    const [forwardLine, laneLine] = await usageLines(h);
    expect(laneLine).toEqual({ ...forwardLine, time: laneLine!['time'] });
    expect(laneLine).toMatchObject({ outcome: 'ok', provider: 'openai', model: CHAT_MODEL });
  });

  it('serves a complete (non-streamed) answer as forward does: the same body upstream, the answer as it came, the same usage line', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    const runtime = await nodeRuntime(h);
    const request = chatRequest(CHAT_MODEL, 'one', { stream: false });
    const viaForward = await runtime.forward(request);
    if (viaForward.type !== 'passthrough-json') throw new Error(`expected JSON, got ${viaForward.type}`);
    const lane = await laneOf(runtime, CHAT_MODEL, 'openai-chat');

    const viaLane = await sendOnLane(lane, chatRequest(CHAT_MODEL, 'one', { stream: false }));
    if (viaLane.kind !== 'completed') throw new Error(`expected a complete answer, got ${viaLane.kind}`);
    expect(sameIds(viaLane.answer.body)).toBe(sameIds(viaForward.body));
    expect(viaLane.answer).toMatchObject({ status: viaForward.status, contentType: viaForward.contentType });
    const [first, second] = h.upstream.requests;
    expect(second!.rawBody).toBe(first!.rawBody);
    await runtime.flush();
    const [forwardLine, laneLine] = await usageLines(h);
    expect(laneLine).toEqual({ ...forwardLine, time: laneLine!['time'] });
    expect(laneLine).toMatchObject({ outcome: 'ok', inputTokens: expect.any(Number) });
    expect(laneLine!['inputTokens']).toBeGreaterThan(0);

    // An error status is a failure before the first byte: forward judges it (its retry, its fallback).
    h.upstream.enqueue('openai', { kind: 'error', status: 503 });
    const refused = await sendOnLane(lane, chatRequest(CHAT_MODEL, 'one', { stream: false }));
    expect(refused).toMatchObject({ kind: 'failed', failure: { raw: { status: 503 } } });
  });

  it('is not kept for what the general path decides per request: an agent, a credential context, a budget, a route served after another failed', async () => {
    const h = await harness({ logins: ['anthropic', 'bedrock'], config: 'routing.prefer = ["anthropic", "bedrock"]' });
    const runtime = await nodeRuntime(h);
    const model = 'claude-opus-4-1';
    const messages = messagesRequest(model, 'hi', true);
    const settle = async (request: ForwardRequest) => {
      const forwarded = await runtime.forward(request);
      if (forwarded.type === 'passthrough-node-stream') await drain(forwarded);
      // The lane is kept on a later turn; give it every chance to appear.
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await settle({ ...messages, agentSession: { name: 'claude-code', id: 'a1' } });
    await settle({ ...messages, credentialContext: { userId: 'u1' } });
    expect(runtime.lane(model, 'anthropic-messages')).toBeUndefined();
    // The first route fails before its first byte; bedrock (another wire) serves: no lane.
    h.upstream.enqueue('anthropic', { kind: 'error', status: 503 });
    await settle(messages);
    expect(runtime.lane(model, 'anthropic-messages')).toBeUndefined();
    await settle(messages);
    expect(runtime.lane(model, 'anthropic-messages')).toBeDefined();

    const budgeted = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    await updateConfigFile(budgeted.home.paths, (document) => {
      document.providers = {
        ...document.providers,
        openai: { ...document.providers?.openai, budget_usd_monthly: 100 },
      };
    });
    const withBudget = await nodeRuntime(budgeted);
    await forwardAll(withBudget, chatRequest(CHAT_MODEL, 'hi', stream));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(withBudget.lane(CHAT_MODEL, 'openai-chat')).toBeUndefined();
  });

  it('ends when what it was decided from changes: a second passes, the configuration, a login, the circuit', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    let now = Date.parse('2026-12-04T12:00:00Z');
    const config = await loadConfig(h.home.paths.config);
    let settled = config;
    const runtime = await nodeRuntime(h, {
      now: () => now,
      config,
      currentConfig: () => settled,
      settledConfig: () => settled,
      circuitBreaker: { failureThreshold: 1, cooldownMs: 60_000 },
    });
    const request = chatRequest(CHAT_MODEL, 'hi', stream);
    await forwardAll(runtime, request);
    await laneOf(runtime, CHAT_MODEL, 'openai-chat');
    now += 999;
    expect(runtime.lane(CHAT_MODEL, 'openai-chat')).toBeDefined();
    now += 1;
    expect(runtime.lane(CHAT_MODEL, 'openai-chat')).toBeUndefined();

    await forwardAll(runtime, request);
    await laneOf(runtime, CHAT_MODEL, 'openai-chat');
    settled = { ...config };
    expect(runtime.lane(CHAT_MODEL, 'openai-chat')).toBeUndefined();

    await forwardAll(runtime, request);
    await laneOf(runtime, CHAT_MODEL, 'openai-chat');
    await h.home.auth.login('mistral', { method: 'api-key', apiKey: KEYS.mistral });
    expect(runtime.lane(CHAT_MODEL, 'openai-chat')).toBeUndefined();

    await forwardAll(runtime, request);
    const lane = await laneOf(runtime, CHAT_MODEL, 'openai-chat');
    h.upstream.enqueue('openai', { kind: 'error', status: 503 });
    await expect(runtime.forward(request)).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(runtime.lane(CHAT_MODEL, 'openai-chat')).toBeUndefined();
    // A lane handed out before the circuit opened refuses to send.
    expect(
      lane.send({
        body: request.body,
        stream: true,
        encodeError: request.encodeError,
        started() {},
        completed() {},
        failed() {},
      }),
    ).toBe(undefined);
  });
});

describe('runtime.lane: a failure before the first byte is forward’s first attempt', () => {
  it('a 429 is waited out once and sent again once: two requests, not three', async () => {
    const waits: number[] = [];
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    const runtime = await nodeRuntime(h, { sleep: async (milliseconds) => void waits.push(milliseconds) });
    const request = chatRequest(CHAT_MODEL, 'hi', stream);
    await forwardAll(runtime, request);
    const lane = await laneOf(runtime, CHAT_MODEL, 'openai-chat');
    h.upstream.reset();
    h.upstream.enqueue('openai', { kind: 'error', status: 429, retryAfterSeconds: 2 });
    const outcome = await sendOnLane(lane, request);
    if (outcome.kind !== 'failed') throw new Error('expected the lane to fail');
    expect(runtime.lane(CHAT_MODEL, 'openai-chat')).toBeUndefined();
    const text = await forwardAll(runtime, { ...request, priorFailure: outcome.failure });
    expect(text).toContain('[DONE]');
    expect(waits).toEqual([2_000]);
    expect(h.upstream.requests).toHaveLength(2);
  });

  it('a 503 falls back to the next route without trying the failed one again', async () => {
    const h = await harness({ logins: ['anthropic', 'bedrock'], config: 'routing.prefer = ["anthropic", "bedrock"]' });
    const runtime = await nodeRuntime(h);
    const request = messagesRequest('claude-opus-4-1', 'hello', true);
    await forwardAll(runtime, request);
    const lane = await laneOf(runtime, 'claude-opus-4-1', 'anthropic-messages');
    h.upstream.reset();
    h.upstream.enqueue('anthropic', { kind: 'error', status: 503 });
    const outcome = await sendOnLane(lane, request);
    if (outcome.kind !== 'failed') throw new Error('expected the lane to fail');
    const forwarded = await runtime.forward({ ...request, priorFailure: outcome.failure });
    expect(forwarded).toMatchObject({ type: 'stream', route: { provider: 'bedrock' } });
    if (forwarded.type === 'stream') await collect(forwarded.events);
    expect(h.upstream.requests.map((sent) => sent.provider)).toEqual(['anthropic', 'bedrock']);
    // The lane's failure counted once on the route's breaker, as one attempt of forward's would.
    expect(runtime.circuits().find((circuit) => circuit.route.provider === 'anthropic')?.state).toBe('closed');
  });

  it('a 401 on a refreshable session refreshes and sends once more with the new token', async () => {
    const server = await startOAuthServer();
    cleanups.push(() => server.close());
    const h = await harness({ config: anthropicOAuthConfig(server) });
    await loginAnthropicOAuth(h);
    const runtime = await nodeRuntime(h);
    const request = messagesRequest('claude-haiku-4-5', 'hi', true);
    await forwardAll(runtime, request);
    const lane = await laneOf(runtime, 'claude-haiku-4-5', 'anthropic-messages');
    const firstToken = await h.home.auth.getAccessToken('anthropic');
    h.upstream.reset();
    h.upstream.enqueue('anthropic', { kind: 'error', status: 401 });
    const outcome = await sendOnLane(lane, request);
    if (outcome.kind !== 'failed') throw new Error('expected the lane to fail');
    expect(await forwardAll(runtime, { ...request, priorFailure: outcome.failure })).toContain('message_stop');
    const sent = h.upstream.requests.map((upstream) => upstream.headers['authorization']);
    expect(sent).toEqual([`Bearer ${firstToken}`, `Bearer ${await h.home.auth.getAccessToken('anthropic')}`]);
    expect(sent[0]).not.toBe(sent[1]);
  });

  it('a failed attempt made with another credential than the route’s current one does not count: the route is tried afresh', async () => {
    const h = await harness({ logins: ['openai'], config: `${CHAT_MODEL_CONFIG}\n[routing]\nfallback = false` });
    const runtime = await nodeRuntime(h);
    const request = chatRequest(CHAT_MODEL, 'hi', stream);
    await forwardAll(runtime, request);
    const lane = await laneOf(runtime, CHAT_MODEL, 'openai-chat');
    h.upstream.reset();
    h.upstream.enqueue('openai', { kind: 'error', status: 503 });
    const outcome = await sendOnLane(lane, request);
    if (outcome.kind !== 'failed' || outcome.failure.credential?.method !== 'api-key')
      throw new Error('expected the lane to fail with its api key');
    // As if the key had been replaced between the lane's attempt and forward.
    const stale = { ...outcome.failure, credential: { ...outcome.failure.credential, apiKey: 'sk-replaced-since' } };
    expect(await forwardAll(runtime, { ...request, priorFailure: stale })).toContain('[DONE]');
    expect(h.upstream.requests.map((sent) => sent.headers['authorization'])).toEqual([
      `Bearer ${KEYS.openai}`,
      `Bearer ${KEYS.openai}`,
    ]);
    // With the credential it was made with, the same failure is the route's answer.
    h.upstream.enqueue('openai', { kind: 'error', status: 503 });
    const again = await sendOnLane(await laneOf(runtime, CHAT_MODEL, 'openai-chat'), request);
    if (again.kind !== 'failed') throw new Error('expected the lane to fail');
    await expect(runtime.forward({ ...request, priorFailure: again.failure })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    expect(h.upstream.requests).toHaveLength(3);
  });

  it('no first byte in time is a TIMEOUT that forward reports without sending again', async () => {
    const h = await harness({ logins: ['openai'], config: `${CHAT_MODEL_CONFIG}\n[routing]\nfallback = false` });
    const runtime = await nodeRuntime(h, { firstByteTimeoutMs: 200 });
    const request = chatRequest(CHAT_MODEL, 'hi', stream);
    await forwardAll(runtime, request);
    const lane = await laneOf(runtime, CHAT_MODEL, 'openai-chat');
    h.upstream.reset();
    h.upstream.enqueue('openai', { kind: 'hang' });
    const outcome = await sendOnLane(lane, request);
    if (outcome.kind !== 'failed') throw new Error('expected the lane to fail');
    const error = await runtime
      .forward({ ...request, priorFailure: outcome.failure })
      .catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, 'TIMEOUT')).toBe(true);
    expect(h.upstream.requests).toHaveLength(1);
  });

  it('the caller’s abort before the first byte ends in failed, and forward answers CANCELLED without sending again', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    const runtime = await nodeRuntime(h);
    const request = chatRequest(CHAT_MODEL, 'hi', stream);
    await forwardAll(runtime, request);
    const lane = await laneOf(runtime, CHAT_MODEL, 'openai-chat');
    h.upstream.reset();
    h.upstream.enqueue('openai', { kind: 'hang' });
    const caller = new AbortController();
    const reason = new SwitchboardError('CANCELLED', 'The client closed the connection.');
    const outcome = await sendOnLane(lane, request, (abort) => {
      void vi
        .waitFor(() => expect(h.upstream.requests).toHaveLength(1))
        .then(() => {
          caller.abort(reason);
          abort(reason);
        });
    });
    if (outcome.kind !== 'failed') throw new Error('expected the lane to fail');
    await expect(
      runtime.forward({ ...request, signal: caller.signal, priorFailure: outcome.failure }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(h.upstream.requests).toHaveLength(1);
  });

  it('after the first byte, the caller’s abort ends the stream with its error event and a CANCELLED usage line', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG, upstream: { chunkDelayMs: 50 } });
    const runtime = await nodeRuntime(h);
    const request = chatRequest(CHAT_MODEL, 'hi', stream);
    await forwardAll(runtime, request);
    const lane = await laneOf(runtime, CHAT_MODEL, 'openai-chat');
    h.upstream.enqueue('openai', { kind: 'text', chunks: Array.from({ length: 40 }, (_, index) => `w${index} `) });
    let abort: (reason: unknown) => void = () => undefined;
    const outcome = sendOnLane(lane, request, (given) => {
      abort = given;
    });
    await vi.waitFor(() => expect(h.upstream.requests).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 120));
    abort(new SwitchboardError('CANCELLED', 'The Switchboard gateway is shutting down.'));
    expect(await outcome).toMatchObject({ kind: 'started', error: 'CANCELLED' });
    const text = (await outcome).kind === 'started' ? ((await outcome) as { text: string }).text : '';
    expect(text.endsWith('event: error\ndata: {"code":"CANCELLED"}\n\n')).toBe(true);
    await runtime.flush();
    expect((await usageLines(h)).at(-1)).toMatchObject({ outcome: 'error', errorCode: 'CANCELLED' });
  });
});

describe('runtime.lane: only same-wire pass-throughs', () => {
  it('a ChatGPT plan route (the Codex backend, served through the AI SDK) never gets one', async () => {
    const server = await startOAuthServer({
      extraClaims: (accountId) => ({
        email: `${accountId}@example.test`,
        'https://api.openai.com/auth': { chatgpt_account_id: `acct-${accountId}`, chatgpt_plan_type: 'plus' },
      }),
    });
    cleanups.push(() => server.close());
    const h = await harness({ config: genericOAuthToml('openai', server) });
    await h.home.auth.login('openai', {
      method: 'oauth',
      flow: 'device',
      onEvent: (event: LoginEvent) => {
        if (event.type === 'device_code')
          void completeDeviceLogin(event.verificationUri, event.userCode, { login: 'ada' });
      },
    });
    const runtime = await nodeRuntime(h);
    const model = 'gpt-6.2-sol';
    const request: ForwardRequest = {
      model,
      messages: [{ role: 'user', content: 'hi' }],
      wire: 'openai-responses',
      stream: true,
      body: jsonBodyOf({ model, input: 'hi', stream: true }),
      encodeError: chatRequest(model, '').encodeError,
    };
    for (let index = 0; index < 2; index += 1) {
      const forwarded = await runtime.forward(request);
      expect(forwarded).toMatchObject({ type: 'stream', route: { method: 'oauth', transport: 'codex-responses' } });
      if (forwarded.type === 'stream') await collect(forwarded.events);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runtime.lane(model, 'openai-responses')).toBeUndefined();
    expect(h.upstream.requests.map((sent) => sent.provider)).toEqual(['codex', 'codex']);
  });
});
