import { describe, expect, it } from 'vitest';
import { messagesRequestSchema } from './messages-schema.js';
import { messagesToChatRequest } from './messages-to-chat-request.js';

const signal = new AbortController().signal;
const convert = (body: unknown) => messagesToChatRequest(messagesRequestSchema.parse(body), 'claude-opus-4-1', signal);

describe('messagesToChatRequest', () => {
  it('joins leading system entries to the system prompt and turns later ones into marked user turns', () => {
    const request = convert({
      model: 'claude-opus-4-1',
      max_tokens: 10,
      system: 'Base.',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Also this.' }] },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'system', content: 'Plan mode is on.' },
        { role: 'user', content: 'go' },
      ],
    });
    expect(request.system).toBe('Base.\n\nAlso this.');
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'user']);
    expect(request.messages[2]).toEqual({
      role: 'user',
      content: [{ type: 'text', text: '<system>\nPlan mode is on.\n</system>' }],
    });
  });

  it('maps system blocks, max_tokens, sampling and stop sequences', () => {
    const request = convert({
      model: 'claude-opus-4-1',
      max_tokens: 300,
      system: [
        { type: 'text', text: 'Be kind.' },
        { type: 'text', text: 'Be brief.' },
      ],
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.5,
      top_p: 0.8,
      stop_sequences: ['###'],
    });
    expect(request).toMatchObject({
      system: 'Be kind.\n\nBe brief.',
      maxOutputTokens: 300,
      temperature: 0.5,
      topP: 0.8,
      stopSequences: ['###'],
    });
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('splits tool results out of a user turn and keeps the text after them', () => {
    const request = convert({
      model: 'claude-opus-4-1',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'look it up' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'I should call lookup.', signature: 'sig' },
            { type: 'text', text: 'Calling.' },
            { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'found', is_error: false },
            { type: 'text', text: 'thanks' },
          ],
        },
      ],
    });
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'I should call lookup.' },
        { type: 'text', text: 'Calling.' },
        { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'lookup', input: { q: 'x' } },
      ],
    });
    expect(request.messages[2]).toEqual({
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'toolu_1', toolName: 'lookup', output: { type: 'text', value: 'found' } },
      ],
    });
    expect(request.messages[3]).toEqual({ role: 'user', content: [{ type: 'text', text: 'thanks' }] });
  });

  it('marks failed tool results as errors', () => {
    const request = convert({
      model: 'claude-opus-4-1',
      max_tokens: 100,
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_2', name: 'run', input: {} }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'boom' }], is_error: true },
          ],
        },
      ],
    });
    expect(request.messages[1]).toMatchObject({
      role: 'tool',
      content: [{ output: { type: 'error-text', value: 'boom' } }],
    });
  });

  it('maps tool_choice any → required and tool → a named tool', () => {
    const base = {
      model: 'claude-opus-4-1',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ name: 'a', input_schema: { type: 'object' } }],
    };
    expect(convert({ ...base, tool_choice: { type: 'any' } }).toolChoice).toBe('required');
    expect(convert({ ...base, tool_choice: { type: 'tool', name: 'a' } }).toolChoice).toEqual({
      type: 'tool',
      toolName: 'a',
    });
    expect(convert(base).tools).toEqual({ a: { inputSchema: { type: 'object' } } });
  });

  it('refuses a tool_result without its tool_use and requires max_tokens', () => {
    expect(() =>
      convert({
        model: 'm',
        max_tokens: 5,
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'nope' }] }],
      }),
    ).toThrow(/tool_use/);
    expect(messagesRequestSchema.safeParse({ model: 'm', messages: [] }).success).toBe(false);
  });
});
