import { request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_ESTIMATE_HEADER } from '../src/anthropic/count-tokens-route.js';
import { KEYS, MODELS, startHarness, waitFor, type GatewayHarness } from './gateway-harness.js';

// What coding agents send with their default settings (Claude Code, Codex), through the gateway
// to the testkit's fake upstreams.
let harness: GatewayHarness;
let headers: Record<string, string>;

beforeAll(async () => {
  harness = await startHarness();
  headers = { authorization: `Bearer ${harness.gateway.token}`, 'content-type': 'application/json' };
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => harness.upstream.reset());

const post = (path: string, body: unknown, extra: Record<string, string> = {}) =>
  fetch(`${harness.gateway.url}${path}`, {
    method: 'POST',
    headers: { ...headers, 'anthropic-version': '2023-06-01', ...extra },
    body: JSON.stringify(body),
  });

/** A conversation as Claude Code sends it: a system entry after the first turns. */
const withMidSystem = (model: string) => ({
  model,
  max_tokens: 64,
  system: [{ type: 'text', text: 'You are Claude Code.' }],
  messages: [
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: [{ type: 'text', text: 'hello' }] },
    { role: 'system', content: 'The user switched to plan mode.' },
    { role: 'user', content: [{ type: 'text', text: 'plan it' }] },
  ],
});

describe('system entries inside messages (/v1/messages)', () => {
  it('passes them to an Anthropic route unchanged', async () => {
    const body = withMidSystem(MODELS.anthropic);
    const response = await post('/v1/messages?beta=true', body);
    expect(response.status).toBe(200);
    const sent = harness.upstream.lastRequest('anthropic')?.body as { messages: unknown; system: unknown };
    expect(sent.messages).toEqual(body.messages);
    expect(sent.system).toEqual(body.system);
  });

  it('converts them for a route of another wire format, keeping their place', async () => {
    const response = await post('/v1/messages', withMidSystem(MODELS.openai));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { type: string }).type).toBe('message');
    const sent = harness.upstream.lastRequest('openai')?.body as { input: { role: string; content: unknown }[] };
    // The system prompt up front (OpenAI's `developer`), the later entry as a user turn in its place.
    expect(sent.input.map((item) => item.role)).toEqual(['developer', 'user', 'assistant', 'user', 'user']);
    expect(JSON.stringify(sent.input[3])).toContain('The user switched to plan mode.');
  });
});

describe('POST /v1/messages/count_tokens', () => {
  const countBody = (model: string) => ({
    model,
    system: 'Be brief.',
    messages: [{ role: 'user', content: 'count these words please' }],
    tools: [{ name: 'read', description: 'Read a file', input_schema: { type: 'object', properties: {} } }],
  });

  it("forwards a Claude model's count to Anthropic's count_tokens", async () => {
    const response = await post('/v1/messages/count_tokens?beta=true', countBody(MODELS.anthropic), {
      'anthropic-beta': 'token-counting-2024-11-01',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get(TOKEN_ESTIMATE_HEADER)).toBeNull();
    const counted = harness.upstream.lastRequest('anthropic');
    expect(counted?.path).toBe('/anthropic/v1/messages/count_tokens');
    expect(counted?.headers['anthropic-beta']).toBe('token-counting-2024-11-01');
    expect(counted?.headers['x-api-key']).toBe(KEYS.anthropic);
    expect(((await response.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
  });

  it('answers with a marked estimate for a model no Anthropic API serves, calling no upstream', async () => {
    const response = await post('/v1/messages/count_tokens', countBody(MODELS.openai));
    expect(response.status).toBe(200);
    expect(response.headers.get(TOKEN_ESTIMATE_HEADER)).toBe('true');
    const { input_tokens: tokens } = (await response.json()) as { input_tokens: number };
    expect(tokens).toBeGreaterThan(10);
    expect(tokens).toBeLessThan(100);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses a count without a model, naming the field', async () => {
    const response = await post('/v1/messages/count_tokens', { messages: [] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });
});

/** Tools as Codex sends them: functions, a namespace of MCP functions, a hosted tool. */
const codexTools = [
  { type: 'function', name: 'shell', parameters: { type: 'object', properties: { command: { type: 'string' } } } },
  {
    type: 'namespace',
    name: 'mcp__files__',
    description: 'Files server',
    tools: [{ type: 'function', name: 'read', parameters: { type: 'object', properties: {} }, strict: false }],
  },
  { type: 'web_search', external_web_access: false },
];

describe('/v1/responses tools', () => {
  it('passes every tool type through to a Responses route', async () => {
    const response = await post('/v1/responses', { model: MODELS.openai, input: 'hi', tools: codexTools });
    expect(response.status).toBe(200);
    expect((harness.upstream.lastRequest('openai')?.body as { tools: unknown }).tools).toEqual(codexTools);
  });

  it('unpacks namespaces and drops hosted tools (with a warning) for another wire format', async () => {
    harness.upstream.enqueue('anthropic', { kind: 'tool-call', name: 'mcp__files__read', arguments: { path: 'a' } });
    const response = await post('/v1/responses', {
      model: MODELS.anthropic,
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'read a' }] },
        { type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'x' } },
      ],
      tools: codexTools,
    });
    expect(response.status).toBe(200);
    const sent = harness.upstream.lastRequest('anthropic')?.body as { tools: { name: string }[] };
    expect(sent.tools.map((tool) => tool.name)).toEqual(['shell', 'mcp__files__read']);
    const answer = (await response.json()) as { output: Record<string, unknown>[] };
    const call = answer.output.find((item) => item['type'] === 'function_call');
    expect(call).toMatchObject({ namespace: 'mcp__files__', name: 'read', arguments: '{"path":"a"}' });
    await waitFor(async () => (await harness.readLog()).includes('web_search'));
  });

  it("gives a custom (freeform) tool's call back as custom_tool_call with its plain-text input", async () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch';
    const applyPatch = { type: 'custom', name: 'apply_patch', description: 'Edit files.' };
    harness.upstream.enqueue(
      'anthropic',
      { kind: 'tool-call', name: 'apply_patch', arguments: { input: patch } },
      { kind: 'tool-call', name: 'apply_patch', arguments: { input: patch } },
    );
    const answer = (await (
      await post('/v1/responses', { model: MODELS.anthropic, input: 'add a.txt', tools: [applyPatch] })
    ).json()) as { output: Record<string, unknown>[] };
    expect(answer.output.find((item) => item['type'] === 'custom_tool_call')).toMatchObject({
      name: 'apply_patch',
      input: patch,
    });
    const sent = harness.upstream.lastRequest('anthropic')?.body as { tools: { name: string }[] };
    expect(sent.tools.map((tool) => tool.name)).toEqual(['apply_patch']);

    const streamed = await (
      await post('/v1/responses', { model: MODELS.anthropic, input: 'add a.txt', tools: [applyPatch], stream: true })
    ).text();
    expect(streamed).toContain('event: response.custom_tool_call_input.done');
    const done = streamed
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.includes('"response.output_item.done"'))
      .map((line) => JSON.parse(line.slice(6)) as { item: Record<string, unknown> })
      .at(-1);
    expect(done?.item).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: patch });
  });

  it('reads a namespaced call back from the conversation', async () => {
    const response = await post('/v1/responses', {
      model: MODELS.anthropic,
      input: [
        { type: 'message', role: 'user', content: 'read a' },
        { type: 'function_call', call_id: 'call_1', namespace: 'mcp__files__', name: 'read', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'contents' },
      ],
      tools: codexTools,
    });
    expect(response.status).toBe(200);
    const sent = harness.upstream.lastRequest('anthropic')?.body as {
      messages: { role: string; content: { type: string; name?: string }[] }[];
    };
    expect(sent.messages[1]?.content[0]).toMatchObject({ type: 'tool_use', name: 'mcp__files__read' });
  });

  it("fails Codex's WebSocket attempt at once with 426, which Codex takes as 'use HTTP'", async () => {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const upgrade = request(`${harness.gateway.url}/v1/responses`, {
        headers: {
          authorization: headers.authorization ?? '',
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      upgrade.on('response', resolve);
      upgrade.on('upgrade', () => reject(new Error('the gateway accepted a WebSocket')));
      upgrade.on('error', reject);
      upgrade.end();
    });
    response.resume();
    expect(response.statusCode).toBe(426);
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('access log of a refused request', () => {
  /** The last access line of a request refused for `field`, once it is written. */
  async function refusalLine(field: string): Promise<Record<string, unknown> | undefined> {
    const marker = `"errorField":"${field}"`;
    await waitFor(async () => (await harness.readLog()).includes(marker));
    return (await harness.readLog())
      .split('\n')
      .filter((text) => text.includes(marker))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .at(-1);
  }

  it('names the model and the field that failed', async () => {
    const response = await post('/v1/messages', {
      model: MODELS.openai,
      max_tokens: 10,
      messages: [{ role: 'robot', content: 'hi' }],
    });
    expect(response.status).toBe(400);
    expect(await refusalLine('messages.0.role')).toMatchObject({
      status: 400,
      model: MODELS.openai,
      errorField: 'messages.0.role',
    });
  });

  it('names the model even when a routing field is what failed', async () => {
    const response = await post('/v1/chat/completions', { model: MODELS.openai, messages: [], stream: 'yes' });
    expect(response.status).toBe(400);
    expect(await refusalLine('stream')).toMatchObject({ status: 400, model: MODELS.openai, errorField: 'stream' });
  });
});
