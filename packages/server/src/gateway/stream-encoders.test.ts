import { describe, expect, it } from 'vitest';
import { SwitchboardError, type RouteTarget } from '@switchboard/core';
import { createMessagesStreamEncoder } from '../anthropic/messages-stream-encoder.js';
import { createChatCompletionStreamEncoder } from '../openai/chat-completion-stream-encoder.js';
import { responsesRequestSchema } from '../openai/responses-schema.js';
import { createResponsesStreamEncoder } from '../openai/responses-stream-encoder.js';
import type { StreamEncoder } from './stream-encoder.js';

const route: RouteTarget = {
  model: 'm',
  provider: 'openai',
  method: 'api-key',
  upstreamId: 'm',
  transport: 'openai-chat',
};
const usage = { inputTokens: 5, outputTokens: 2, totalTokens: 7 };

/** Parses SSE text into [event name | undefined, data] frames. */
function frames(text: string): Array<[string | undefined, string]> {
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1] ?? '';
      return [event, data];
    });
}

function run(encoder: StreamEncoder, events: Parameters<StreamEncoder['encode']>[0][]): string {
  return events.map((event) => encoder.encode(event)).join('');
}

describe('chat completion chunks', () => {
  it('sends role, content, tool calls, finish, usage and [DONE]', () => {
    const encoder = createChatCompletionStreamEncoder({ id: 'chatcmpl-1', model: 'm', created: 1 }, true);
    const text = run(encoder, [
      { type: 'start', route },
      { type: 'text-delta', text: 'He said "hi"\n' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'f', input: '{"a":1}' },
      { type: 'tool-call', toolCallId: 'call_2', toolName: 'g', input: '{}' },
      { type: 'finish', finishReason: 'tool-calls', usage },
    ]);
    const data = frames(text).map(([, payload]) => payload);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((payload) => JSON.parse(payload) as Record<string, any>);
    expect(chunks[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks[1]!.choices[0].delta).toEqual({ content: 'He said "hi"\n' });
    expect(chunks[2]!.choices[0].delta.tool_calls[0]).toMatchObject({
      index: 0,
      id: 'call_1',
      function: { name: 'f', arguments: '{"a":1}' },
    });
    expect(chunks[3]!.choices[0].delta.tool_calls[0]).toMatchObject({ index: 1, id: 'call_2' });
    expect(chunks[4]!.choices[0].finish_reason).toBe('tool_calls');
    expect(chunks[5]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
    for (const chunk of chunks.slice(0, 5))
      expect(chunk).toMatchObject({ id: 'chatcmpl-1', object: 'chat.completion.chunk', usage: null });
  });

  it('ends a failure with an error chunk and no [DONE]', () => {
    const encoder = createChatCompletionStreamEncoder({ id: 'chatcmpl-2', model: 'm', created: 1 }, false);
    const text = encoder.fail(new SwitchboardError('STREAM_INTERRUPTED', 'cut'));
    expect(frames(text)).toHaveLength(1);
    expect(JSON.parse(frames(text)[0]![1])).toEqual({
      error: { message: 'cut', type: 'server_error', param: null, code: 'stream_interrupted' },
    });
    expect(text).not.toContain('[DONE]');
  });
});

describe('anthropic message events', () => {
  it('numbers blocks, names every event and closes blocks before the message delta', () => {
    const encoder = createMessagesStreamEncoder({ id: 'msg_1', model: 'm', requestId: 'r' });
    const text = run(encoder, [
      { type: 'start', route },
      { type: 'reasoning-delta', text: 'think' },
      { type: 'text-delta', text: 'a' },
      { type: 'text-delta', text: 'b' },
      { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'f', input: '{"x":1}' },
      { type: 'finish', finishReason: 'tool-calls', usage },
    ]);
    const parsed = frames(text).map(([event, data]) => ({ event, data: JSON.parse(data) as Record<string, any> }));
    for (const { event, data } of parsed) expect(data.type).toBe(event);
    expect(parsed.map(({ event }) => event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(parsed[1]!.data).toMatchObject({ index: 0, content_block: { type: 'thinking' } });
    expect(parsed[4]!.data).toMatchObject({ index: 1, content_block: { type: 'text' } });
    expect(parsed[8]!.data).toMatchObject({ index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f' } });
    expect(parsed[9]!.data.delta).toEqual({ type: 'input_json_delta', partial_json: '{"x":1}' });
    expect(parsed[11]!.data).toMatchObject({
      delta: { stop_reason: 'tool_use' },
      usage: { input_tokens: 5, output_tokens: 2 },
    });
  });

  it('ends a failure with event: error, never message_stop', () => {
    const encoder = createMessagesStreamEncoder({ id: 'msg_2', model: 'm', requestId: 'req-9' });
    const [[event, data]] = frames(encoder.fail(new SwitchboardError('PROVIDER_UNAVAILABLE', 'busy'))) as [
      [string, string],
    ];
    expect(event).toBe('error');
    expect(JSON.parse(data)).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'busy' },
      request_id: 'req-9',
    });
  });
});

describe('responses events', () => {
  const context = {
    id: 'resp_1',
    model: 'm',
    createdAt: 1,
    request: responsesRequestSchema.parse({ model: 'm', input: 'x' }),
  };

  it('opens and closes output items in order with increasing sequence numbers', () => {
    const encoder = createResponsesStreamEncoder(context);
    const text = run(encoder, [
      { type: 'start', route },
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'f', input: '{}' },
      { type: 'finish', finishReason: 'length', usage },
    ]);
    const parsed = frames(text).map(([event, data]) => ({ event, data: JSON.parse(data) as Record<string, any> }));
    expect(parsed.map(({ data }) => data.sequence_number)).toEqual(parsed.map((_, index) => index));
    expect(parsed.map(({ event }) => event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.incomplete',
    ]);
    expect(parsed[6]!.data.text).toBe('Hello');
    const final = parsed.at(-1)!.data.response;
    expect(final).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      usage: { input_tokens: 5, output_tokens: 2 },
    });
    expect(final.output.map((item: { type: string }) => item.type)).toEqual(['message', 'function_call']);
  });

  it('ends a failure with response.failed and an error event', () => {
    const encoder = createResponsesStreamEncoder(context);
    run(encoder, [{ type: 'start', route }]);
    const parsed = frames(encoder.fail(new SwitchboardError('RATE_LIMITED', 'slow down')));
    expect(parsed.map(([event]) => event)).toEqual(['response.failed', 'error']);
    expect(JSON.parse(parsed[1]![1])).toMatchObject({
      type: 'error',
      code: 'rate_limit_exceeded',
      message: 'slow down',
    });
  });
});
