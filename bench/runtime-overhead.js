#!/usr/bin/env node
// Runtime overhead: the same streamed answer from the fake OpenAI upstream (Responses API), once
// through the AI SDK provider directly and once through Switchboard's runtime (catalog route,
// credential resolution from a stored session, circuit breaker, adapter, usage log append),
// interleaved in one process so drift hits both alike. Reports time to first token and to the
// end of the stream, p50/p99, and what the runtime adds.
// Usage: node bench/runtime-overhead.js [requests=2000] [warmups=200]   (after `npm run build`)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';
import {
  createAuthManager,
  createCatalog,
  createMemoryStore,
  createPaths,
  createProviderRegistry,
  createRuntime,
  createUsageLog,
  resolveConfig,
} from '@switchboard/core';
import { startFakeUpstream } from '@switchboard/testkit';
import { percentile, printTable } from './lib/stats.js';

const requests = Number(process.argv[2] ?? 2_000);
const warmups = Number(process.argv[3] ?? 200);
const MODEL = 'gpt-5';
const API_KEY = 'sk-bench-0000000000000000000000';
const PROMPT = 'Say something.';
// An answer of 24 deltas, the same for both paths.
const ANSWER = Array.from({ length: 24 }, (_, index) => `word${index} `);

const upstream = await startFakeUpstream({ recordRequests: false, defaultBehavior: { kind: 'text', chunks: ANSWER } });
const home = await mkdtemp(join(tmpdir(), 'sb-bench-runtime-'));
try {
  const paths = createPaths(home);
  const config = resolveConfig({ providers: { openai: { api_base: upstream.baseUrls.openai } } });
  // As the CLI has it: an API-key session in the store (in memory here: no disk in the timing),
  // resolved before each request; nothing in the environment.
  const auth = createAuthManager({ paths, config, store: createMemoryStore(), environment: {} });
  await auth.login('openai', { method: 'api-key', apiKey: API_KEY });
  const catalog = createCatalog();
  const upstreamId = catalog.require(MODEL).routes.find((route) => route.transport === 'openai-responses').upstreamId;
  const runtime = createRuntime({
    catalog,
    registry: createProviderRegistry(),
    config: { ...config, activeAuthProvider: 'openai', activeAuthMethod: 'api-key' },
    auth,
    environment: {},
    usageLog: createUsageLog({ path: paths.usageLog }),
  });

  // The baseline: what an application using the AI SDK alone does (provider built once).
  const direct = createOpenAI({ apiKey: API_KEY, baseURL: upstream.baseUrls.openai });
  async function viaAiSdk() {
    const started = performance.now();
    let firstToken;
    let text = '';
    const result = streamText({ model: direct.responses(upstreamId), prompt: PROMPT, maxRetries: 0 });
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') {
        firstToken ??= performance.now();
        text += part.text;
      } else if (part.type === 'error') {
        throw part.error;
      }
    }
    return { ttft: firstToken - started, total: performance.now() - started, text };
  }

  async function viaRuntime() {
    const started = performance.now();
    let firstToken;
    let text = '';
    for await (const event of runtime.stream({ model: MODEL, messages: [{ role: 'user', content: PROMPT }] })) {
      if (event.type === 'text-delta') {
        firstToken ??= performance.now();
        text += event.text;
      } else if (event.type === 'error') {
        throw event.error;
      }
    }
    return { ttft: firstToken - started, total: performance.now() - started, text };
  }

  const expected = ANSWER.join('');
  const samples = { direct: { ttft: [], total: [] }, runtime: { ttft: [], total: [] } };
  for (let index = 0; index < warmups + requests; index++) {
    // Alternate which goes first so neither always runs on a warmer event loop.
    const order = index % 2 === 0 ? ['direct', 'runtime'] : ['runtime', 'direct'];
    for (const path of order) {
      const sample = path === 'direct' ? await viaAiSdk() : await viaRuntime();
      if (sample.text !== expected) throw new Error(`${path} streamed ${JSON.stringify(sample.text)}`);
      if (index >= warmups) {
        samples[path].ttft.push(sample.ttft);
        samples[path].total.push(sample.total);
      }
    }
  }

  const fixed = (value) => value.toFixed(3);
  const row = (name, values) => [name, values.length, fixed(percentile(values, 50)), fixed(percentile(values, 99))];
  printTable(
    ['path', 'n', 'p50 ms', 'p99 ms'],
    [
      row('AI SDK direct: first token', samples.direct.ttft),
      row('runtime: first token', samples.runtime.ttft),
      row('AI SDK direct: whole stream', samples.direct.total),
      row('runtime: whole stream', samples.runtime.total),
    ],
  );
  const added = (metric, p) => percentile(samples.runtime[metric], p) - percentile(samples.direct[metric], p);
  console.log('');
  printTable(
    ['added by the runtime', 'p50 ms', 'p99 ms'],
    [
      ['time to first token', fixed(added('ttft', 50)), fixed(added('ttft', 99))],
      ['per request (whole stream)', fixed(added('total', 50)), fixed(added('total', 99))],
    ],
  );
  console.log(
    `\nGoal: ≤ 0.5 ms added at p50. Time to first token: ${fixed(added('ttft', 50))} ms; per request: ${fixed(added('total', 50))} ms.`,
  );
} finally {
  await upstream.close();
  await rm(home, { recursive: true, force: true });
}
