import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamHome, type UpstreamHome } from './helpers/fake-upstream-home.js';
import { SB_BIN, startSb } from './helpers/sb-process.js';

const CANARY = 'RUNCANARY5c1e22ab';
const openaiKey = `sk-${CANARY}-0001`;

// A stand-in agent (any program that is not claude/codex/opencode): it asks the gateway one
// question with the variables sb run gave it, prints what it saw, and exits with code 7.
const AGENT = `
const { OPENAI_BASE_URL: base, OPENAI_API_KEY: key, ANTHROPIC_BASE_URL: anthropic, SWITCHBOARD_MODEL: model } = process.env;
const response = await fetch(base + '/chat/completions', {
  method: 'POST',
  headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'ping' }] }),
});
const answer = await response.json();
process.stdout.write(JSON.stringify({ base, anthropic, key, model, argv: process.argv, status: response.status,
  text: answer.choices?.[0]?.message?.content }) + '\\n');
process.exit(7);
`;
const agentArgs = ['--', process.execPath, '--input-type=module', '-e', AGENT];

// Asks three times and prints the statuses; each answer of the fake upstream is 28 tokens.
const THRICE = `
const { OPENAI_BASE_URL: base, OPENAI_API_KEY: key } = process.env;
const statuses = [];
let last = '';
for (let index = 0; index < 3; index += 1) {
  const response = await fetch(base + '/chat/completions', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'ping' }] }),
  });
  statuses.push(response.status);
  last = await response.text();
}
process.stdout.write(JSON.stringify({ statuses, last }) + '\\n');
`;

const homes: UpstreamHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.close()));
});

async function loggedInHome(): Promise<UpstreamHome> {
  const home = await createUpstreamHome();
  homes.push(home);
  await home.login('openai', openaiKey);
  return home;
}

async function localToken(home: UpstreamHome): Promise<string> {
  const printed = await home.sb(['serve', '--print-token']);
  expect(printed.code).toBe(0);
  return printed.stdout.trim();
}

const stateFile = (home: UpstreamHome) => join(home.home.home, 'gateway.json');

describe('sb run', () => {
  it('serves a gateway for the agent, gives it base URLs and the token only in its environment, passes its exit code', async () => {
    const home = await loggedInHome();
    const result = await home.sb(['run', '--model', 'gpt-5-mini', ...agentArgs]);
    expect(result.code).toBe(7);
    const seen = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(seen['status']).toBe(200);
    expect(seen['text']).toContain('you said: ping');
    expect(seen['base']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(seen['anthropic']).toBe(String(seen['base']).slice(0, -'/v1'.length));
    expect(seen['model']).toBe('gpt-5-mini');
    const token = await localToken(home);
    // The key is the gateway token with the agent session appended: `<token>.<name>.<id>`.
    expect(seen['key']).toMatch(new RegExp(`^${token.replace(/[-_]/g, '\\$&')}\\.node\\.[0-9a-f]{8}$`));
    expect(JSON.stringify(seen['argv'])).not.toContain(token);
    expect(result.stderr).not.toContain(token);
    // The gateway it started is gone, and so is its state file.
    await expect(fetch(`${String(seen['anthropic'])}/healthz`)).rejects.toThrow();
    await expect(readFile(stateFile(home), 'utf8')).rejects.toThrow();
  });

  it('--login picks the stored sessions that serve the agent; a [projects] list of its directory does the same; an unknown one stops before the agent starts', async () => {
    const second = `sk-${CANARY}-0002`;
    // The project is the directory sb runs in (the test's own).
    const home = await createUpstreamHome(`[projects."${process.cwd()}"]\nsessions = ["openai/two"]`);
    homes.push(home);
    await home.login('openai/one', openaiKey);
    await home.login('openai/two', second);
    const credentials = () => home.upstream.requests.map((request) => request.credential);

    expect((await home.sb(['run', '--model', 'gpt-5-mini', '--login', 'openai/one', ...agentArgs])).code).toBe(7);
    expect(credentials()).toEqual([openaiKey]);
    // No --login: the project's list.
    expect((await home.sb(['run', '--model', 'gpt-5-mini', ...agentArgs])).code).toBe(7);
    expect(credentials()).toEqual([openaiKey, second]);

    const unknown = await home.sb(['run', '--model', 'gpt-5-mini', '--login', 'openai/three', ...agentArgs]);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('No session openai/three is stored. Run sb auth login chatgpt --name three');
    const bare = await home.sb(['run', '--login', 'openai', ...agentArgs]);
    expect(bare.code).toBe(2);
    expect(credentials()).toHaveLength(2);
    // The run's file is gone with it.
    expect(await readdir(join(home.home.home, 'run', 'sessions')).catch(() => [])).toEqual([]);
  });

  it('attributes each run’s usage to its agent session (sb usage --by agent)', async () => {
    const home = await loggedInHome();
    expect((await home.sb(['run', '--model', 'gpt-5-mini', '--session', 'reviewer', ...agentArgs])).code).toBe(7);
    expect((await home.sb(['run', '--model', 'gpt-5-mini', '--session', 'reviewer', ...agentArgs])).code).toBe(7);
    expect((await home.sb(['run', '--model', 'gpt-5-mini', ...agentArgs])).code).toBe(7);
    const lines = (await home.readUsageLog())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { agent?: { name: string; id: string } });
    expect(lines.map((line) => line.agent?.name)).toEqual(['reviewer', 'reviewer', 'node']);
    // Two runs of one name are two sessions.
    expect(new Set(lines.map((line) => line.agent?.id)).size).toBe(3);
    const usage = await home.sb(['usage', '--by', 'agent', '--json']);
    const byAgent = (JSON.parse(usage.stdout) as { summary: { byAgent: { agent: string; requests: number }[] } })
      .summary.byAgent;
    expect(byAgent.map((row) => row.agent.split('.')[0]).sort()).toEqual(['node', 'reviewer', 'reviewer']);
    const table = await home.sb(['usage', '--by', 'agent']);
    expect(table.stdout).toMatch(/^Agent session/m);
    expect(table.stdout).toMatch(/^reviewer\.[0-9a-f]{8}\s+1\s/m);
    expect(table.stdout).not.toMatch(/^Provider/m);
    const wrong = await home.sb(['usage', '--by', 'week']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--by must be one of provider, model, day, agent/);
  });

  it('stops serving a session at its --max-tokens, naming it, and forgets the limit when the agent ends', async () => {
    const home = await loggedInHome();
    const result = await home.sb([
      'run',
      '--max-tokens',
      '30',
      '--session',
      'capped',
      '--',
      process.execPath,
      '--input-type=module',
      '-e',
      THRICE,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const seen = JSON.parse(result.stdout) as { statuses: number[]; last: string };
    expect(seen.statuses).toEqual([200, 200, 429]);
    expect(seen.last).toMatch(
      /Agent session capped\.[0-9a-f]{8} has used 56 tokens; its limit is 30 \(sb run --max-tokens/,
    );
    expect(await readdir(join(home.home.home, 'run', 'sessions')).catch(() => [])).toEqual([]);
    const bad = await home.sb(['run', '--max-tokens', 'lots', ...agentArgs]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-tokens must be a positive whole number, not "lots"/);
  });

  it('reuses the gateway `sb serve --local` runs for the same home, and leaves it running', async () => {
    const home = await loggedInHome();
    const serve = startSb(['serve', '--local', '--port', '0', '--json'], { environment: home.home.environment });
    try {
      const listening = await serve.nextJson((line) => line['event'] === 'listening');
      const result = await home.sb(['run', '--model', 'gpt-5-mini', ...agentArgs]);
      expect(result.code).toBe(7);
      expect((JSON.parse(result.stdout) as { base: string }).base).toBe(listening['openaiBaseUrl']);
      expect((await fetch(`${String(listening['url'])}/healthz`)).status).toBe(200);
      expect(JSON.parse(await readFile(stateFile(home), 'utf8'))).toMatchObject({ url: listening['url'] });
      // A limit given to this run is enforced by the other process's gateway.
      const capped = await home.sb([
        'run',
        '--max-tokens',
        '30',
        '--',
        process.execPath,
        '--input-type=module',
        '-e',
        THRICE,
      ]);
      expect(capped.code, capped.stderr).toBe(0);
      expect((JSON.parse(capped.stdout) as { statuses: number[] }).statuses).toEqual([200, 200, 429]);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.result;
    }
    await expect(readFile(stateFile(home), 'utf8')).rejects.toThrow();
  });

  it('keeps a gateway it serves private: a second sb run meanwhile serves its own', async () => {
    const home = await loggedInHome();
    // Prints where it was pointed, then runs until its standard input closes.
    const lingering = `process.stdout.write(process.env.OPENAI_BASE_URL + '\\n');
      process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`;
    const first = startSb(['run', '--', process.execPath, '-e', lingering], { environment: home.home.environment });
    let firstBase = '';
    await new Promise<void>((resolve) =>
      first.child.stdout.on('data', (chunk: Buffer) => {
        firstBase += chunk.toString();
        if (firstBase.includes('\n')) resolve();
      }),
    );
    await expect(readFile(stateFile(home), 'utf8')).rejects.toThrow();
    const second = await home.sb(['run', '--model', 'gpt-5-mini', ...agentArgs]);
    expect(second.code).toBe(7);
    expect((JSON.parse(second.stdout) as { base: string }).base).not.toBe(firstBase.trim());
    first.endInput();
    expect((await first.result).code).toBe(0);
  });

  it('ignores a stale state file (dead process) and serves its own gateway', async () => {
    const home = await loggedInHome();
    const dead = startSb(['--version'], { environment: home.home.environment });
    await dead.result;
    await writeFile(
      stateFile(home),
      JSON.stringify({ url: 'http://127.0.0.1:9', pid: dead.child.pid, startedAt: '2026-01-01T00:00:00Z' }),
    );
    const result = await home.sb(['run', '--model', 'gpt-5-mini', ...agentArgs]);
    expect(result.code).toBe(7);
    const seen = JSON.parse(result.stdout) as { base: string; status: number };
    expect(seen.status).toBe(200);
    expect(seen.base).not.toBe('http://127.0.0.1:9/v1');
  });

  it('refuses an unknown model before starting anything, and says what to run', async () => {
    const home = await loggedInHome();
    const result = await home.sb(['run', '--model', 'gpt-nonexistent-9', ...agentArgs]);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBe(7);
    expect(result.stderr).toContain('gpt-nonexistent-9');
  });

  it('lets Ctrl-C reach the agent, waits for it, and passes its exit code on', async () => {
    const home = await loggedInHome();
    // An agent that waits for Ctrl-C, then exits as a shell does after SIGINT (130).
    const waiting = `process.on('SIGINT', () => { process.stdout.write('interrupted\\n'); process.exit(130); });
      process.stdout.write('ready\\n'); setInterval(() => undefined, 1000);`;
    // Its own process group, as a terminal's foreground job: Ctrl-C signals the whole group.
    const sb = spawn(process.execPath, [SB_BIN, 'run', '--', process.execPath, '-e', waiting], {
      env: home.home.environment,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const ready = new Promise<void>((resolve) =>
      sb.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('ready')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => sb.once('exit', (code) => resolve(code)));
    await ready;
    process.kill(-(sb.pid ?? 0), 'SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toContain('interrupted');
    await expect(readFile(stateFile(home), 'utf8')).rejects.toThrow();
  });

  it('refuses a model no login serves with exit 3 and the login to run, before starting the agent', async () => {
    const home = await loggedInHome();
    const result = await home.sb(['run', '--model', 'claude-opus-4-1', ...agentArgs]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('sb auth login claude');
  });

  it('exits 127 with one line when the agent is not installed', async () => {
    const home = await loggedInHome();
    const result = await home.sb(['run', '--', 'no-such-agent-xyz']);
    expect(result.code).toBe(127);
    expect(result.stderr.trim()).toBe('sb: command not found: no-such-agent-xyz');
  });
});
