import { describe, expect, it } from 'vitest';
import { describeAgent, expectAllServed, TOOL_ANSWER, TOOL_PROMPT } from './agent-harness.js';

// opencode (pinned, installed from npm) through `sb run` (its `switchboard` provider in
// OPENCODE_CONFIG_CONTENT) on `sb serve --local`, against the testkit's fake upstreams.

describeAgent('opencode', ({ harness, model, tag }) => {
  it('answers a plain prompt', async () => {
    const result = await harness().run('opencode', model, ['run', 'PLAIN: say hello']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(tag);
    expect(result.stdout).toContain('PLAIN: say hello');
    await expectAllServed(harness());
  });

  it('streams its events (--format json)', async () => {
    const result = await harness().run('opencode', model, ['run', '--format', 'json', 'STREAM: count']);
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; part?: { type?: string; text?: string } });
    const texts = events.filter((event) => event.type === 'text').map((event) => event.part?.text ?? '');
    expect(texts.join('')).toContain('STREAM: count');
    await expectAllServed(harness());
  });

  it('completes a tool round trip (read)', async () => {
    const result = await harness().run('opencode', model, ['run', TOOL_PROMPT]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(TOOL_ANSWER);
    await expectAllServed(harness());
  });
});
