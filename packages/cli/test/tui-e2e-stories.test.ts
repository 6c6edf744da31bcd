import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'smol-toml';
import { completeBrowserLogin, completeDeviceLogin } from '@switchboard/testkit';
import { describe, expect, it } from 'vitest';
import { TUI_CANARY } from './helpers/tui-harness.js';
import type { Terminal } from './helpers/tui-terminal.js';
import { statusLine, useTuiSessions } from './helpers/tui-sessions.js';

// The chat in a real terminal (tmux, 80×24), against testkit's OAuth server and fake upstreams,
// typed into as a person would. The seed's user stories, a restart, and a login inside the chat.

const { setUp, openChat } = useTuiSessions();

const WEEK = 7 * 24 * 3600;

describe('the chat in a terminal', () => {
  it('US1: logged in to three providers, picking Claude Opus 4.1 switches the login and the next answer comes from Claude', async () => {
    const h = await setUp({
      oauth: { accessTokenTtlSeconds: WEEK },
      signIn: ['openai'],
      config: 'model = "gpt-6-sol"',
    });
    await h.signIn('openai');
    await h.loginApiKey('anthropic');
    await h.loginApiKey('google');
    h.upstream.enqueue('anthropic', { kind: 'text', text: 'Claude here, answering.' });
    const terminal = await openChat(h.environment);
    expect(statusLine(await terminal.screen())).toContain('GPT-6 Sol · ChatGPT · sign-in');

    await terminal.type('/model');
    await terminal.press('Enter');
    await terminal.waitFor((screen) => screen.includes('Pick a model'), 'the picker');
    await terminal.type('opus 4.1');
    await terminal.waitFor(
      (screen) => screen.includes('Claude Opus 4.1 (ultra premium) — $15/$75 ✅'),
      'Claude Opus 4.1 marked logged in',
    );
    await terminal.press('Enter');
    const switched = await terminal.waitFor(
      (screen) => screen.includes('Switched to Claude Opus 4.1 (Claude · API key)'),
      'the confirmation',
    );
    await terminal.waitFor(
      (screen) => statusLine(screen).includes('Claude Opus 4.1 · Claude · API key'),
      'the status line',
    );
    expect(switched).not.toContain('Pick a model');
    expect(parse(await h.readConfig())).toMatchObject({
      model: 'claude-opus-4-1',
      active_auth_provider: 'anthropic',
      active_auth_method: 'api-key',
    });

    const codexBefore = h.upstream.requests.filter((request) => request.provider === 'codex').length;
    await terminal.type('Which model are you?');
    await terminal.press('Enter');
    await terminal.waitFor(
      (screen) => screen.includes('Claude here, answering.') && !/⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏/u.test(screen),
      'the answer',
    );
    const request = h.upstream.lastRequest('anthropic');
    expect(request?.model).toBe('claude-opus-4-1-20250805');
    expect(request?.authorized).toBe(true);
    expect(JSON.stringify(request?.body)).toContain('Which model are you?');
    expect(h.upstream.requests.filter((entry) => entry.provider === 'codex')).toHaveLength(codexBefore);
    expect(await terminal.history()).not.toContain(TUI_CANARY);

    // The answer's usage line is on disk by the time sb has exited.
    await terminal.type('/quit');
    await terminal.press('Enter');
    expect(await waitForExit(terminal)).toBe(0);
    const usage = (await readFile(join(h.home.home, 'usage.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(usage.at(-1)).toMatchObject({ provider: 'anthropic', model: 'claude-opus-4-1', outcome: 'ok' });
  });

  it('US2: only ChatGPT logged in, picking Claude Opus 4.1 shows the login it needs and keeps the model', async () => {
    const h = await setUp({
      oauth: { accessTokenTtlSeconds: WEEK },
      signIn: ['openai'],
      config: 'model = "gpt-6-sol"',
    });
    await h.signIn('openai');
    const before = await h.readConfig();
    const terminal = await openChat(h.environment);
    await terminal.type('/model');
    await terminal.press('Enter');
    await terminal.type('opus 4.1');
    await terminal.waitFor(
      (screen) => screen.includes('Claude Opus 4.1 (ultra premium) — $15/$75 ⚠️ Login required'),
      'the row needing a login',
    );
    await terminal.press('Enter');
    await terminal.waitFor(
      (screen) => screen.includes('Claude Opus 4.1 requires Claude login. Run /login --provider=claude'),
      'the modal',
    );
    await terminal.press('Escape');
    const after = await terminal.waitFor((screen) => !screen.includes('requires Claude login'), 'the closed modal');
    expect(statusLine(after)).toContain('GPT-6 Sol · ChatGPT · sign-in');
    expect(await h.readConfig()).toBe(before);
  });

  it('US3: /login --status lists every provider, with the expiry of each session', async () => {
    const h = await setUp({ oauth: { accessTokenTtlSeconds: WEEK }, signIn: ['openai'] });
    await h.signIn('openai');
    await h.loginApiKey('anthropic');
    const terminal = await openChat(h.environment);
    await terminal.type('/login --status');
    await terminal.press('Enter');
    const screen = await terminal.waitFor((current) => current.includes('Amazon Bedrock:'), 'the status list');
    expect(screen).toContain('✅ ChatGPT: logged in (expires in 7 days)');
    expect(screen).toMatch(/✅ Claude: logged in · API key/u);
    for (const name of ['Gemini', 'Mistral', 'Azure OpenAI', 'Vertex AI', 'Amazon Bedrock'])
      expect(screen).toContain(`❌ ${name}: not logged in`);
  });

  it('restart: the last model and its login come back, also from a config with the legacy using_chatgpt_auth', async () => {
    const h = await setUp({ oauth: { accessTokenTtlSeconds: WEEK }, signIn: ['openai'] });
    await h.signIn('openai');
    await h.loginApiKey('anthropic');
    // What an older tool left behind: the legacy boolean instead of the active provider.
    const configPath = join(h.home.home, 'config.toml');
    const legacy = parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
    delete legacy['active_auth_provider'];
    delete legacy['active_auth_method'];
    await writeFile(configPath, stringify({ using_chatgpt_auth: true, model: 'gpt-6-sol', ...legacy }));

    const first = await openChat(h.environment);
    expect(statusLine(await first.screen())).toContain('GPT-6 Sol · ChatGPT · sign-in');
    expect(parse(await h.readConfig())).toMatchObject({ active_auth_provider: 'openai', active_auth_method: 'oauth' });
    expect(await readFile(`${configPath}.bak`, 'utf8')).toContain('using_chatgpt_auth = true');
    await first.type('/model claude-opus-4-1');
    await first.press('Enter');
    await first.waitFor((screen) => screen.includes('Switched to Claude Opus 4.1 (Claude · API key)'), 'the switch');
    await first.type('/quit');
    await first.press('Enter');
    expect(await waitForExit(first)).toBe(0);

    const second = await openChat(h.environment);
    expect(statusLine(await second.screen())).toContain('Claude Opus 4.1 · Claude · API key');
  });

  it('/login --provider=chatgpt --method=device runs the sign-in inside the chat and confirms', async () => {
    const h = await setUp({ oauth: { accessTokenTtlSeconds: WEEK }, signIn: ['openai'] });
    const terminal = await openChat(h.environment);
    await terminal.type('/login --provider=chatgpt --method=device');
    await terminal.press('Enter');
    const screen = await terminal.waitFor((current) => current.includes('Enter the code:'), 'the device code');
    const lines = screen.split('\n').map((line) => line.replace(/^│ ?| ?│$/gu, '').trim());
    const uri = lines[lines.findIndex((line) => line === 'Go to:') + 1] ?? '';
    const code = lines[lines.findIndex((line) => line === 'Enter the code:') + 1] ?? '';
    expect(uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//u);
    expect(code).toMatch(/^[A-Z0-9-]{4,}$/u);
    expect(screen).toMatch(/Waiting… \d:\d\d left · Esc cancels/u);
    await completeDeviceLogin(uri, code);
    await terminal.waitFor((current) => current.includes('Logged in to ChatGPT (sign-in'), 'the confirmation', 30_000);
    expect((await (await h.open()).auth.statusOf('openai')).loggedIn).toBe(true);
  });

  it('/login --provider=chatgpt opens the browser at the sign-in page (method chosen in the chat) and confirms', async () => {
    const h = await setUp({ oauth: { accessTokenTtlSeconds: WEEK }, signIn: ['openai'] });
    // The person's browser: $BROWSER, here a script that notes the address it was asked to open.
    const opened = join(h.home.home, '..', 'opened-url.txt');
    const browser = join(h.home.home, '..', 'browser.sh');
    await writeFile(browser, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
    const terminal = await openChat({ ...h.environment, BROWSER: browser });
    await terminal.type('/login --provider=chatgpt');
    await terminal.press('Enter');
    const methods = await terminal.waitFor(
      (screen) => screen.includes('How do you want to log in to ChatGPT?'),
      'the method choice',
    );
    expect(methods).toMatch(/› 1\. Sign in with your browser/u);
    await terminal.press('Enter');
    await terminal.waitFor((screen) => screen.includes('Opening your browser at:'), 'the address on screen');
    const url = await waitForFile(opened);
    expect(url.startsWith(`${h.oauth?.issuer ?? '(none)'}/`)).toBe(true);
    await completeBrowserLogin(url, { followCallback: true });
    await terminal.waitFor(
      (screen) => screen.includes('Logged in to ChatGPT (sign-in · user@example.test) — session openai/user.'),
      'the confirmation',
      30_000,
    );
    expect((await (await h.open()).auth.statusOf('openai')).loggedIn).toBe(true);
  });

  it('Esc cancels a sign-in that is waiting', async () => {
    const h = await setUp({ signIn: ['openai'] });
    const terminal = await openChat(h.environment);
    await terminal.type('/login --provider=chatgpt --method=device');
    await terminal.press('Enter');
    await terminal.waitFor((current) => current.includes('Enter the code:'), 'the device code');
    await terminal.press('Escape');
    await terminal.waitFor((current) => current.includes('Login to ChatGPT cancelled.'), 'the cancellation');
    expect((await (await h.open()).auth.statusOf('openai')).loggedIn).toBe(false);
  });
});

async function waitForExit(terminal: Terminal): Promise<number> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const status = await terminal.exitStatus();
    if (status !== null) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sb did not exit. Screen:\n${await terminal.screen()}`);
}

async function waitForFile(path: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const text = await readFile(path, 'utf8').catch(() => '');
    if (text !== '') return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} was never written`);
}
