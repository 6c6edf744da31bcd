import { describe, expect, it } from 'vitest';
import { createWireStreamMonitor, usageOfWireBody } from './wire-stream-monitor.js';

const chunk = (fields: Record<string, unknown>) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', ...fields })}\n\n`;
const delta = (text: string) =>
  chunk({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }], usage: null });

describe('createWireStreamMonitor', () => {
  it('passes whole events through untouched and reads OpenAI chat usage and [DONE]', () => {
    const monitor = createWireStreamMonitor({ wire: 'openai-chat', stripUsageChunk: false, secrets: [] });
    expect(monitor.feed(delta('Hello ') + delta('world'))).toBeUndefined();
    expect(monitor.completed).toBe(false);
    const usage = chunk({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } });
    expect(monitor.feed(usage + 'data: [DONE]\n\n')).toBeUndefined();
    expect(monitor.usage).toEqual({ inputTokens: 9, outputTokens: 2 });
    expect(monitor.completed).toBe(true);
    expect(monitor.failure).toBeUndefined();
  });

  it('holds an unfinished event back until its end, wherever the pieces are cut (markers too)', () => {
    const monitor = createWireStreamMonitor({ wire: 'openai-chat', stripUsageChunk: false, secrets: [] });
    const whole = delta('one ') + delta('two ') + 'data: [DONE]\n\n';
    let out = '';
    for (let index = 0; index < whole.length; index += 7) {
      const piece = whole.slice(index, index + 7);
      const sent = monitor.feed(piece);
      out += sent === undefined ? piece : sent;
    }
    out += monitor.flush();
    expect(out).toBe(whole);
    expect(monitor.completed).toBe(true);
  });

  it('drops the usage-only chunk the caller did not ask for, keeping the usage', () => {
    const monitor = createWireStreamMonitor({ wire: 'openai-chat', stripUsageChunk: true, secrets: [] });
    const finish = chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null });
    const usage = chunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4 } });
    expect(monitor.feed(finish + usage + 'data: [DONE]\n\n')).toBe(finish + 'data: [DONE]\n\n');
    expect(monitor.usage).toEqual({ inputTokens: 3, outputTokens: 4 });
  });

  it('reads Mistral-style usage on the finish chunk without dropping it', () => {
    const monitor = createWireStreamMonitor({ wire: 'openai-chat', stripUsageChunk: false, secrets: [] });
    const finish = chunk({
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 6 },
    });
    expect(monitor.feed(finish)).toBeUndefined();
    expect(monitor.usage).toEqual({ inputTokens: 5, outputTokens: 6 });
  });

  it('reads Anthropic usage from message_start and message_delta, and the end from message_stop', () => {
    const monitor = createWireStreamMonitor({ wire: 'anthropic-messages', stripUsageChunk: false, secrets: [] });
    const events = [
      `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { usage: { input_tokens: 25, output_tokens: 1 } } })}\n\n`,
      `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } })}\n\n`,
      `event: message_delta\ndata: ${JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 15 } })}\n\n`,
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ];
    for (const event of events) expect(monitor.feed(event)).toBeUndefined();
    expect(monitor.usage).toEqual({ inputTokens: 25, outputTokens: 15 });
    expect(monitor.completed).toBe(true);
  });

  it('reads Responses usage from response.completed; response.failed is a failure', () => {
    const monitor = createWireStreamMonitor({ wire: 'openai-responses', stripUsageChunk: false, secrets: [] });
    monitor.feed(
      `event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', response: { usage: { input_tokens: 7, output_tokens: 8 } } })}\n\n`,
    );
    expect(monitor.usage).toEqual({ inputTokens: 7, outputTokens: 8 });
    expect(monitor.completed).toBe(true);
    const failing = createWireStreamMonitor({ wire: 'openai-responses', stripUsageChunk: false, secrets: [] });
    failing.feed(
      `event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', response: { error: { code: 'server_error', message: 'boom' } } })}\n\n`,
    );
    expect(failing.failure).toEqual({ code: 'server_error', message: 'boom' });
    expect(failing.completed).toBe(false);
  });

  it('scrubs the credential from an in-band error event it passes on', () => {
    const secret = 'sk-live-SECRET-1234567890';
    const monitor = createWireStreamMonitor({ wire: 'anthropic-messages', stripUsageChunk: false, secrets: [secret] });
    const event = `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: `key ${secret} overloaded` } })}\n\n`;
    const out = monitor.feed(event);
    expect(out).toBeDefined();
    expect(out).not.toContain(secret);
    expect(out).toContain('overloaded_error');
    expect(monitor.failure).toMatchObject({ type: 'overloaded_error' });
  });
});

describe('usageOfWireBody', () => {
  it('reads each API’s usage field names', () => {
    expect(usageOfWireBody('openai-chat', { usage: { prompt_tokens: 1, completion_tokens: 2 } })).toEqual({
      inputTokens: 1,
      outputTokens: 2,
    });
    expect(usageOfWireBody('anthropic-messages', { usage: { input_tokens: 3, output_tokens: 4 } })).toEqual({
      inputTokens: 3,
      outputTokens: 4,
    });
    expect(usageOfWireBody('openai-responses', { usage: { input_tokens: 5, output_tokens: 6 } })).toEqual({
      inputTokens: 5,
      outputTokens: 6,
    });
    expect(usageOfWireBody('openai-chat', { choices: [] })).toBeUndefined();
  });
});
