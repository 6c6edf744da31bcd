import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthManager, createPaths, loadConfig, type SwitchboardPaths } from '../src/index.js';
import { createSecretStore } from '../src/vault/create-secret-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const reader = join(here, 'fixtures', 'token-reader.mjs');
const builtCore = join(here, '..', 'dist', 'auth', 'create-auth-manager.js');

const SEEDED_ACCESS = 'at-seeded-CANARY-0001';
const SEEDED_REFRESH = 'rt-seeded-CANARY-0001';

/** A token endpoint whose answer the test chooses, counting every token request it receives. */
interface TokenEndpoint {
  url: string;
  issuer: string;
  requests(): number;
  answer(mode: 'hang' | 'html-401' | 'ok'): void;
  close(): Promise<void>;
}

const endpoints: TokenEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
});

async function startTokenEndpoint(): Promise<TokenEndpoint> {
  let mode: 'hang' | 'html-401' | 'ok' = 'hang';
  let count = 0;
  const hung = new Set<ServerResponse>();
  const server: Server = createServer((request, response) => {
    request.resume();
    if (request.method !== 'POST' || request.url !== '/token') {
      response.writeHead(404).end();
      return;
    }
    count += 1;
    if (mode === 'hang') {
      hung.add(response);
      response.once('close', () => hung.delete(response));
    } else if (mode === 'html-401') {
      response.writeHead(401, { 'content-type': 'text/html' }).end('<html><body>Sign in to the proxy</body></html>');
    } else {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(
        JSON.stringify({
          access_token: `at-fresh-${count}`,
          refresh_token: `rt-fresh-${count}`,
          token_type: 'Bearer',
          expires_in: 3600,
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint: TokenEndpoint = {
    url: `http://127.0.0.1:${port}/token`,
    issuer: `http://127.0.0.1:${port}`,
    requests: () => count,
    answer: (next) => {
      mode = next;
    },
    close: async () => {
      for (const response of hung) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  endpoints.push(endpoint);
  return endpoint;
}

/** A home whose openai session was obtained earlier and expires at `expiresAt`. */
async function seededHome(endpoint: TokenEndpoint, expiresAt: number): Promise<SwitchboardPaths> {
  if (!existsSync(builtCore)) throw new Error(`${builtCore} is missing: run \`npm run build\` first (npm test does).`);
  const paths = createPaths(await mkdtemp(join(tmpdir(), 'sb-refresh-')));
  await writeFile(
    paths.config,
    `[auth]\nstore = "file"\n[providers.openai.oauth]\nissuer = "${endpoint.issuer}"\ntoken_endpoint = "${endpoint.url}"\nclient_id = "sb-native"\n`,
  );
  const store = await createSecretStore({ paths, kind: 'file' });
  await store.update((document) => {
    document.sessions['openai/main'] = {
      provider: 'openai',
      method: 'oauth',
      accessToken: SEEDED_ACCESS,
      refreshToken: SEEDED_REFRESH,
      expiresAt,
      metadata: {},
      createdAt: Date.now(),
      updatedAt: Date.now(),
    };
  });
  return paths;
}

interface ReaderResult {
  ok: boolean;
  accessToken?: string;
  code?: string;
  message?: string;
}

function readToken(
  paths: SwitchboardPaths,
  options: { clockOffsetMs?: number; refreshTimeoutMs?: number; force?: boolean } = {},
): Promise<{ result: ReaderResult; output: string }> {
  const args = [
    reader,
    paths.home,
    String(options.clockOffsetMs ?? 0),
    String(options.refreshTimeoutMs ?? 2_000),
    ...(options.force ? ['force'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`token reader exited ${code}: ${output}`));
      else resolve({ result: JSON.parse(line) as ReaderResult, output });
    });
  });
}

describe('refresh across processes when the token endpoint misbehaves', () => {
  it('an early refresh that hangs: every process keeps the still-valid token, and only one asks the server', async () => {
    const endpoint = await startTokenEndpoint();
    endpoint.answer('hang');
    // Inside the 5-minute refresh window, but still valid for two minutes.
    const paths = await seededHome(endpoint, Date.now() + 120_000);
    const runs = await Promise.all(Array.from({ length: 4 }, () => readToken(paths)));
    for (const { result, output } of runs) {
      expect(result).toEqual({ ok: true, accessToken: SEEDED_ACCESS });
      expect(output).not.toContain(SEEDED_REFRESH);
    }
    expect(endpoint.requests()).toBe(1);
  }, 120_000);

  it('an expired token and a hung endpoint: one process times out, the others fail fast instead of each waiting out its own timeout', async () => {
    const endpoint = await startTokenEndpoint();
    endpoint.answer('hang');
    const paths = await seededHome(endpoint, Date.now() - 60_000);
    const runs = await Promise.all(Array.from({ length: 4 }, () => readToken(paths)));
    for (const { result, output } of runs) {
      expect(result.ok).toBe(false);
      expect(result.code).toBe('TIMEOUT');
      expect(output).not.toContain(SEEDED_REFRESH);
    }
    expect(endpoint.requests()).toBe(1);

    // The back-off is short: once it has passed, the next caller refreshes again.
    endpoint.answer('ok');
    const later = await readToken(paths, { clockOffsetMs: 60_000 });
    expect(later.result).toEqual({ ok: true, accessToken: 'at-fresh-2' });
    expect(endpoint.requests()).toBe(2);
    const store = await createSecretStore({ paths, kind: 'file' });
    expect((await store.read()).sessions['openai/main']).toMatchObject({
      accessToken: 'at-fresh-2',
      refreshToken: 'rt-fresh-2',
    });
  }, 120_000);

  it('an HTTP 401 page without an OAuth error (a proxy, a captive portal) does not delete the session', async () => {
    const endpoint = await startTokenEndpoint();
    endpoint.answer('html-401');
    const paths = await seededHome(endpoint, Date.now() - 60_000);
    const store = await createSecretStore({ paths, kind: 'file' });
    const auth = createAuthManager({ paths, config: await loadConfig(paths.config), store, environment: {} });
    const error = await auth.getAccessToken('openai').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'SwitchboardError' });
    expect((error as { code: string }).code).not.toBe('SESSION_EXPIRED');
    expect(String((error as Error).message)).not.toContain(SEEDED_REFRESH);
    expect((await store.read()).sessions['openai/main']).toMatchObject({ refreshToken: SEEDED_REFRESH });
    expect(endpoint.requests()).toBe(1);
  });

  it('a process SIGKILLed in the middle of a refresh leaves a lock the next process recovers, and the session survives', async () => {
    const endpoint = await startTokenEndpoint();
    endpoint.answer('hang');
    const paths = await seededHome(endpoint, Date.now() - 60_000);
    const args = [reader, paths.home, '0', '120000'];
    const victim = spawn(process.execPath, args, { stdio: 'ignore' });
    const killed = new Promise((resolve) => victim.on('close', resolve));
    // It holds the store lock while its refresh request hangs at the server.
    await expect.poll(() => endpoint.requests(), { timeout: 30_000, interval: 50 }).toBe(1);
    victim.kill('SIGKILL');
    await killed;
    expect(existsSync(`${paths.authLock}.lock`)).toBe(true);

    endpoint.answer('ok');
    const next = await readToken(paths, { refreshTimeoutMs: 10_000 });
    expect(next.result).toEqual({ ok: true, accessToken: 'at-fresh-2' });
    const store = await createSecretStore({ paths, kind: 'file' });
    expect((await store.read()).sessions['openai/main']).toMatchObject({
      accessToken: 'at-fresh-2',
      refreshToken: 'rt-fresh-2',
    });
  }, 120_000);
});
