import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODELS, startHarness, type GatewayHarness } from './gateway-harness.js';

let harness: GatewayHarness;
let client: OpenAI;

beforeAll(async () => {
  harness = await startHarness();
  client = new OpenAI({ baseURL: harness.openaiBaseUrl, apiKey: harness.gateway.token, maxRetries: 0 });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => harness.upstream.reset());

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather of a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('official openai client: chat completions', () => {
  it('generates a completion through the OpenAI route', async () => {
    harness.upstream.enqueue('openai', {
      kind: 'text',
      text: 'Hello from the fake.',
      usage: { inputTokens: 11, outputTokens: 4 },
    });
    const completion = await client.chat.completions.create({
      model: MODELS.openai,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe(MODELS.openai);
    expect(completion.choices[0]?.message.content).toBe('Hello from the fake.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 });
    const upstreamRequest = harness.upstream.lastRequest('openai');
    expect(upstreamRequest?.authorized).toBe(true);
    expect(JSON.stringify(upstreamRequest?.body)).toContain('Say hello');
    expect(JSON.stringify(upstreamRequest?.body)).toContain('Be brief.');
  });

  it('streams chunks and a usage chunk from an Anthropic model, and ends cleanly', async () => {
    harness.upstream.enqueue('anthropic', {
      kind: 'text',
      chunks: ['Streaming ', 'through ', 'Switchboard.'],
      usage: { inputTokens: 7, outputTokens: 3 },
    });
    const stream = await client.chat.completions.create({
      model: MODELS.anthropic,
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finishReason: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Streaming through Switchboard.');
    expect(finishReason).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 3 });
    expect(harness.upstream.lastRequest('anthropic')?.stream).toBe(true);
  });

  it('passes a tool call out and the tool result back in', async () => {
    harness.upstream.enqueue('openai', { kind: 'tool-call', name: 'get_weather', arguments: { city: 'Paris' } });
    const first = await client.chat.completions.create({
      model: MODELS.openai,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
    const sentTools = JSON.stringify(harness.upstream.lastRequest('openai')?.body);
    expect(sentTools).toContain('get_weather');

    harness.upstream.enqueue('openai', { kind: 'text', text: 'It is sunny in Paris.' });
    const second = await client.chat.completions.create({
      model: MODELS.openai,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        first.choices[0]!.message,
        { role: 'tool', tool_call_id: call.id, content: '{"sky":"sunny-RESULT-42"}' },
      ],
      tools: [weatherTool],
    });
    expect(second.choices[0]?.message.content).toBe('It is sunny in Paris.');
    const upstreamBody = JSON.stringify(harness.upstream.lastRequest('openai')?.body);
    expect(upstreamBody).toContain('sunny-RESULT-42');
    expect(upstreamBody).toContain(call.id);
  });

  it('streams a tool call as tool_calls deltas', async () => {
    harness.upstream.enqueue('anthropic', { kind: 'tool-call', name: 'get_weather', arguments: { city: 'Oslo' } });
    const stream = await client.chat.completions.create({
      model: MODELS.anthropic,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [weatherTool],
      stream: true,
    });
    let name = '';
    let args = '';
    let finishReason: string | null | undefined;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += delta.function?.name ?? '';
        args += delta.function?.arguments ?? '';
      }
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }
    expect(name).toBe('get_weather');
    expect(JSON.parse(args)).toEqual({ city: 'Oslo' });
    expect(finishReason).toBe('tool_calls');
  });
});

describe('official openai client: responses and models', () => {
  it('generates a response', async () => {
    harness.upstream.enqueue('mistral', { kind: 'text', text: 'Bonjour.' });
    const response = await client.responses.create({
      model: MODELS.mistral,
      input: 'Say bonjour',
      instructions: 'French only.',
    });
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Bonjour.');
    expect(JSON.stringify(harness.upstream.lastRequest('mistral')?.body)).toContain('French only.');
  });

  it('streams a response from created to completed', async () => {
    harness.upstream.enqueue('openai', { kind: 'text', chunks: ['one ', 'two ', 'three'] });
    const stream = await client.responses.create({
      model: MODELS.openai,
      input: [{ role: 'user', content: 'count' }],
      stream: true,
    });
    const types: string[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(text).toBe('one two three');
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.output_item.added');
    expect(types.at(-1)).toBe('response.completed');
    expect(completed?.output[0]).toMatchObject({
      type: 'message',
      content: [{ type: 'output_text', text: 'one two three' }],
    });
  });

  it('returns a function call item and accepts its output', async () => {
    harness.upstream.enqueue('anthropic', { kind: 'tool-call', name: 'lookup', arguments: { id: 7 } });
    const tools: OpenAI.Responses.FunctionTool[] = [
      {
        type: 'function',
        name: 'lookup',
        strict: false,
        parameters: { type: 'object', properties: { id: { type: 'number' } } },
      },
    ];
    const first = await client.responses.create({ model: MODELS.anthropic, input: 'look up 7', tools });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call item');
    expect(call.name).toBe('lookup');
    expect(JSON.parse(call.arguments)).toEqual({ id: 7 });

    harness.upstream.enqueue('anthropic', { kind: 'text', text: 'Found it.' });
    const second = await client.responses.create({
      model: MODELS.anthropic,
      tools,
      input: [
        { role: 'user', content: 'look up 7' },
        call,
        { type: 'function_call_output', call_id: call.call_id, output: 'record-SEVEN' },
      ],
    });
    expect(second.output_text).toBe('Found it.');
    expect(JSON.stringify(harness.upstream.lastRequest('anthropic')?.body)).toContain('record-SEVEN');
  });

  it('lists catalog models with whether each is usable now', async () => {
    const models: Array<OpenAI.Model & { usable?: boolean }> = [];
    for await (const model of client.models.list()) models.push(model);
    const byId = new Map(models.map((model) => [model.id, model]));
    expect(byId.get(MODELS.openai)?.usable).toBe(true);
    expect(byId.get(MODELS.anthropic)?.usable).toBe(true);
    // Gemini models need a Google login, which this home does not have.
    const gemini = models.find((model) => model.owned_by === 'google');
    expect(gemini?.usable).toBe(false);
    const one = (await client.models.retrieve(MODELS.anthropic)) as OpenAI.Model & { usable?: boolean };
    expect(one.id).toBe(MODELS.anthropic);
    expect(one.usable).toBe(true);
  });
});

describe('official openai client: typed errors', () => {
  it('raises AuthenticationError for a wrong gateway token', async () => {
    const stranger = new OpenAI({
      baseURL: harness.openaiBaseUrl,
      apiKey: 'sbl_wrong-token-000000000000',
      maxRetries: 0,
    });
    const error = await stranger.chat.completions
      .create({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('raises RateLimitError with retry-after for an upstream 429', async () => {
    harness.upstream.enqueue('openai', { kind: 'error', status: 429, retryAfterSeconds: 90 });
    const error = await client.chat.completions
      .create({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimited = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimited.headers?.get('retry-after')).toBe('90');
    expect(rateLimited.code).toBe('rate_limit_exceeded');
  });

  it('raises RateLimitError for a streamed request refused before the first byte', async () => {
    harness.upstream.enqueue('anthropic', { kind: 'error', status: 429, retryAfterSeconds: 90 });
    const error = await client.chat.completions
      .create({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }], stream: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('raises NotFoundError naming the closest ids for an unknown model', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-5-minii', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const notFound = error as InstanceType<typeof OpenAI.NotFoundError>;
    expect(notFound.code).toBe('model_not_found');
    expect(notFound.param).toBe('model');
    expect(notFound.message).toContain('gpt-5-mini');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('raises APIError mid-stream when the upstream connection is cut, never a clean end', async () => {
    // Mistral: the 429s above paused the other providers' routes (the runtime's circuit breaker).
    harness.upstream.enqueue('mistral', { kind: 'cut', afterChunks: 2, text: 'alpha beta gamma delta epsilon' });
    const stream = await client.chat.completions.create({
      model: MODELS.mistral,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toMatch(/^(stream_interrupted|network)$/);
    expect((error as Error).message).toMatch(/complete/i);
    expect(text).toBe('alpha beta ');
  });
});
