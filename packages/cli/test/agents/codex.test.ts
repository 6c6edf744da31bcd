import { describe, expect, it } from 'vitest';
import { describeAgent, expectAllServed, TOOL_ANSWER, TOOL_PROMPT } from './agent-harness.js';

// Codex (pinned, installed from npm) through `sb run` (its custom `switchboard` provider) on
// `sb serve --local`, against the testkit's fake OpenAI and Anthropic upstreams.

// No git repository in the project directory; no approvals to wait for in a test.
const EXEC = ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox'];

describeAgent('Codex', ({ harness, model, tag }) => {
  it('answers a plain prompt, over HTTP with every tool it sends', async () => {
    const result = await harness().run('codex', model, [...EXEC, 'PLAIN: say hello']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(tag);
    expect(result.stdout).toContain('PLAIN: say hello');
    await expectAllServed(harness());
  });

  it('streams its events (--json)', async () => {
    const result = await harness().run('codex', model, [...EXEC, '--json', 'STREAM: count']);
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; item?: { type?: string; text?: string } });
    expect(events.some((event) => event.type === 'turn.completed')).toBe(true);
    const message = events.find((event) => event.type === 'item.completed' && event.item?.type === 'agent_message');
    expect(message?.item?.text).toContain('STREAM: count');
    await expectAllServed(harness());
  });

  it('completes a tool round trip (exec_command)', async () => {
    const result = await harness().run('codex', model, [...EXEC, TOOL_PROMPT]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(TOOL_ANSWER);
    await expectAllServed(harness());
  });

  it('falls back to HTTP at once when its WebSocket attempt is refused (426)', async () => {
    // Codex's built-in OpenAI provider tries WebSockets first; a provider may opt in the same way.
    const result = await harness().run('codex', model, [
      '-c',
      'model_providers.switchboard.supports_websockets=true',
      ...EXEC,
      'WEBSOCKET: hello',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(tag);
    const lines = (await harness().takeAccessLines()).filter((line) => line.path === '/v1/responses');
    // One upgrade attempt, answered 426, then the turn over HTTP: no retries of the WebSocket.
    expect(lines.map((line) => line.status)).toEqual([426, 200]);
  });
});
