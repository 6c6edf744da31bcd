import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSb, type SbResult } from './helpers/sb-process.js';

const isRoot = process.platform === 'linux' && process.getuid?.() === 0;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function makeHome(): Promise<{ root: string; home: string; environment: Record<string, string> }> {
  const root = await mkdtemp(join(tmpdir(), 'sb-faults-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const home = join(root, 'switchboard');
  const environment = {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: root,
    SWITCHBOARD_HOME: home,
    SWITCHBOARD_AUTH_STORE: 'file',
    NO_COLOR: '1',
  };
  return { root, home, environment };
}

/** A small filesystem of our own at `home` (root only): the real ENOSPC and EROFS. */
async function mountTmpfs(home: string): Promise<void> {
  await mkdir(home, { recursive: true });
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', home]).status).toBe(0);
  cleanups.push(async () => void spawnSync('umount', ['-l', home]));
}

async function fill(dir: string): Promise<void> {
  const filler = await open(join(dir, 'filler'), 'w');
  try {
    for (;;) await filler.write(Buffer.alloc(4096));
  } catch {
    // ENOSPC: full.
  } finally {
    await filler.close();
  }
}

/** One clear line, a stable code, no bug report, no stack trace. */
function expectOneLine(result: SbResult, message: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/Unexpected error|This is a bug|\n\s+at /);
}

describe('a busy port', () => {
  it('sb serve names the port in one line and exits 1', async () => {
    const { environment } = await makeHome();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => holder.close(() => resolve())));
    const port = (holder.address() as { port: number }).port;
    const result = await runSb(['serve', '--local', '--port', String(port)], { environment });
    expectOneLine(result, new RegExp(`sb: Port ${port} is already in use.*--port`));
    const json = await runSb(['serve', '--local', '--port', String(port), '--json'], { environment });
    expect(JSON.parse(json.stdout.trim().split('\n').at(-1)!)).toMatchObject({ error: { code: 'PORT_IN_USE' } });
  });
});

describe.runIf(isRoot)('a full disk and a read-only home (tmpfs)', () => {
  it('sb auth login and sb serve say the disk is full (DISK_FULL), exit 1', async () => {
    const { home, environment } = await makeHome();
    await mountTmpfs(home);
    await fill(home);
    const login = await runSb(['auth', 'login', 'openai', '--with-api-key'], { environment, input: 'sk-test-key\n' });
    expectOneLine(login, /sb: No space left on the disk.*SWITCHBOARD_HOME/);
    const serve = await runSb(['serve', '--local', '--port', '0', '--json'], { environment });
    expect(serve.code).toBe(1);
    expect(JSON.parse(serve.stdout.trim().split('\n').at(-1)!)).toMatchObject({ error: { code: 'DISK_FULL' } });
  });

  it('sb auth login, sb use and sb serve say the home is read-only (READ_ONLY_FILESYSTEM), exit 1', async () => {
    const { home, environment } = await makeHome();
    await mountTmpfs(home);
    await writeFile(join(home, 'config.toml'), '# mine\nmodel = "gpt-5-mini"\n');
    const before = await runSb(['auth', 'login', 'openai', '--with-api-key'], { environment, input: 'sk-test-key\n' });
    expect(before.code).toBe(0);
    expect(spawnSync('mount', ['-o', 'remount,ro', home]).status).toBe(0);
    const login = await runSb(['auth', 'login', 'openai', '--with-api-key'], { environment, input: 'sk-test-key\n' });
    expectOneLine(login, /sb: Cannot write .*read-only/);
    const serve = await runSb(['serve', '--local', '--port', '0'], { environment });
    expectOneLine(serve, /read-only/);
    const use = await runSb(['use', 'gpt-5'], { environment });
    expectOneLine(use, /sb: Cannot write .*read-only/);
  });
});

describe.runIf(process.platform === 'linux')('a home the user may not write', () => {
  it('sb auth login says permission denied (FILE_ACCESS_DENIED), exit 1', async () => {
    const { home, environment } = await makeHome();
    await mkdir(home, { mode: 0o700 });
    await chmod(home, 0o500);
    cleanups.push(() => chmod(home, 0o700));
    // Root writes anywhere: run it without the capabilities that let it ignore file modes.
    const wrapper = isRoot ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search'] : [];
    const login = await runSb(['auth', 'login', 'openai', '--with-api-key'], {
      environment,
      input: 'sk-test-key\n',
      wrapper,
    });
    expectOneLine(login, /sb: Permission denied on .*ls -l/);
  });
});
