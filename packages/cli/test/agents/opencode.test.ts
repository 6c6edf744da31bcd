import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_MODELS, startAgentHarness, TOOL_ANSWER, TOOL_PROMPT, type AgentHarness } from './agent-harness.js';

// opencode (pinned, installed from npm) through `sb run` (its `switchboard` provider in
// OPENCODE_CONFIG_CONTENT) on `sb serve --local`, against the testkit's fake upstreams.
let harness: AgentHarness;
beforeAll(async () => {
  harness = await startAgentHarness();
}, 300_000);
afterAll(async () => {
  await harness?.close();
});
beforeEach(() => harness.upstream.reset());

describe.each(Object.entries(AGENT_MODELS))('opencode with a %s model', (family, model) => {
  const upstreamTag = family === 'claude' ? '[anthropic:' : '[openai:';

  async function expectAllServed(): Promise<void> {
    const lines = await harness.takeAccessLines();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.status >= 400)).toEqual([]);
  }

  it('answers a plain prompt', async () => {
    const result = await harness.run('opencode', model, ['run', 'PLAIN: say hello']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(upstreamTag);
    expect(result.stdout).toContain('PLAIN: say hello');
    await expectAllServed();
  });

  it('streams its events (--format json)', async () => {
    const result = await harness.run('opencode', model, ['run', '--format', 'json', 'STREAM: count']);
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; part?: { type?: string; text?: string } });
    const texts = events.filter((event) => event.type === 'text').map((event) => event.part?.text ?? '');
    expect(texts.join('')).toContain('STREAM: count');
    await expectAllServed();
  });

  it('completes a tool round trip (read)', async () => {
    const result = await harness.run('opencode', model, ['run', TOOL_PROMPT]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(TOOL_ANSWER);
    await expectAllServed();
  });
});
