import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { installFakeClaude } from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamHome, type UpstreamHome } from './helpers/fake-upstream-home.js';
import { startSb } from './helpers/sb-process.js';
import { jsonLines } from './helpers/json-lines.js';

// An agent that asks Claude Opus 4.1 once through the gateway sb run gave it, and prints the
// status and body. With HOLD set it keeps its request open until its standard input ends.
const AGENT = `
const { OPENAI_BASE_URL: base, OPENAI_API_KEY: key, HOLD } = process.env;
const abort = new AbortController();
if (HOLD) { process.stdin.resume(); process.stdin.on('end', () => abort.abort()); }
try {
  const response = await fetch(base + '/chat/completions', {
    method: 'POST',
    signal: abort.signal,
    headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-opus-4-1', messages: [{ role: 'user', content: 'ping' }] }),
  });
  process.stdout.write(JSON.stringify({ status: response.status, body: await response.text() }) + '\\n');
} catch (error) {
  process.stdout.write(JSON.stringify({ aborted: true }) + '\\n');
}
process.exit(0);
`;

const homes: UpstreamHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.close()));
});

/** Every slot file under run/slots: who holds a subscription route now. */
async function heldSlots(home: UpstreamHome): Promise<string[]> {
  const root = join(home.home.home, 'run', 'slots');
  const routes = await readdir(root).catch(() => [] as string[]);
  const slots = await Promise.all(
    routes.map(async (route) => (await readdir(join(root, route))).map((slot) => `${route}/${slot}`)),
  );
  return slots.flat();
}

async function claudeHome(): Promise<{ home: UpstreamHome; environment: Record<string, string> }> {
  const home = await createUpstreamHome('[agents]\nsubscription_concurrency = 1');
  homes.push(home);
  const claude = await installFakeClaude(join(home.home.home, '..', 'bin'));
  const environment = { ...home.home.environment, SWITCHBOARD_CLAUDE_COMMAND: claude };
  expect((await home.sb(['auth', 'login', 'claude', '--method', 'claude-code'], { environment })).code).toBe(0);
  return { home, environment };
}

function runAgent(environment: Record<string, string>, session: string, extra: Record<string, string> = {}) {
  return startSb(['run', '--session', session, '--', process.execPath, '--input-type=module', '-e', AGENT], {
    environment: { ...environment, ...extra },
  });
}

describe('agents in several processes share one subscription route (agents.subscription_concurrency = 1)', () => {
  it(
    'a second sb run is refused before the first byte, naming its session and the limit, and is served once the first agent ends',
    { timeout: 60_000 },
    async () => {
      const { home, environment } = await claudeHome();
      // The first agent's request hangs in Claude Code, holding the route's one slot.
      const first = runAgent(environment, 'first', { HOLD: '1', FAKE_CLAUDE_MODE: 'hang' });
      await expect.poll(() => heldSlots(home), { timeout: 20_000 }).toHaveLength(1);

      const second = await runAgent(environment, 'second').result;
      expect(second.code, second.stderr).toBe(0);
      const refused = JSON.parse(second.stdout) as { status: number; body: string };
      expect(refused.status).toBe(429);
      expect(refused.body).toMatch(/agent session second\.[0-9a-f]{8}/);
      expect(refused.body).toContain('agents.subscription_concurrency = 1');

      // The first agent gives up: its slot is released as its request ends.
      first.endInput();
      const ended = await first.result;
      expect(JSON.parse(ended.stdout)).toEqual({ aborted: true });
      await expect.poll(() => heldSlots(home), { timeout: 10_000 }).toEqual([]);
      const third = await runAgent(environment, 'third').result;
      const served = JSON.parse(third.stdout) as { status: number; body: string };
      expect(served.status).toBe(200);
    },
  );

  it(
    'with an API key beside the subscription, the agent that finds the route full falls back to the key before its first byte',
    { timeout: 60_000 },
    async () => {
      const { home, environment } = await claudeHome();
      const key = 'sk-ant-api03-ACROSS-PROCESSES-key-0001';
      expect((await home.sb(['auth', 'login', 'claude/key', '--with-api-key'], { input: key, environment })).code).toBe(
        0,
      );
      const first = runAgent(environment, 'first', { HOLD: '1', FAKE_CLAUDE_MODE: 'hang' });
      await expect.poll(() => heldSlots(home), { timeout: 20_000 }).toHaveLength(1);

      const second = await runAgent(environment, 'second').result;
      const served = JSON.parse(second.stdout) as { status: number; body: string };
      expect(served.status).toBe(200);
      const anthropic = home.upstream.requests.filter((request) => request.provider === 'anthropic');
      expect(anthropic.map((request) => request.credential)).toEqual([key]);
      first.endInput();
      await first.result;
      // The second run's gateway wrote the fallback to the home's event log.
      const log = await home.sb(['auth', 'log', '--json', '--provider', 'claude'], { environment });
      const events = jsonLines(log.stdout);
      expect(events).toContainEqual(
        expect.objectContaining({
          kind: 'route.fallback',
          process: 'gateway',
          provider: 'anthropic',
          method: 'claude-code',
          model: 'claude-opus-4-1',
          code: 'RATE_LIMITED',
        }),
      );
      expect(log.stdout).not.toContain(key);
    },
  );
});
