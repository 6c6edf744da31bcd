#!/usr/bin/env node
// The team server as an operator runs it: `sb serve --team` over a temp SWITCHBOARD_HOME
// (SQLite), a master key, one member with a personal API key and the workspace's OpenAI key
// for the fake upstream; the bench model routed to it as in switchboard-process.js.
// Usage: node bench/gateway/team-process.js <upstreamPort> [--join].
// With DATABASE_URL (and SB_BENCH_MASTER_KEYS) in its environment the server uses that PostgreSQL;
// `--join` starts another instance on a database an earlier one filled (nothing is added).
// Prints `{"port":N,"apiKey":"sbk_…","enrollmentToken":"sbe_…","pid":P}` (secrets over a pipe,
// never argv or a log). Sign-in is limited to 100,000 attempts a minute so a benchmark can sign in
// as often as it measures.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseSecretKeyring, resolveHome } from '@switchboard/core';
import {
  createAdminEnrollment,
  createApiKeyStore,
  createCredentialStore,
  createUserStore,
  migrateTeamDatabase,
  openTeamDatabase,
  teamDatabaseTarget,
} from '@switchboard/team';
import { benchConfigToml, UPSTREAM_KEY } from './bench-config.js';

const upstreamPort = Number(process.argv[2]);
const join_ = process.argv[3] === '--join';
const sb = fileURLToPath(new URL('../../packages/cli/bin/sb.js', import.meta.url));
const home = await mkdtemp(join(tmpdir(), 'sb-bench-team-'));
await writeFile(join(home, 'config.toml'), benchConfigToml(upstreamPort));
// Instances of one team share the master key (and the database).
const masterKeys = process.env.SB_BENCH_MASTER_KEYS ?? `1:${randomBytes(32).toString('base64')}`;
const environment = {
  SWITCHBOARD_HOME: home,
  HOME: home,
  SWITCHBOARD_TEAM_MASTER_KEYS: masterKeys,
  SWITCHBOARD_TEAM_SIGN_IN_LIMIT: '100000',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  PATH: process.env.PATH ?? '',
  // e.g. SB_BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the team server.
  ...(process.env.SB_BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.SB_BENCH_NODE_OPTIONS } : {}),
};
let apiKey = '';
let enrollmentToken = '';
if (!join_) {
  const database = await openTeamDatabase(teamDatabaseTarget(environment, resolveHome(environment)));
  await migrateTeamDatabase(database);
  const member = await createUserStore({ db: database.db }).create({ email: 'bench@example.test', role: 'user' });
  ({ key: apiKey } = await createApiKeyStore({ db: database.db }).create(member.id, 'bench'));
  await createCredentialStore({ db: database.db, keyring: parseSecretKeyring(masterKeys, 'bench') }).save(
    { scope: 'workspace' },
    'openai',
    { method: 'api-key', apiKey: UPSTREAM_KEY },
    new Date().toISOString(),
  );
  const enrollment = await createAdminEnrollment(database, {
    email: 'bench-admin@example.test',
    publicUrl: 'http://localhost',
  });
  enrollmentToken = new URL(enrollment.url).hash.slice('#token='.length);
  await database.close();
}

const server = spawn(process.execPath, [sb, 'serve', '--team', '--port', '0', '--json'], {
  env: environment,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
const listening = JSON.parse(String((await lines.next()).value));
// The server is the launcher's one child process when `sb` starts one (Linux /proc); else the launcher.
const children = await readFile(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').catch(() => '');
const pid = Number(children.trim().split(/\s+/)[0]) || server.pid;
process.stdout.write(
  `${JSON.stringify({ port: Number(new URL(listening.url).port), publicUrl: listening.publicUrl, apiKey, enrollmentToken, pid })}\n`,
);

const stop = async () => {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGINT');
  await exited;
  await rm(home, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
