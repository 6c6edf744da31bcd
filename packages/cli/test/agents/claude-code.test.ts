import { describe, expect, it } from 'vitest';
import { describeAgent, expectAllServed, TOOL_ANSWER, TOOL_PROMPT, upstreamTag } from './agent-harness.js';

// Claude Code (pinned, installed from npm) through `sb run` on `sb serve --local`, against the
// testkit's fake Anthropic and OpenAI upstreams.

describeAgent('Claude Code', ({ harness, family, model, tag }) => {
  it('answers a plain prompt', async () => {
    const result = await harness().run('claude', model, ['-p', 'PLAIN: say hello']);
    expect(result.code, result.stderr).toBe(0);
    // The fake model echoes the conversation's last user text, on the upstream the model lives on.
    expect(result.stdout).toContain(`${tag}`);
    expect(result.stdout).toContain('you said:');
    expect(harness().sentToUpstream('PLAIN: say hello')).toBe(true);
    await expectAllServed(harness());
  });

  it('streams its events (stream-json)', async () => {
    const result = await harness().run('claude', model, [
      '-p',
      'STREAM: count',
      '--output-format',
      'stream-json',
      '--verbose',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; subtype?: string; result?: string });
    expect(events.some((event) => event.type === 'assistant')).toBe(true);
    const final = events.find((event) => event.type === 'result');
    expect(final).toMatchObject({ subtype: 'success' });
    expect(final?.result).toContain(tag);
    expect(harness().sentToUpstream('STREAM: count')).toBe(true);
    await expectAllServed(harness());
  });

  it('completes a tool round trip (Read)', async () => {
    const result = await harness().run('claude', model, ['-p', TOOL_PROMPT, '--allowedTools', 'Read']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(TOOL_ANSWER);
    await expectAllServed(harness());
  });

  it('counts tokens for /context (forwarded for Claude, estimated otherwise)', async () => {
    const result = await harness().run('claude', model, ['-p', '/context']);
    expect(result.code, result.stderr).toBe(0);
    const counts = (await harness().takeAccessLines()).filter((line) => line.path === '/v1/messages/count_tokens');
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.filter((line) => line.status !== 200)).toEqual([]);
    const upstreamCounts = harness().upstream.requests.filter((request) => request.path.endsWith('/count_tokens'));
    if (family === 'claude') expect(upstreamCounts.length).toBe(counts.length);
    else expect(upstreamCounts).toEqual([]);
  });

  if (family === 'gpt')
    // Gemini takes a system prompt only up front: Claude Code's system entries inside the
    // conversation must arrive converted, on the plain path and the tool path alike.
    it('runs on Gemini as well (its system entries converted)', async () => {
      const plain = await harness().run('claude', 'gemini-2.5-pro', ['-p', 'PLAIN: say hello']);
      expect(plain.code, plain.stderr).toBe(0);
      expect(plain.stdout).toContain(upstreamTag('gemini'));
      const tool = await harness().run('claude', 'gemini-2.5-pro', ['-p', TOOL_PROMPT, '--allowedTools', 'Read']);
      expect(tool.code, tool.stderr).toBe(0);
      expect(tool.stdout).toContain(TOOL_ANSWER);
      await expectAllServed(harness());
    });
});
