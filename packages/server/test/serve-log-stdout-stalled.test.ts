import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const sb = fileURLToPath(new URL('../../cli/bin/sb.js', import.meta.url));
let serve: ChildProcess | undefined;
let home: string | undefined;

afterEach(async () => {
  // A gateway held up by its stdout (the fault this test injects) must not outlive the test.
  if (serve?.exitCode === null && serve.signalCode === null) serve.kill('SIGKILL');
  if (home) await rm(home, { recursive: true, force: true });
});

describe('sb serve --log-stdout into a pipe nobody reads', () => {
  it('keeps answering and SIGTERM still ends it with exit 0', async () => {
    home = await mkdtemp(join(tmpdir(), 'sb-log-stdout-'));
    serve = spawn(process.execPath, [sb, 'serve', '--local', '--port', '0', '--json', '--log-stdout'], {
      env: { SWITCHBOARD_HOME: home, HOME: home, SWITCHBOARD_AUTH_STORE: 'file', PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    serve.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => serve!.once('exit', (code) => resolve(code)));
    const first = await new Promise<string>((resolve) =>
      serve!.stdout!.once('data', (chunk: Buffer) => resolve(String(chunk))),
    );
    // From here on nobody reads the gateway's standard output: the pipe fills with log lines.
    serve.stdout!.pause();
    const { url } = JSON.parse(first.split('\n')[0]!) as { url: string };

    let answered = 0;
    for (let round = 0; round < 20; round += 1) {
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          const response = await fetch(`${url}/healthz`);
          await response.arrayBuffer();
          if (response.status === 200) answered += 1;
        }),
      );
    }
    expect(answered).toBe(2_000);

    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/Unexpected error|This is a bug/);
  }, 30_000);
});
