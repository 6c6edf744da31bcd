import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { runSb, SB_BIN } from './helpers/sb-process.js';
import { createTestHome, type TestHome } from './helpers/switchboard-home.js';

let home: TestHome;
afterEach(async () => {
  await home?.remove();
});

/**
 * Runs sb on a real pseudo-terminal (util-linux `script`), as a person at a terminal would.
 * `respond` gets the terminal output so far and may type into it.
 */
function runOnTerminal(
  args: string[],
  environment: Record<string, string>,
  respond?: (screen: string, type: (text: string) => void) => void,
) {
  const command = [process.execPath, SB_BIN, ...args].map((part) => `'${part}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { ...environment, TERM: 'dumb' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    screen += chunk;
    respond?.(screen, (text) => child.stdin.write(text));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise<{ code: number | null; screen: string }>((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe('sb auth login on a real terminal', () => {
  it('refuses --with-api-key when stdin is a terminal (exit 2, with the way to pipe it)', async () => {
    home = await createTestHome();
    const result = await runOnTerminal(['auth', 'login', 'mistral', '--with-api-key'], home.environment);
    expect(result.code).toBe(2);
    expect(result.screen).toContain(
      'sb: --with-api-key reads the secret from standard input, which is a terminal here.',
    );
    expect(result.screen).toContain('< key.txt');
  });

  it('asks for the API key without echoing it, and stores it', async () => {
    home = await createTestHome();
    const key = 'mistral-typed-at-terminal-7f3a9c2e';
    let typed = false;
    const result = await runOnTerminal(['auth', 'login', 'mistral'], home.environment, (screen, type) => {
      if (!typed && screen.includes('Mistral API key')) {
        typed = true;
        type(`${key}\r`);
      }
    });
    expect(result.code).toBe(0);
    expect(result.screen).toContain('✅ Logged in to Mistral');
    expect(result.screen).not.toContain(key);
    const token = await runSb(['auth', 'token', 'mistral'], { environment: home.environment });
    expect(token.stdout).toBe(`${key}\n`);
  });
});
