import { describe, expect, it } from 'vitest';
import type { WireFormat } from '../providers/forward-target.js';
import { createWireByteScanner } from './wire-byte-scanner.js';

const chunk = (fields: Record<string, unknown>) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', ...fields })}\n\n`;
const delta = (text: string) =>
  chunk({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }], usage: null });
const anthropic = (name: string, data: Record<string, unknown>) =>
  `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
const responses = (name: string, data: Record<string, unknown>) =>
  `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;

const OPENAI_STREAM =
  delta('Hello ') +
  delta('wörld ✓') +
  chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null }) +
  chunk({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } }) +
  'data: [DONE]\n\n';
const ANTHROPIC_STREAM =
  anthropic('message_start', { message: { id: 'msg_1', usage: { input_tokens: 12, output_tokens: 1 } } }) +
  anthropic('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
  anthropic('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hi ✓ message_stop' } }) +
  anthropic('content_block_stop', { index: 0 }) +
  anthropic('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } }) +
  anthropic('message_stop', {});
const RESPONSES_STREAM =
  responses('response.created', { response: { id: 'resp_1' } }) +
  responses('response.output_text.delta', { delta: 'Hello' }) +
  responses('response.completed', { response: { id: 'resp_1', usage: { input_tokens: 4, output_tokens: 5 } } });

/** Feeds `text` cut every `size` bytes (multi-byte characters split too); returns what went out. */
function run(wire: WireFormat, text: string, size: number, stripUsageChunk = false, secrets: string[] = []) {
  const scanner = createWireByteScanner({ wire, stripUsageChunk, secrets });
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let index = 0; index < bytes.length; index += size) {
    const piece = bytes.subarray(index, index + size);
    const sent = scanner.feed(piece);
    out.push(sent ?? piece);
  }
  out.push(scanner.flush());
  return { scanner, text: Buffer.concat(out).toString('utf8') };
}

describe('createWireByteScanner', () => {
  it('passes whole OpenAI chat events through as the same bytes and reads usage and [DONE]', () => {
    const scanner = createWireByteScanner({ wire: 'openai-chat', stripUsageChunk: false, secrets: [] });
    const deltas = Buffer.from(delta('Hello ') + delta('world'));
    expect(scanner.feed(deltas)).toBeUndefined();
    expect(scanner.completed).toBe(false);
    expect(scanner.usage).toBeUndefined();
    const rest = Buffer.from(OPENAI_STREAM);
    expect(scanner.feed(rest)).toBeUndefined();
    expect(scanner.usage).toEqual({ inputTokens: 9, outputTokens: 2 });
    expect(scanner.completed).toBe(true);
    expect(scanner.failure).toBeUndefined();
  });

  it.each([1, 2, 3, 7, 16, 64, 1000])('reads every format the same whatever the piece size (%i bytes)', (size) => {
    const openai = run('openai-chat', OPENAI_STREAM, size);
    expect(openai.text).toBe(OPENAI_STREAM);
    expect([openai.scanner.usage, openai.scanner.completed]).toEqual([{ inputTokens: 9, outputTokens: 2 }, true]);
    const claude = run('anthropic-messages', ANTHROPIC_STREAM, size);
    expect(claude.text).toBe(ANTHROPIC_STREAM);
    expect([claude.scanner.usage, claude.scanner.completed]).toEqual([{ inputTokens: 12, outputTokens: 7 }, true]);
    const codex = run('openai-responses', RESPONSES_STREAM, size);
    expect(codex.text).toBe(RESPONSES_STREAM);
    expect([codex.scanner.usage, codex.scanner.completed]).toEqual([{ inputTokens: 4, outputTokens: 5 }, true]);
  });

  it('holds an unfinished event back until its end', () => {
    const scanner = createWireByteScanner({ wire: 'openai-chat', stripUsageChunk: false, secrets: [] });
    const event = Buffer.from(delta('one '));
    expect(scanner.feed(event.subarray(0, 10))?.length).toBe(0);
    expect(scanner.feed(event.subarray(10))?.toString()).toBe(event.toString());
  });

  it.each([1, 5, 1000])(
    'drops the usage-only chunk the caller did not ask for, keeping its usage (%i bytes)',
    (size) => {
      const { scanner, text } = run('openai-chat', OPENAI_STREAM, size, true);
      const usageChunk = chunk({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } });
      expect(text).toBe(OPENAI_STREAM.replace(usageChunk, ''));
      expect(scanner.usage).toEqual({ inputTokens: 9, outputTokens: 2 });
      expect(scanner.completed).toBe(true);
    },
  );

  it('does not take "usage":null (sent on every chunk) for usage, and reads Mistral usage on the finish chunk', () => {
    const scanner = createWireByteScanner({ wire: 'openai-chat', stripUsageChunk: true, secrets: [] });
    const finish = chunk({
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 6 },
    });
    expect(scanner.feed(Buffer.from(delta('a') + delta('b')))).toBeUndefined();
    expect(scanner.usage).toBeUndefined();
    expect(scanner.feed(Buffer.from(finish))).toBeUndefined();
    expect(scanner.usage).toEqual({ inputTokens: 5, outputTokens: 6 });
  });

  it('reads usage written with a space after the colon (Python json.dumps: vLLM, LiteLLM) and drops that chunk', () => {
    const scanner = createWireByteScanner({ wire: 'openai-chat', stripUsageChunk: true, secrets: [] });
    const pythonStyle = (fields: Record<string, unknown>) =>
      `data: ${JSON.stringify({ id: 'c1', ...fields })
        .replaceAll('":', '": ')
        .replaceAll(',"', ', "')}\n\n`;
    const usageChunk = pythonStyle({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 3 } });
    expect(usageChunk).toContain('"usage": {"prompt_tokens": 7');
    const out = scanner.feed(Buffer.from(pythonStyle({ choices: [], usage: null }) + usageChunk + 'data: [DONE]\n\n'));
    expect(out?.toString()).toBe(pythonStyle({ choices: [], usage: null }) + 'data: [DONE]\n\n');
    expect([scanner.usage, scanner.completed]).toEqual([{ inputTokens: 7, outputTokens: 3 }, true]);
  });

  it('reports an in-band error event with the credential scrubbed, in each format', () => {
    const secret = 'sk-secret-123456';
    const openai = run('openai-chat', `data: {"error":{"message":"bad key ${secret}","type":"x"}}\n\n`, 4, false, [
      secret,
    ]);
    expect(openai.scanner.failure).toEqual({ message: `bad key ${secret}`, type: 'x' });
    expect(openai.text).not.toContain(secret);
    const claude = run(
      'anthropic-messages',
      anthropic('message_start', { message: { usage: { input_tokens: 1 } } }) +
        anthropic('error', { error: { type: 'overloaded_error', message: `busy ${secret}` } }),
      3,
      false,
      [secret],
    );
    expect(claude.scanner.failure).toEqual({ type: 'overloaded_error', message: `busy ${secret}` });
    expect(claude.text).not.toContain(secret);
    expect(claude.scanner.completed).toBe(false);
    const codex = run(
      'openai-responses',
      responses('response.failed', {
        response: { error: { code: 'server_error', message: 'down' }, usage: { input_tokens: 2, output_tokens: 0 } },
      }),
      1000,
    );
    expect(codex.scanner.failure).toEqual({ code: 'server_error', message: 'down' });
    expect(codex.scanner.usage).toEqual({ inputTokens: 2, outputTokens: 0 });
    expect(codex.scanner.completed).toBe(false);
  });

  it('reads an error event named without a space after the colon (`event:error`)', () => {
    const claude = 'event:error\ndata:{"type":"error","error":{"type":"api_error","message":"down"}}\n\n';
    const anthropicRun = run('anthropic-messages', claude, 1000);
    expect(anthropicRun.scanner.failure).toEqual({ type: 'api_error', message: 'down' });
    expect(anthropicRun.text).toBe(claude);
    const codex = 'event:error\ndata:{"type":"error","code":"server_error","message":"down"}\n\n';
    const responsesRun = run('openai-responses', codex, 1000);
    expect(responsesRun.scanner.failure).toEqual({ type: 'error', code: 'server_error', message: 'down' });
    expect(responsesRun.text).toBe(codex);
  });

  it('reads an unfinished last event at the end (no blank line after it)', () => {
    const { scanner, text } = run('openai-chat', `${delta('x')}data: [DONE]`, 1000);
    expect(text).toBe(`${delta('x')}data: [DONE]`);
    expect(scanner.completed).toBe(true);
  });

  it('passes a delta whose text holds a marker unchanged', () => {
    const { scanner, text } = run('anthropic-messages', ANTHROPIC_STREAM, 1000);
    expect(text).toBe(ANTHROPIC_STREAM);
    expect(scanner.failure).toBeUndefined();
  });

  it('passes an OpenAI delta whose text ends in "error" unchanged', () => {
    // The text's closing quote makes the marker `error"`: the event is read, found to be text, sent as it came.
    const text = delta('no error') + delta('{"usage":{"prompt_tokens":1}}');
    const usageChunk = chunk({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } });
    const { scanner, text: sent } = run('openai-chat', text + OPENAI_STREAM, 1000, true);
    expect(sent).toBe(text + OPENAI_STREAM.replace(usageChunk, ''));
    expect(scanner.failure).toBeUndefined();
    expect(scanner.usage).toEqual({ inputTokens: 9, outputTokens: 2 });
    expect(scanner.completed).toBe(true);
  });

  it('reads a usage object nested deeper than one level, and usage that is not the last key, from the whole chunk', () => {
    const deep = chunk({
      choices: [],
      usage: { prompt_tokens: 30, completion_tokens: 4, details: { cache: { read: 2 }, note: 'a "}" in text' } },
      obfuscation: 'xyz',
    });
    const { scanner, text } = run('openai-chat', delta('hi') + deep + 'data: [DONE]\n\n', 7, true);
    expect(scanner.usage).toEqual({ inputTokens: 30, outputTokens: 4 });
    expect(text).toBe(delta('hi') + 'data: [DONE]\n\n');
  });

  it('keeps a chunk with usage whose choices are not empty, and reads usage beside a string holding braces', () => {
    const withText = chunk({
      choices: [{ index: 0, delta: { content: '} "choices":[] {' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 1, completion_tokens_details: { reasoning_tokens: 0 } },
    });
    const { scanner, text } = run('openai-chat', withText, 1000, true);
    expect(text).toBe(withText);
    expect(scanner.usage).toEqual({ inputTokens: 3, outputTokens: 1 });
  });

  it('reads usage whose counts are not its first keys, or not whole numbers, by parsing it', () => {
    for (const usage of [
      { total_tokens: 11, completion_tokens: 2, prompt_tokens: 9 },
      { prompt_tokens_details: { cached_tokens: 1 }, prompt_tokens: 9, completion_tokens: 2 },
    ]) {
      const { scanner } = run('openai-chat', chunk({ choices: [], usage }) + 'data: [DONE]\n\n', 1000);
      expect(scanner.usage).toEqual({ inputTokens: 9, outputTokens: 2 });
    }
    const exponent = 'data: {"choices":[],"usage":{"prompt_tokens":9e0,"completion_tokens":2}}\n\n';
    expect(run('openai-chat', exponent, 1000).scanner.usage).toEqual({ inputTokens: 9, outputTokens: 2 });
  });

  it('reads an OpenAI event whose data spans several lines, or has no space after "data:", or no blank line at the end', () => {
    const split = 'data: {"choices":[],\ndata: "usage":{"prompt_tokens":4,"completion_tokens":5}}\n\n';
    expect(run('openai-chat', split, 1000).scanner.usage).toEqual({ inputTokens: 4, outputTokens: 5 });
    const tight = 'data:{"choices":[],"usage":{"prompt_tokens":6,"completion_tokens":7}}\n\ndata:[DONE]';
    const { scanner } = run('openai-chat', tight, 1000);
    expect([scanner.usage, scanner.completed]).toEqual([{ inputTokens: 6, outputTokens: 7 }, true]);
    const error = 'data: {"error":{"message":"overloaded"}}';
    expect(run('openai-chat', error, 1000).scanner.failure).toEqual({ message: 'overloaded' });
  });
});
