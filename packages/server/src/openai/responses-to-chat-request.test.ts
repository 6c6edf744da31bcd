import { describe, expect, it } from 'vitest';
import { responsesRequestSchema } from './responses-schema.js';
import { responsesToChatRequest } from './responses-to-chat-request.js';

const signal = new AbortController().signal;
const convert = (body: unknown) => responsesToChatRequest(responsesRequestSchema.parse(body), 'gpt-5', signal).request;

describe('responsesToChatRequest', () => {
  it('takes a plain string input as one user message and instructions as the system prompt', () => {
    const request = convert({ model: 'gpt-5', input: 'hello', instructions: 'Be terse.', max_output_tokens: 64 });
    expect(request.messages).toEqual([{ role: 'user', content: 'hello' }]);
    expect(request.system).toBe('Be terse.');
    expect(request.maxOutputTokens).toBe(64);
  });

  it('attaches function calls to the assistant turn and outputs to a tool turn', () => {
    const request = convert({
      model: 'gpt-5',
      input: [
        { role: 'developer', content: 'Use tools.' },
        { role: 'user', content: [{ type: 'input_text', text: 'sum 1 2' }] },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { role: 'assistant', content: [{ type: 'output_text', text: 'Calling sum.' }] },
        { type: 'function_call', call_id: 'call_1', name: 'sum', arguments: '{"a":1,"b":2}' },
        { type: 'function_call_output', call_id: 'call_1', output: '3' },
      ],
      tools: [{ type: 'function', name: 'sum', parameters: { type: 'object' } }],
      tool_choice: { type: 'function', name: 'sum' },
    });
    expect(request.system).toBe('Use tools.');
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'sum 1 2' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Calling sum.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'sum', input: { a: 1, b: 2 } },
        ],
      },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'sum', output: { type: 'text', value: '3' } }],
      },
    ]);
    expect(request.toolChoice).toEqual({ type: 'tool', toolName: 'sum' });
  });

  it('refuses previous_response_id: the gateway keeps no state', () => {
    expect(() => convert({ model: 'gpt-5', input: 'x', previous_response_id: 'resp_1' })).toThrow(/whole conversation/);
  });

  it('unpacks namespace tools, turns custom tools into one-string functions, and leaves hosted tools out', () => {
    const translated = responsesToChatRequest(
      responsesRequestSchema.parse({
        model: 'gpt-5',
        input: [
          { type: 'message', role: 'user', content: 'hi' },
          { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch' },
          { type: 'custom_tool_call_output', call_id: 'c1', output: 'Done!' },
          { type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'x' } },
          { type: 'function_call', call_id: 'c2', namespace: 'fs', name: 'read', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c2', output: 'text' },
        ],
        tools: [
          { type: 'namespace', name: 'fs', tools: [{ type: 'function', name: 'read' }, { type: 'web_search' }] },
          { type: 'web_search', external_web_access: false },
          {
            type: 'custom',
            name: 'apply_patch',
            description: 'Edit files.',
            format: { type: 'grammar', syntax: 'lark', definition: 'start: "*** Begin Patch"' },
          },
        ],
      }),
      'gpt-5',
      signal,
    );
    const tools = translated.request.tools ?? {};
    expect(Object.keys(tools)).toEqual(['fs__read', 'apply_patch']);
    expect(tools['apply_patch']?.inputSchema).toMatchObject({ required: ['input'] });
    expect(tools['apply_patch']?.description).toContain('start: "*** Begin Patch"');
    expect([...translated.namespaced]).toEqual([['fs__read', { namespace: 'fs', name: 'read' }]]);
    expect([...translated.custom]).toEqual(['apply_patch']);
    expect(translated.droppedTools).toEqual(['web_search', 'web_search']);
    expect(translated.request.messages.slice(1).map((message) => message.role)).toEqual([
      'assistant',
      'tool',
      'assistant',
      'tool',
    ]);
    expect(translated.request.messages[1]).toMatchObject({
      content: [{ type: 'tool-call', toolName: 'apply_patch', input: { input: '*** Begin Patch' } }],
    });
    expect(translated.request.messages[3]).toMatchObject({ content: [{ type: 'tool-call', toolName: 'fs__read' }] });
  });

  it('still refuses a malformed function tool instead of taking it for a hosted one', () => {
    expect(() =>
      responsesRequestSchema.parse({ model: 'gpt-5', input: 'x', tools: [{ type: 'function', parameters: {} }] }),
    ).toThrow();
  });
});
