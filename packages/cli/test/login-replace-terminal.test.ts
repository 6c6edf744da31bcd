import { afterEach, describe, expect, it } from 'vitest';
import { logInWithApiKey } from './helpers/logins.js';
import { createTestHome, type TestHome } from './helpers/switchboard-home.js';
import { startTerminal, type Terminal } from './helpers/tui-terminal.js';

const KEY = 'mistral-terminal-replace-key-00c3d4';
let home: TestHome | undefined;
let terminal: Terminal | undefined;
afterEach(async () => {
  await terminal?.kill();
  await home?.remove();
});

describe('sb auth login in a terminal, for an account already stored', () => {
  it.each([
    ['n', /Kept mistral\/key-c3d4 as it was; nothing was stored\./u, 1],
    ['y', /Logged in to Mistral as mistral-…c3d4 \(API key\) — session mistral\/key-c3d4\./u, 0],
  ] as const)('asks before replacing it; answering %s', async (answer, outcome, exitCode) => {
    home = await createTestHome();
    await logInWithApiKey(home.environment, 'mistral', KEY);
    terminal = await startTerminal({
      environment: home.environment,
      args: ['auth', 'login', 'mistral'],
      columns: 160,
      rows: 30,
    });
    await terminal.waitFor((screen) => screen.includes('Mistral API key'), 'the hidden key prompt');
    await terminal.type(KEY);
    await terminal.press('Enter');
    const question = await terminal.waitFor((screen) => screen.includes('[y/N]'), 'the replace question');
    expect(question).toContain(
      'mistral/key-c3d4 (mistral-…c3d4) is already stored. Replace it with this sign-in? [y/N]',
    );
    // The key typed at the hidden prompt never shows.
    expect(question).not.toContain(KEY);
    await terminal.type(answer);
    await terminal.press('Enter');
    await terminal.waitFor((screen) => outcome.test(screen), 'the outcome');
    await expect.poll(() => terminal!.exitStatus(), { timeout: 10_000 }).toBe(exitCode);
  });
});
