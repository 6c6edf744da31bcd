import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '@switchboard/core';
import { chatCompletionsRequestSchema } from './chat-completions-schema.js';
import { chatCompletionsToChatRequest } from './chat-completions-to-chat-request.js';

const signal = new AbortController().signal;
const convert = (body: unknown) =>
  chatCompletionsToChatRequest(chatCompletionsRequestSchema.parse(body), 'gpt-5', signal);

describe('chatCompletionsToChatRequest', () => {
  it('lifts leading system and developer messages into `system` and keeps later ones in place', () => {
    const request = convert({
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'Rule one.' },
        { role: 'developer', content: [{ type: 'text', text: 'Rule two.' }] },
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'Late rule.' },
      ],
    });
    expect(request.system).toBe('Rule one.\n\nRule two.');
    expect(request.messages).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'Late rule.' },
    ]);
  });

  it('pairs tool messages with the calls they answer and groups parallel results', () => {
    const request = convert({
      model: 'gpt-5',
      messages: [
        { role: 'user', content: 'weather in two cities' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
            { id: 'call_b', type: 'function', function: { name: 'weather', arguments: 'not json' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: 'cold' },
        { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: 'warm' }] },
      ],
    });
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'tool-call', toolCallId: 'call_a', toolName: 'weather', input: { city: 'Oslo' } },
        { type: 'tool-call', toolCallId: 'call_b', toolName: 'weather', input: 'not json' },
      ],
    });
    expect(request.messages[2]).toEqual({
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'call_a', toolName: 'weather', output: { type: 'text', value: 'cold' } },
        { type: 'tool-result', toolCallId: 'call_b', toolName: 'weather', output: { type: 'text', value: 'warm' } },
      ],
    });
  });

  it('refuses a tool message that answers no call', () => {
    let caught: unknown;
    try {
      convert({ model: 'gpt-5', messages: [{ role: 'tool', tool_call_id: 'call_x', content: 'x' }] });
    } catch (error) {
      caught = error;
    }
    expect(isSwitchboardError(caught, 'INVALID_REQUEST')).toBe(true);
  });

  it('maps tools, tool_choice, limits, sampling and stop sequences', () => {
    const request = convert({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', parameters: { type: 'object', properties: { id: { type: 'string' } } } },
        },
        { type: 'function', function: { name: 'noop' } },
      ],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      max_tokens: 50,
      max_completion_tokens: 80,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
    });
    expect(request.tools).toEqual({
      lookup: { inputSchema: { type: 'object', properties: { id: { type: 'string' } } } },
      noop: { inputSchema: { type: 'object', properties: {} } },
    });
    expect(request.toolChoice).toEqual({ type: 'tool', toolName: 'lookup' });
    expect(request.maxOutputTokens).toBe(80);
    expect(request).toMatchObject({ temperature: 0.2, topP: 0.9, stopSequences: ['END'], model: 'gpt-5' });
    expect(request.signal).toBe(signal);
  });

  it('turns data: image URLs into inline images and http URLs into URLs', () => {
    const request = convert({
      model: 'gpt-5',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.test/cat.jpg' } },
          ],
        },
      ],
    });
    const content = request.messages[0]?.content as unknown[];
    expect(content[1]).toEqual({ type: 'image', image: 'iVBORw0KGgo=', mediaType: 'image/png' });
    expect(content[2]).toEqual({ type: 'image', image: new URL('https://example.test/cat.jpg') });
  });

  it('refuses n > 1 and a non-http image URL', () => {
    expect(
      chatCompletionsRequestSchema.safeParse({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 }).success,
    ).toBe(false);
    expect(() =>
      convert({
        model: 'm',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] }],
      }),
    ).toThrow(/http/);
  });
});
