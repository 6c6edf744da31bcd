import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODELS, startHarness, type GatewayHarness } from './gateway-harness.js';

let harness: GatewayHarness;
let client: Anthropic;

beforeAll(async () => {
  harness = await startHarness();
  client = new Anthropic({ baseURL: harness.anthropicBaseUrl, apiKey: harness.gateway.token, maxRetries: 0 });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => harness.upstream.reset());

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather of a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('official @anthropic-ai/sdk client → gateway → fake upstream', () => {
  it('creates a message on an Anthropic model', async () => {
    harness.upstream.enqueue('anthropic', {
      kind: 'text',
      text: 'Hi from Claude.',
      usage: { inputTokens: 9, outputTokens: 4 },
    });
    const message = await client.messages.create({
      model: MODELS.anthropic,
      max_tokens: 256,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.content).toEqual([{ type: 'text', text: 'Hi from Claude.' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 9, output_tokens: 4 });
    const body = JSON.stringify(harness.upstream.lastRequest('anthropic')?.body);
    expect(body).toContain('You are terse.');
    expect(harness.upstream.lastRequest('anthropic')?.authorized).toBe(true);
  });

  it('streams a message from an OpenAI model with every event named', async () => {
    harness.upstream.enqueue('openai', {
      kind: 'text',
      chunks: ['Cross', '-provider ', 'stream.'],
      usage: { inputTokens: 5, outputTokens: 3 },
    });
    const stream = client.messages.stream({
      model: MODELS.openai,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'go' }],
    });
    const types: string[] = [];
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalMessage();
    expect(text).toBe('Cross-provider stream.');
    expect(types[0]).toBe('message_start');
    expect(types).toContain('content_block_start');
    expect(types).toContain('content_block_stop');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(final.content).toEqual([{ type: 'text', text: 'Cross-provider stream.' }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBe(3);
  });

  it('passes tool_use out and tool_result back in', async () => {
    harness.upstream.enqueue('anthropic', { kind: 'tool-call', name: 'get_weather', arguments: { city: 'Lima' } });
    const first = await client.messages.create({
      model: MODELS.anthropic,
      max_tokens: 200,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather in Lima?' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    if (toolUse?.type !== 'tool_use') throw new Error('expected a tool_use block');
    expect(toolUse.name).toBe('get_weather');
    expect(toolUse.input).toEqual({ city: 'Lima' });

    harness.upstream.enqueue('anthropic', { kind: 'text', text: 'Lima is cloudy.' });
    const second = await client.messages.create({
      model: MODELS.anthropic,
      max_tokens: 200,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Lima?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'cloudy-RESULT-17' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Lima is cloudy.' }]);
    const body = JSON.stringify(harness.upstream.lastRequest('anthropic')?.body);
    expect(body).toContain('cloudy-RESULT-17');
    expect(body).toContain(toolUse.id);
  });

  it('streams a tool_use block with its input JSON', async () => {
    harness.upstream.enqueue('mistral', { kind: 'tool-call', name: 'get_weather', arguments: { city: 'Kyiv' } });
    const stream = client.messages.stream({
      model: MODELS.mistral,
      max_tokens: 100,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Kyiv?' }],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toMatchObject([{ type: 'tool_use', name: 'get_weather', input: { city: 'Kyiv' } }]);
  });

  it('lists models in Anthropic shape', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model.type).toBe('model');
      ids.push(model.id);
    }
    expect(ids).toContain(MODELS.anthropic);
    expect(ids).toContain(MODELS.openai);
  });
});

describe('official @anthropic-ai/sdk client: typed errors', () => {
  it('raises AuthenticationError for a wrong gateway token', async () => {
    const stranger = new Anthropic({
      baseURL: harness.anthropicBaseUrl,
      apiKey: 'sbl_not-the-token-00000000000',
      maxRetries: 0,
    });
    const error = await stranger.messages
      .create({ model: MODELS.anthropic, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('raises NotFoundError for an unknown model', async () => {
    const error = await client.messages
      .create({ model: 'claude-haiku-9', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({
      error: { type: 'not_found_error' },
    });
  });

  it('raises BadRequestError for a request without max_tokens', async () => {
    const error = await client.messages
      .create({
        model: MODELS.anthropic,
        messages: [{ role: 'user', content: 'hi' }],
      } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toContain('max_tokens');
  });

  it('raises an error event mid-stream when the upstream sends an in-band error', async () => {
    harness.upstream.enqueue('openai', {
      kind: 'stream-error',
      afterChunks: 1,
      errorType: 'server_error',
      message: 'upstream exploded',
    });
    const stream = client.messages.stream({
      model: MODELS.openai,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'go' }],
    });
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
  });

  it('raises RateLimitError with retry-after for an upstream 429', async () => {
    harness.upstream.enqueue('anthropic', { kind: 'error', status: 429, retryAfterSeconds: 120 });
    const error = await client.messages
      .create({ model: MODELS.anthropic, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')).toBe('120');
  });
});
