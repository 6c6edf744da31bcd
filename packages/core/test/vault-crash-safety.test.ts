import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPaths, type SwitchboardPaths, type VaultDocument } from '../src/index.js';
import { createSecretStore } from '../src/vault/create-secret-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const writer = join(here, 'fixtures', 'vault-writer.mjs');
const lockHolder = join(here, 'fixtures', 'lock-holder.mjs');
const builtCore = join(here, '..', 'dist', 'index.js');

interface Child {
  process: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  waitForLine(predicate: (line: string) => boolean): Promise<void>;
}

function startWriter(args: string[], script = writer): Child {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<{ predicate: (line: string) => boolean; resolve: () => void }> = [];
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) {
      lines.push(line);
      for (const waiter of waiters.filter((candidate) => candidate.predicate(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    process: child,
    lines,
    exited,
    waitForLine: (predicate) =>
      new Promise<void>((resolve, reject) => {
        if (lines.some(predicate)) return resolve();
        waiters.push({ predicate, resolve });
        void exited.then((result) =>
          reject(
            new Error(`writer exited (${result.code ?? result.signal}) before the expected line: ${result.stderr}`),
          ),
        );
      }),
  };
}

async function freshHome(): Promise<SwitchboardPaths> {
  if (!existsSync(builtCore)) throw new Error(`${builtCore} is missing: run \`npm run build\` first (npm test does).`);
  return createPaths(await mkdtemp(join(tmpdir(), 'sb-crash-')));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectCommitted(document: VaultDocument, committed: readonly number[]) {
  for (const n of committed) expect(document.secrets[`s${n}`], `committed value ${n}`).toBe(`value-${n}`);
  const last = Number(document.secrets.last ?? '0');
  expect(last).toBeGreaterThanOrEqual(Math.max(0, ...committed));
  // The session and the secrets were written in one update: they never disagree.
  if (last > 0) expect(document.sessions['openai/main']?.accessToken).toBe(`token-${last}`);
}

describe('vault crash safety (real processes)', () => {
  it('survives SIGKILL at random points: the store always opens and every committed update is there', async () => {
    const paths = await freshHome();
    const committed: number[] = [];
    const rounds = 40;
    for (let round = 1; round <= rounds; round += 1) {
      const child = startWriter([paths.home, 'crash']);
      await child.waitForLine((line) => line === 'ready');
      await sleep(5 + Math.random() * 75);
      child.process.kill('SIGKILL');
      const result = await child.exited;
      expect(result.signal, result.stderr).toBe('SIGKILL');
      committed.push(
        ...child.lines
          .filter((line) => line.startsWith('committed '))
          .map((line) => Number(line.slice('committed '.length))),
      );

      const store = await createSecretStore({ paths, kind: 'file' });
      expectCommitted(await store.read(), committed);

      // A writer killed while holding the lock leaves it behind. Usually clear it as a person
      // would after a crash; every tenth round leave it, so the next writer must detect it as stale.
      if (round % 10 !== 0) await rm(`${paths.authLock}.lock`, { recursive: true, force: true });
    }
    expect(committed.length).toBeGreaterThan(rounds);

    const store = await createSecretStore({ paths, kind: 'file', lock: { timeoutMs: 60_000, staleMs: 2_000 } });
    const final = await store.update((document) => {
      document.secrets.final = 'yes';
    });
    expectCommitted(final, committed);
    // Temp files of killed writers are swept by the next writer.
    expect((await readdir(paths.home)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 240_000);

  it('loses no update when several processes read-modify-write at once', async () => {
    const paths = await freshHome();
    const writers = 4;
    const increments = 25;
    const children = Array.from({ length: writers }, (_, id) =>
      startWriter([paths.home, 'increment', String(id), String(increments)]),
    );
    const results = await Promise.all(children.map((child) => child.exited));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const document = await (await createSecretStore({ paths, kind: 'file' })).read();
    expect(document.secrets.counter).toBe(String(writers * increments));
    for (let id = 0; id < writers; id += 1) {
      for (let index = 0; index < increments; index += 1)
        expect(document.secrets[`writer-${id}-${index}`]).toBe('done');
    }
  }, 240_000);

  it("a holder whose lock was taken from it (deleted, or taken over as stale) neither crashes nor overwrites the new holder's update", async () => {
    const paths = await freshHome();
    const store = await createSecretStore({ paths, kind: 'file' });
    await store.update((document) => {
      document.secrets.start = 'yes';
    });
    const holder = startWriter([paths.home, '4000'], lockHolder);
    await holder.waitForLine((line) => line === 'locked');
    // What a stale-lock takeover looks like to the holder: its lock directory is gone.
    await rm(`${paths.authLock}.lock`, { recursive: true, force: true });
    await store.update((document) => {
      document.secrets.winner = 'yes';
    });
    const result = await holder.exited;
    expect(result.code, result.stderr).toBe(0);
    expect(holder.lines.map((line) => (line.startsWith('{') ? (JSON.parse(line) as unknown) : line))).toContainEqual({
      ok: false,
      code: 'STORE_LOCKED',
    });
    const document = await store.read();
    expect(document.secrets).toMatchObject({ start: 'yes', winner: 'yes' });
    expect(document.secrets.holder).toBeUndefined();
  }, 60_000);
});
