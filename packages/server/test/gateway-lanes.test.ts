import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createCatalog,
  createProviderRegistry,
  createRuntime,
  createUsageLog,
  openSwitchboard,
  type CreateRuntimeOptions,
  type ForwardLane,
  type Runtime,
} from '@switchboard/core';
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from '@switchboard/testkit';
import {
  createGatewayLogger,
  createNodeFetch,
  createUpstreamTiming,
  ensureLocalToken,
  OVERHEAD_HEADER,
  startGateway,
} from '../src/index.js';
import { CANARY, KEYS, MODELS, waitFor } from './gateway-harness.js';

/** A catalog model on OpenAI chat completions; Mistral's (the same wire) is the one to fall back to. */
const CHAT_MODEL = 'lane-chat';
const FALLBACK_MODEL = MODELS.mistral;
const MODELS_CONFIG = [
  `[models."${CHAT_MODEL}"]`,
  'provider = "openai"',
  'transport = "openai-chat"',
  'methods = ["api-key"]',
  'upstream_id = "gpt-lane-upstream-1"',
  'context_window = 128000',
  'price = { input = 1, output = 2 }',
].join('\n');

interface LaneGateway {
  url: string;
  token: string;
  upstream: FakeUpstream;
  runtime: Runtime;
  /** Requests the gateway gave to `forward`, and those it sent on a lane. */
  counts: { forward: number; lane: number };
  accessLines(): Promise<Array<Record<string, unknown>>>;
  usageLines(): Promise<Array<Record<string, unknown>>>;
  close(options?: { drainMs?: number }): Promise<void>;
}

const gateways: LaneGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

/**
 * The local gateway as `startLocalGateway` assembles it (the runtime over `node:http` with the
 * request timing, the fast path, the file log), its runtime watched: each call still goes to the
 * real runtime, counted by which way the gateway took.
 */
async function startLaneGateway(
  options: { runtime?: Partial<CreateRuntimeOptions>; upstream?: FakeUpstreamOptions; config?: string } = {},
): Promise<LaneGateway> {
  const upstream = await startFakeUpstream({
    expectedCredentials: { openai: KEYS.openai, anthropic: KEYS.anthropic, mistral: KEYS.mistral },
    ...options.upstream,
  });
  const home = await mkdtemp(join(tmpdir(), 'sb-lanes-'));
  await writeFile(
    join(home, 'config.toml'),
    [
      options.config ?? '',
      MODELS_CONFIG,
      `[providers.openai]\napi_base = "${upstream.url}/openai/v1"`,
      `[providers.anthropic]\napi_base = "${upstream.url}/anthropic/v1"`,
      `[providers.mistral]\napi_base = "${upstream.url}/mistral/v1"`,
    ].join('\n\n'),
  );
  const environment = { SWITCHBOARD_HOME: home, HOME: home };
  const switchboard = await openSwitchboard({ environment, storeKind: 'memory' });
  await switchboard.auth.login('openai', { method: 'api-key', apiKey: KEYS.openai });
  await switchboard.auth.login('anthropic', { method: 'api-key', apiKey: KEYS.anthropic });
  await switchboard.auth.login('mistral', { method: 'api-key', apiKey: KEYS.mistral });
  const raw = switchboard.config.raw as Record<string, unknown>;
  const catalog = createCatalog({ customModels: raw['models'], configPath: switchboard.paths.config });
  const nodeFetch = createNodeFetch();
  const upstreamTiming = createUpstreamTiming();
  const usageLog = join(home, 'usage.jsonl');
  const runtime = createRuntime({
    catalog,
    registry: createProviderRegistry(),
    config: switchboard.config,
    auth: switchboard.auth,
    environment,
    fetch: upstreamTiming.wrapFetch(nodeFetch.fetch),
    sendUpstream: upstreamTiming.wrapSend(nodeFetch.send),
    usageLog: createUsageLog({ path: usageLog }),
    ...options.runtime,
  });
  const counts = { forward: 0, lane: 0 };
  const watched = {
    forward: (request: Parameters<Runtime['forward']>[0]) => {
      counts.forward += 1;
      return runtime.forward(request);
    },
    lane(model: string, wire: Parameters<Runtime['lane']>[1]): ForwardLane | undefined {
      const lane = runtime.lane(model, wire);
      if (!lane) return undefined;
      return {
        route: lane.route,
        level: lane.level,
        send(request) {
          const abort = lane.send(request);
          if (abort) counts.lane += 1;
          return abort;
        },
      };
    },
    resolveRoutes: runtime.resolveRoutes,
    circuits: runtime.circuits,
    flush: runtime.flush,
  };
  const logFile = join(home, 'gateway.log');
  const logging = createGatewayLogger({ destination: { file: logFile } });
  const { token } = await ensureLocalToken(switchboard.store);
  const gateway = await startGateway({
    port: 0,
    runtime: watched,
    catalog,
    auth: switchboard.auth,
    logger: logging.logger,
    token,
    upstreamTiming,
  });
  const lines = async (file: string) =>
    (await readFile(file, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  let closed = false;
  const started: LaneGateway = {
    url: gateway.url,
    token,
    upstream,
    runtime,
    counts,
    accessLines: async () => (await lines(logFile)).filter((line) => line['msg'] === 'request'),
    usageLines: async () => {
      await runtime.flush();
      return lines(usageLog);
    },
    async close(closeOptions = { drainMs: 1_000 }) {
      if (closed) return;
      closed = true;
      await gateway.close(closeOptions);
      await runtime.flush();
      await logging.close();
      nodeFetch.close();
      await upstream.close();
      await rm(home, { recursive: true, force: true });
    },
  };
  gateways.push(started);
  return started;
}

/** A gateway whose lane is ready, and whose upstream's next answer is `chunks` slow chunks long. */
async function laneWithSlowAnswer(chunks: number): Promise<LaneGateway> {
  const gateway = await startLaneGateway({ upstream: { chunkDelayMs: 40 } });
  await (await chat(gateway, 'warm')).text();
  await laneReady(gateway);
  gateway.upstream.enqueue('openai', {
    kind: 'text',
    chunks: Array.from({ length: chunks }, (_, index) => `w${index} `),
  });
  return gateway;
}

/** A chat request over `node:http`, sent, that the test can cut whenever it likes. */
function rawChat(gateway: LaneGateway, text: string, stream: boolean): ClientRequest {
  const outgoing = httpRequest(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.token}`, 'content-type': 'application/json' },
  });
  outgoing.end(JSON.stringify({ model: CHAT_MODEL, messages: [{ role: 'user', content: text }], stream }));
  return outgoing;
}

function chat(
  gateway: LaneGateway,
  text: string,
  headers: Record<string, string> = {},
  stream = true,
): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: CHAT_MODEL, messages: [{ role: 'user', content: text }], stream }),
  });
}

/** Waits for the lane the runtime keeps after a streamed pass-through. */
async function laneReady(
  gateway: LaneGateway,
  model = CHAT_MODEL,
  wire: 'openai-chat' | 'anthropic-messages' = 'openai-chat',
) {
  await waitFor(() => gateway.runtime.lane(model, wire) !== undefined);
}

/** An answer but for the ids and times the upstream makes up (a second may tick between two answers). */
const withoutIds = (text: string) =>
  text.replaceAll(/chatcmpl-\w+/g, 'chatcmpl-id').replaceAll(/"created":\d+/g, '"created":0');

describe('the gateway sends repeated streamed requests on the runtime’s lane', () => {
  it('with the answer, headers, access line and usage line the general path gives', async () => {
    const gateway = await startLaneGateway();
    const first = await chat(gateway, 'same question');
    const firstText = await first.text();
    await laneReady(gateway);
    const again: Response[] = [];
    for (let index = 0; index < 3; index += 1) again.push(await chat(gateway, 'same question'));
    const texts = await Promise.all(again.map((response) => response.text()));
    expect(gateway.counts).toEqual({ forward: 1, lane: 3 });

    for (const [index, response] of again.entries()) {
      expect(response.status).toBe(200);
      expect(withoutIds(texts[index]!)).toBe(withoutIds(firstText));
      expect([...response.headers.keys()].sort()).toEqual([...first.headers.keys()].sort());
      expect(response.headers.get('x-switchboard-provider')).toBe('openai');
      expect(response.headers.get('x-switchboard-method')).toBe('api-key');
      expect(Number(response.headers.get(OVERHEAD_HEADER))).toBeGreaterThanOrEqual(0);
      expect(response.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    }
    expect(firstText).toContain('[DONE]');

    await waitFor(async () => (await gateway.accessLines()).length === 4);
    const access = await gateway.accessLines();
    for (const line of access) {
      expect(Object.keys(line).sort()).toEqual(Object.keys(access[0]!).sort());
      expect(line).toMatchObject({
        method: 'POST',
        path: '/v1/chat/completions',
        status: 200,
        model: CHAT_MODEL,
        provider: 'openai',
        authMethod: 'api-key',
        stream: true,
      });
    }
    const usage = await gateway.usageLines();
    expect(usage).toHaveLength(4);
    for (const line of usage) expect(line).toEqual({ ...usage[0], time: line['time'] });
    expect(JSON.stringify([access, usage, texts])).not.toContain(CANARY);
  });

  it('and complete (non-streamed) answers too: the upstream’s body, status and headers, the same lines', async () => {
    const gateway = await startLaneGateway();
    const first = await chat(gateway, 'same question', {}, false);
    const firstBody = (await first.json()) as Record<string, unknown>;
    await laneReady(gateway);
    const again = await chat(gateway, 'same question', {}, false);
    const againBody = (await again.json()) as Record<string, unknown>;
    expect(gateway.counts).toEqual({ forward: 1, lane: 1 });
    expect(again.status).toBe(200);
    expect({ ...againBody, id: 'id', created: 0 }).toEqual({ ...firstBody, id: 'id', created: 0 });
    expect([...again.headers.keys()].sort()).toEqual([...first.headers.keys()].sort());
    expect(again.headers.get('content-length')).toBe(String(Buffer.byteLength(JSON.stringify(againBody))));
    expect(again.headers.get('x-switchboard-provider')).toBe('openai');
    await waitFor(async () => (await gateway.accessLines()).length === 2);
    const access = await gateway.accessLines();
    expect(access[1]).toEqual({
      ...access[0],
      reqId: access[1]!['reqId'],
      durationMs: access[1]!['durationMs'],
      overheadMs: access[1]!['overheadMs'],
      time: access[1]!['time'],
    });
    expect(access[1]).toMatchObject({ status: 200, stream: false, provider: 'openai' });
    const usage = await gateway.usageLines();
    expect(usage).toHaveLength(2);
    expect(usage[1]).toEqual({ ...usage[0], time: usage[1]!['time'] });
  });

  it('passes the caller’s Anthropic version and beta headers on, as the general path does', async () => {
    const gateway = await startLaneGateway();
    const send = () =>
      fetch(`${gateway.url}/v1/messages`, {
        method: 'POST',
        headers: {
          'x-api-key': gateway.token,
          'content-type': 'application/json',
          'anthropic-version': '2023-06-01',
          'anthropic-beta': 'interleaved-thinking-2025-05-14',
        },
        body: JSON.stringify({
          model: 'claude-haiku-4-5',
          max_tokens: 64,
          messages: [{ role: 'user', content: 'hi' }],
          stream: true,
        }),
      });
    expect((await (await send()).text()).endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
    await laneReady(gateway, 'claude-haiku-4-5', 'anthropic-messages');
    expect(await (await send()).text()).toContain('message_stop');
    expect(gateway.counts).toEqual({ forward: 1, lane: 1 });
    const [general, lane] = gateway.upstream.requests;
    for (const name of ['anthropic-version', 'anthropic-beta', 'x-api-key'])
      expect(lane!.headers[name]).toBe(general!.headers[name]);
    expect(lane!.rawBody).toBe(general!.rawBody);
  });
});

describe('what the lane does not finish goes to the general path, as that route’s first attempt', () => {
  it('a 503 falls back to the next model with one request per route', async () => {
    const gateway = await startLaneGateway({ config: `[routing]\nfallback_models = ["${FALLBACK_MODEL}"]` });
    await (await chat(gateway, 'warm')).text();
    await laneReady(gateway);
    gateway.upstream.reset();
    gateway.upstream.enqueue('openai', { kind: 'error', status: 503 });
    const response = await chat(gateway, 'hello');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('mistral');
    expect(await response.text()).toContain('[DONE]');
    expect(gateway.upstream.requests.map((request) => request.provider)).toEqual(['openai', 'mistral']);
    expect(gateway.counts).toEqual({ forward: 2, lane: 1 });
    await waitFor(async () => (await gateway.accessLines()).length === 2);
    expect((await gateway.accessLines()).at(-1)).toMatchObject({ status: 200, provider: 'mistral' });
  });

  it('a 400 is answered in the caller’s error shape after one request', async () => {
    const gateway = await startLaneGateway();
    await (await chat(gateway, 'warm')).text();
    await laneReady(gateway);
    gateway.upstream.reset();
    gateway.upstream.enqueue('openai', { kind: 'error', status: 400, message: `bad seed for ${KEYS.openai}` });
    const response = await chat(gateway, 'hello');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).not.toContain(CANARY);
    expect(gateway.upstream.requests).toHaveLength(1);
    expect(gateway.counts).toEqual({ forward: 2, lane: 1 });
  });
});

describe('a stream on the lane ends as one on the general path', () => {
  it('the client going away stops the upstream; the access and usage lines say CANCELLED', async () => {
    const gateway = await laneWithSlowAnswer(100);
    await new Promise<void>((resolve, reject) => {
      const outgoing = rawChat(gateway, 'long', true);
      outgoing.on('response', (answer) => {
        answer.once('data', () => {
          outgoing.destroy();
          resolve();
        });
      });
      outgoing.on('error', () => undefined);
      setTimeout(() => reject(new Error('no first byte')), 10_000).unref();
    });
    expect(gateway.counts).toEqual({ forward: 1, lane: 1 });
    await waitFor(async () => (await gateway.accessLines()).length === 2);
    expect((await gateway.accessLines()).at(-1)).toMatchObject({ errorCode: 'CANCELLED', provider: 'openai' });
    expect((await gateway.usageLines()).at(-1)).toMatchObject({ outcome: 'error', errorCode: 'CANCELLED' });
  });

  it('a client leaving before a complete answer: forward answers CANCELLED without sending again', async () => {
    const gateway = await startLaneGateway();
    await (await chat(gateway, 'warm', {}, false)).text();
    await laneReady(gateway);
    gateway.upstream.enqueue('openai', { kind: 'slow-first-byte', delayMs: 5_000 });
    await new Promise<void>((resolve) => {
      const outgoing = rawChat(gateway, 'long', false);
      outgoing.on('error', () => resolve());
      setTimeout(() => outgoing.destroy(), 200);
    });
    await waitFor(async () => (await gateway.accessLines()).length === 2);
    expect(gateway.counts).toEqual({ forward: 2, lane: 1 });
    expect((await gateway.accessLines()).at(-1)).toMatchObject({ errorCode: 'CANCELLED', stream: false });
    // The lane's attempt was the only one: the general path did not send it again.
    expect(gateway.upstream.requests).toHaveLength(2);
  });

  it('an upstream that cuts the stream ends it with the API’s error event, never a clean end', async () => {
    const gateway = await startLaneGateway();
    await (await chat(gateway, 'warm')).text();
    await laneReady(gateway);
    gateway.upstream.enqueue('openai', { kind: 'cut', afterChunks: 1 });
    const cut = await (await chat(gateway, 'cut')).text();
    expect(cut).not.toContain('[DONE]');
    expect(cut).toMatch(/data: \{"error":\{[^\n]*\}\}\n\n$/);
    expect(gateway.counts).toEqual({ forward: 1, lane: 1 });
    expect((await gateway.usageLines()).at(-1)).toMatchObject({ outcome: 'error', errorCode: 'STREAM_INTERRUPTED' });
  });

  it('shutting down ends an open lane stream with an error event, not silence', async () => {
    const gateway = await laneWithSlowAnswer(200);
    const response = await chat(gateway, 'long');
    const reading = response.text();
    await waitFor(() => gateway.upstream.requests.length === 2);
    await gateway.close({ drainMs: 100 });
    const text = await reading;
    expect(text).not.toContain('[DONE]');
    expect(text).toContain('"error"');
    expect(gateway.counts).toEqual({ forward: 1, lane: 1 });
  });
});
