import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const sb = fileURLToPath(new URL('../../cli/bin/sb.js', import.meta.url));
// A real full disk needs a small filesystem of our own: a tmpfs, which only root may mount.
const canMount = process.platform === 'linux' && process.getuid?.() === 0;
let mountPoint: string;
let serve: ChildProcess | undefined;

async function fillDisk(dir: string): Promise<void> {
  const filler = await open(join(dir, 'filler'), 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) await filler.write(block);
  } catch (error) {
    expect((error as { code?: string }).code).toBe('ENOSPC');
  } finally {
    await filler.close();
  }
}

beforeAll(async () => {
  if (!canMount) return;
  mountPoint = await mkdtemp(join(tmpdir(), 'sb-full-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint]);
  expect(mounted.status).toBe(0);
});
afterAll(async () => {
  if (!canMount) return;
  // A gateway that froze (the fault this test injects) must not outlive the test.
  if (serve?.exitCode === null) serve.kill('SIGKILL');
  spawnSync('umount', ['-l', mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

describe.runIf(canMount)('sb serve on a disk that fills up', () => {
  it('keeps answering, says once on stderr that log lines are dropped, and SIGTERM still ends it', async () => {
    const home = join(mountPoint, 'home');
    const environment = {
      SWITCHBOARD_HOME: home,
      HOME: home,
      SWITCHBOARD_AUTH_STORE: 'file',
      PATH: process.env['PATH'] ?? '',
    };
    serve = spawn(process.execPath, [sb, 'serve', '--local', '--port', '0', '--json'], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    serve.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => serve!.once('exit', (code) => resolve(code)));
    const lines = createInterface({ input: serve.stdout! })[Symbol.asyncIterator]();
    const listening = JSON.parse(String((await lines.next()).value)) as { url: string };

    await fillDisk(mountPoint);
    // Enough access-log lines to fill the log buffer several times over, past the flush timer.
    for (let round = 0; round < 3; round += 1) {
      await Promise.all(
        Array.from({ length: 60 }, async () => {
          const response = await fetch(`${listening.url}/healthz`);
          expect(response.status).toBe(200);
          await response.arrayBuffer();
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    expect((await fetch(`${listening.url}/healthz`)).status).toBe(200);
    expect(stderr.match(/cannot write the gateway log .*gateway\.log \(ENOSPC\)/g)).toHaveLength(1);

    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
