import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { installFakeClaude, installFakeCodex, installFakeGemini } from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { runSb, startSb } from './helpers/sb-process.js';
import { createTestHome, type TestHome } from './helpers/switchboard-home.js';
import { jsonLines } from './helpers/json-lines.js';

// `sb` processes against testkit's fake `gemini`, `codex` and `claude`, which speak the real
// CLIs' stream formats and refuse what the real ones refuse.

const CANARY = 'BRIDGECANARY4e7a21';
const homes: TestHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.remove()));
});

type Bridge = 'gemini-cli' | 'codex-cli' | 'claude-code';
const SETUP: Record<
  Bridge,
  { provider: string; model: string; variable: string; record: string; key: Record<string, string> }
> = {
  'gemini-cli': {
    provider: 'gemini',
    model: 'gemini-2.5-pro',
    variable: 'SWITCHBOARD_GEMINI_COMMAND',
    record: 'FAKE_GEMINI_RECORD_FILE',
    key: { GEMINI_API_KEY: `AIza${CANARY}00000000000000` },
  },
  'codex-cli': {
    provider: 'chatgpt',
    model: 'gpt-6.2-sol',
    variable: 'SWITCHBOARD_CODEX_COMMAND',
    record: 'FAKE_CODEX_RECORD_FILE',
    key: { OPENAI_API_KEY: `sk-${CANARY}-openai` },
  },
  'claude-code': {
    provider: 'claude',
    model: 'claude-opus-4-1',
    variable: 'SWITCHBOARD_CLAUDE_COMMAND',
    record: 'FAKE_CLAUDE_RECORD_FILE',
    key: { ANTHROPIC_API_KEY: `sk-ant-${CANARY}` },
  },
};

/** A home where the fake CLI is installed and, unless `signedIn` is false, signed in by its own files. */
async function bridgeHome(bridge: Bridge, options: { signedIn?: boolean; installed?: boolean } = {}) {
  const home = await createTestHome();
  homes.push(home);
  const user = home.environment.HOME!;
  const bin = join(home.home, '..', 'bin');
  const install = { 'gemini-cli': installFakeGemini, 'codex-cli': installFakeCodex, 'claude-code': installFakeClaude };
  const command = await install[bridge](bin);
  const record = join(home.home, '..', 'record.jsonl');
  if (options.signedIn !== false) {
    await mkdir(join(user, '.gemini'), { recursive: true });
    await writeFile(join(user, '.gemini', 'settings.json'), '{"security":{"auth":{"selectedType":"oauth-personal"}}}');
    await writeFile(join(user, '.gemini', 'oauth_creds.json'), '{}');
    await mkdir(join(user, '.codex'), { recursive: true });
    await writeFile(join(user, '.codex', 'auth.json'), '{"auth_mode":"chatgpt"}');
  }
  const environment = {
    ...home.environment,
    [SETUP[bridge].variable]: options.installed === false ? join(bin, 'missing') : command,
    [SETUP[bridge].record]: record,
    ...(options.signedIn === false && bridge === 'claude-code' ? { FAKE_CLAUDE_MODE: 'not-logged-in' } : {}),
  };
  const sb = (args: string[], extra: Record<string, string> = {}) =>
    runSb(args, { environment: { ...environment, ...extra }, timeoutMs: 30_000 });
  const runs = async () =>
    (await readFile(record, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { home, sb, runs, environment };
}

/** True once no process `pid` exists (checked every 20 ms), false if it still runs after `ms`. */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 20) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe.each(['gemini-cli', 'codex-cli', 'claude-code'] as const)('the %s bridge through sb', (bridge) => {
  const { provider, model } = SETUP[bridge];

  it('sb auth login --method checks the CLI, sb ask answers through it, sb auth status reports its login', async () => {
    const { sb, runs, home } = await bridgeHome(bridge);
    const login = await sb(['auth', 'login', provider, '--method', bridge]);
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const prompt = `hello ${CANARY} prompt`;
    // API keys in sb's environment must not reach the CLI: the subscription is what is used.
    const answer = await sb(['ask', '--model', model, prompt], SETUP[bridge].key);
    expect(answer.stderr).toBe('');
    expect(answer.code).toBe(0);
    expect(answer.stdout).toContain(`you said: ${prompt}`);
    const run = (await runs()).at(-1)!;
    expect(run['cwdEntries']).toEqual([]);
    expect(JSON.stringify(run['argv'])).not.toContain(CANARY);
    expect(run['envKeys']).not.toContain(Object.keys(SETUP[bridge].key)[0]);
    // Nothing of the prompt or key in sb's own logs.
    expect(await home.readLogs()).not.toContain(CANARY);

    const status = await sb(['auth', 'status', provider, '--json']);
    expect(status.code).toBe(0);
    const [entry] = (JSON.parse(status.stdout) as { providers: Record<string, unknown>[] }).providers;
    expect(entry).toMatchObject({ loggedIn: true, method: bridge, bridge: { installed: true, signedIn: true } });
  });

  it('not installed → exit 3 with the install command', async () => {
    const { sb } = await bridgeHome(bridge, { installed: false });
    const login = await sb(['auth', 'login', provider, '--method', bridge]);
    expect(login.code).toBe(3);
    expect(login.stderr).toMatch(/not installed.*npm install -g/s);
  });

  it('not signed in → exit 3 naming the command that signs the CLI in', async () => {
    const { sb } = await bridgeHome(bridge, { signedIn: false });
    const login = await sb(['auth', 'login', provider, '--method', bridge]);
    expect(login.code).toBe(3);
    expect(login.stderr).toContain(
      { 'gemini-cli': '`gemini`', 'codex-cli': '`codex login`', 'claude-code': '`claude auth login`' }[bridge],
    );
  });
});

describe('bridges after sign-in is lost, plan usage, and cancellation', () => {
  it('the plan window Claude Code reports (rate_limit_event) shows in sb auth quota', async () => {
    const { sb } = await bridgeHome('claude-code');
    expect((await sb(['auth', 'login', 'claude', '--method', 'claude-code'])).code).toBe(0);
    expect((await sb(['ask', '--model', 'claude-opus-4-1', 'hi'])).code).toBe(0);
    const quota = await sb(['auth', 'quota', '--json', '--offline']);
    const subscriptions = (JSON.parse(quota.stdout) as { subscriptions: Record<string, unknown>[] }).subscriptions;
    expect(subscriptions.find((entry) => entry['method'] === 'claude-code')).toMatchObject({
      source: 'claude-code',
      windows: [{ id: 'claude-code.five_hour', usedPercent: 25, windowMinutes: 300 }],
      limitReached: null,
    });
    // A refused window: the request fails as RATE_LIMITED and the window says so.
    const limited = await sb(['ask', '--model', 'claude-opus-4-1', 'hi'], { FAKE_CLAUDE_MODE: 'usage-limit' });
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(/usage or rate limit/);
    const after = JSON.parse((await sb(['auth', 'quota', '--json', '--offline'])).stdout) as {
      subscriptions: Record<string, unknown>[];
    };
    expect(after.subscriptions.find((entry) => entry['method'] === 'claude-code')).toMatchObject({
      limitReached: 'five_hour',
    });
    // The failed bridge run is in the event log, with its code and nothing of the prompt.
    const log = await sb(['auth', 'log', '--json', '--provider', 'anthropic']);
    const events = jsonLines(log.stdout);
    expect(events).toContainEqual(
      expect.objectContaining({
        kind: 'bridge.failed',
        method: 'claude-code',
        model: 'claude-opus-4-1',
        code: 'RATE_LIMITED',
      }),
    );
  });

  it('sb ask exits 3 when the CLI was signed out after sb auth login', async () => {
    const { sb, environment } = await bridgeHome('gemini-cli');
    expect((await sb(['auth', 'login', 'gemini', '--method', 'gemini-cli'])).code).toBe(0);
    const nobody = join(environment.HOME!, '..', 'nobody');
    await mkdir(nobody, { recursive: true });
    // GEMINI_CLI_HOME moves Gemini CLI's files: there it is signed out.
    const result = await sb(['ask', '--model', 'gemini-2.5-pro', 'hi'], { GEMINI_CLI_HOME: nobody });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('`gemini`');
  });

  it('the gateway streams a bridge answer, and a client that disconnects ends the CLI', async () => {
    const { environment, runs } = await bridgeHome('gemini-cli');
    expect((await runSb(['auth', 'login', 'gemini', '--method', 'gemini-cli'], { environment })).code).toBe(0);
    const token = (await runSb(['serve', '--print-token'], { environment })).stdout.trim();
    const serve = startSb(['serve', '--local', '--port', '0', '--json'], {
      environment: { ...environment, FAKE_GEMINI_CHUNK_DELAY_MS: '5' },
    });
    try {
      const listening = await serve.nextJson((line) => line['event'] === 'listening');
      const request = (content: string, signal?: AbortSignal) =>
        fetch(`${String(listening['url'])}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gemini-2.5-pro', stream: true, messages: [{ role: 'user', content }] }),
          ...(signal ? { signal } : {}),
        });
      const streamed = await (await request('through the gateway')).text();
      const text = streamed
        .split('\n')
        .filter((line) => line.startsWith('data: {'))
        .map(
          (line) =>
            (JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ??
            '',
        )
        .join('');
      expect(text).toBe('[gemini-cli:gemini-2.5-pro] you said: through the gateway');
      expect(streamed).toContain('data: [DONE]');

      // A long answer, then the client goes away: the CLI's process group is ended.
      const controller = new AbortController();
      const response = await request(`${'word '.repeat(2000)}end`, controller.signal);
      const reader = response.body!.getReader();
      await reader.read();
      const pid = (await runs()).at(-1)!['pid'] as number;
      controller.abort();
      expect(await goneWithin(pid, 5000)).toBe(true);
    } finally {
      serve.child.kill('SIGINT');
      await serve.result;
    }
  });

  it('killing sb ask mid-answer leaves no CLI process behind', async () => {
    const { environment, runs } = await bridgeHome('codex-cli');
    expect((await runSb(['auth', 'login', 'chatgpt', '--method', 'codex-cli'], { environment })).code).toBe(0);
    const running = startSb(['ask', '--model', 'gpt-6.2-sol', 'wait'], {
      environment: { ...environment, FAKE_CODEX_MODE: 'hang' },
      input: '',
    });
    let pid: number | undefined;
    for (let attempt = 0; attempt < 1000 && pid === undefined; attempt += 1) {
      pid = await runs()
        .then((all) => all.at(-1)?.['pid'] as number | undefined)
        .catch(() => undefined);
      if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pid).toBeDefined();
    running.child.kill('SIGINT');
    await running.result;
    expect(await goneWithin(pid!, 5000)).toBe(true);
  });
});
