import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_MODELS, startAgentHarness, TOOL_ANSWER, TOOL_PROMPT, type AgentHarness } from './agent-harness.js';

// Codex (pinned, installed from npm) through `sb run` (its custom `switchboard` provider) on
// `sb serve --local`, against the testkit's fake OpenAI and Anthropic upstreams.
let harness: AgentHarness;
beforeAll(async () => {
  harness = await startAgentHarness();
}, 300_000);
afterAll(async () => {
  await harness?.close();
});
beforeEach(() => harness.upstream.reset());

// No git repository in the project directory; no approvals to wait for in a test.
const EXEC = ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox'];

describe.each(Object.entries(AGENT_MODELS))('Codex with a %s model', (family, model) => {
  const upstreamTag = family === 'claude' ? '[anthropic:' : '[openai:';

  async function expectAllServed(): Promise<void> {
    const lines = await harness.takeAccessLines();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.status >= 400)).toEqual([]);
  }

  it('answers a plain prompt, over HTTP with every tool it sends', async () => {
    const result = await harness.run('codex', model, [...EXEC, 'PLAIN: say hello']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(upstreamTag);
    expect(result.stdout).toContain('PLAIN: say hello');
    await expectAllServed();
  });

  it('streams its events (--json)', async () => {
    const result = await harness.run('codex', model, [...EXEC, '--json', 'STREAM: count']);
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; item?: { type?: string; text?: string } });
    expect(events.some((event) => event.type === 'turn.completed')).toBe(true);
    const message = events.find((event) => event.type === 'item.completed' && event.item?.type === 'agent_message');
    expect(message?.item?.text).toContain('STREAM: count');
    await expectAllServed();
  });

  it('completes a tool round trip (exec_command)', async () => {
    const result = await harness.run('codex', model, [...EXEC, TOOL_PROMPT]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(TOOL_ANSWER);
    await expectAllServed();
  });
});
