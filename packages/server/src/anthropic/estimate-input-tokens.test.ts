import { describe, expect, it } from 'vitest';
import { CHARACTERS_PER_TOKEN, estimateInputTokens, TOKENS_PER_ATTACHMENT } from './estimate-input-tokens.js';

describe('estimateInputTokens', () => {
  it('counts system, message text, tool calls and tool definitions at four characters a token', () => {
    const text = 'x'.repeat(40);
    const tokens = estimateInputTokens({
      system: [{ type: 'text', text }],
      messages: [
        { role: 'user', content: text },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'read', input: { path: 'a' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: text }] },
      ],
    });
    const toolUse = 'read'.length + JSON.stringify({ path: 'a' }).length;
    expect(tokens).toBe(Math.ceil((3 * 40 + toolUse) / CHARACTERS_PER_TOKEN));
    const withTools = estimateInputTokens({ messages: [], tools: [{ name: 'read', input_schema: {} }] });
    expect(withTools).toBe(Math.ceil(JSON.stringify({ name: 'read', input_schema: {} }).length / CHARACTERS_PER_TOKEN));
  });

  it('counts an image or document as a fixed number of tokens, never by its base64 length', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(100_000) } };
    expect(estimateInputTokens({ messages: [{ role: 'user', content: [image] }] })).toBe(TOKENS_PER_ATTACHMENT);
  });

  it('reads whatever it is given without throwing', () => {
    expect(estimateInputTokens({ messages: 'nope', system: 42 })).toBe(0);
  });
});
