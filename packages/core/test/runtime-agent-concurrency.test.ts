import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installFakeClaude } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCatalog,
  createProviderRegistry,
  createRuntime,
  isSwitchboardError,
  loadConfig,
  openSwitchboard,
  type SwitchboardHome,
} from '../src/index.js';
import { ask, collect, textOf } from './runtime-fixtures.js';

// Two runtimes on one home stand for two processes (two gateways, or sb run next to sb serve):
// the subscription-route slots live in the home, so the cap holds across them.
let directory: string;
let claudePath: string;
let home: SwitchboardHome;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sb-agent-cap-'));
  claudePath = await installFakeClaude(join(directory, 'bin'));
  await writeFile(join(directory, 'config.toml'), '[agents]\nsubscription_concurrency = 1\n');
  home = await openSwitchboard({
    environment: { SWITCHBOARD_HOME: directory, HOME: directory },
    storeKind: 'memory',
    detectCliBridge: async (method) => ({
      method,
      command: claudePath,
      installed: true,
      signedIn: true,
      evidence: 'test',
      account: 'ada@example.com',
    }),
  });
  await home.auth.login('anthropic', { method: 'claude-code' });
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function runtime(mode: 'ok' | 'hang') {
  return createRuntime({
    catalog: createCatalog(),
    registry: createProviderRegistry(),
    config: await loadConfig(home.paths.config),
    auth: home.auth,
    environment: { PATH: process.env['PATH'] ?? '', SWITCHBOARD_CLAUDE_COMMAND: claudePath, FAKE_CLAUDE_MODE: mode },
    slotsDirectory: home.paths.routeSlots,
  });
}

describe('agents.subscription_concurrency', () => {
  it('lets one agent session at a time use the Claude Code subscription, across runtimes; the next one after it ends', async () => {
    const busy = await runtime('hang');
    const other = await runtime('ok');
    const stop = new AbortController();
    const first = collect(
      busy.stream({
        ...ask('claude-opus-4-1', 'long task'),
        agentSession: { name: 'claude', id: 'aaaa1111' },
        signal: stop.signal,
      }),
    ).catch((error: unknown) => error);
    await expect.poll(() => existsSync(join(home.paths.routeSlots, 'anthropic.claude-code', 'slot-0'))).toBe(true);

    const refused = await collect(
      other.stream({ ...ask('claude-opus-4-1', 'me too'), agentSession: { name: 'codex', id: 'bbbb2222' } }),
    ).catch((error: unknown) => error);
    expect(isSwitchboardError(refused, 'RATE_LIMITED')).toBe(true);
    expect((refused as Error).message).toContain(
      'agent session codex.bbbb2222 may not join them (agents.subscription_concurrency = 1)',
    );
    // A request of no agent session is not capped.
    expect(textOf(await collect(other.stream(ask('claude-opus-4-1', 'plain'))))).toContain('plain');

    stop.abort();
    await first;
    expect(existsSync(join(home.paths.routeSlots, 'anthropic.claude-code', 'slot-0'))).toBe(false);
    const after = await collect(
      other.stream({ ...ask('claude-opus-4-1', 'now me'), agentSession: { name: 'codex', id: 'bbbb2222' } }),
    );
    expect(textOf(after)).toContain('now me');
  });
});
