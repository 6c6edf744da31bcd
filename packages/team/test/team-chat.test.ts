import { randomBytes } from 'node:crypto';
import { DefaultChatTransport, readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import { createCatalog, parseSecretKeyring, resolveConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKeyStore,
  createCredentialStore,
  createPolicyStore,
  createTeamApp,
  createTeamRuntime,
  createUserStore,
  migrateTeamDatabase,
} from '../src/index.js';
import type { TeamDatabase } from '../src/index.js';
import { createTestDatabase, DATABASE_KINDS } from './test-databases.js';
import type { TestDatabase } from './test-databases.js';

const WORKSPACE_KEY = 'sk-proj-TEAMCHAT-CANARY-workspace-0001';
const CHUNKS = Array.from({ length: 12 }, (_, index) => `part${index} `);

let upstream: FakeUpstream;
beforeAll(async () => {
  // Slow enough that a client can drop in the middle of an answer.
  upstream = await startFakeUpstream({ expectedCredentials: { openai: WORKSPACE_KEY }, chunkDelayMs: 40 });
});
afterAll(async () => {
  await upstream.close();
});

const userMessage = (id: string, text: string): UIMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });

describe.each(DATABASE_KINDS)('the team chat on %s, driven by the AI SDK’s own chat transport', (kind) => {
  let test: TestDatabase;
  let database: TeamDatabase;
  let app: ReturnType<typeof createTeamApp>;
  const keys = { ada: '', bob: '' };

  const fetchApp: typeof fetch = (url, init) => app.request(String(url), init);
  const transportFor = (key: string) =>
    new DefaultChatTransport<UIMessage>({
      api: 'http://team.test/api/chat',
      fetch: fetchApp,
      headers: { authorization: `Bearer ${key}` },
      body: { model: 'gpt-5-mini' },
    });
  async function lastMessage(stream: ReadableStream<UIMessageChunk>): Promise<UIMessage | undefined> {
    let last: UIMessage | undefined;
    for await (const message of readUIMessageStream({ stream })) last = message;
    return last;
  }

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    database = await test.open();
    await migrateTeamDatabase(database);
    const users = createUserStore({ db: database.db });
    const apiKeys = createApiKeyStore({ db: database.db });
    const ada = await users.create({ email: 'ada@example.test', role: 'user' });
    const bob = await users.create({ email: 'bob@example.test', role: 'user' });
    keys.ada = (await apiKeys.create(ada.id, 'chat')).key;
    keys.bob = (await apiKeys.create(bob.id, 'chat')).key;
    const credentials = createCredentialStore({
      db: database.db,
      keyring: parseSecretKeyring(`1:${randomBytes(32).toString('base64')}`, 'test'),
    });
    await credentials.save({ scope: 'workspace' }, 'openai', { method: 'api-key', apiKey: WORKSPACE_KEY }, 'now');
    const policy = createPolicyStore({ db: database.db });
    const catalog = createCatalog();
    const runtime = createTeamRuntime({
      catalog,
      credentials,
      policy,
      config: resolveConfig({ providers: { openai: { api_base: upstream.baseUrls.openai } } }),
    });
    app = createTeamApp({
      database,
      resolvePrincipal: async () => undefined,
      users,
      apiKeys,
      credentialStore: credentials,
      policyStore: policy,
      models: { catalog, runtime },
    });
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it('answers in the UI message stream protocol, says who served it, and stores the conversation for its member only', async () => {
    upstream.setDefaultBehavior('openai', { kind: 'text', chunks: ['Hello ', 'from ', 'the team'] });
    const stream = await transportFor(keys.ada).sendMessages({
      chatId: `chat-${kind}-1`,
      messages: [userMessage('u1', 'hi there')],
      trigger: 'submit-message',
      messageId: undefined,
      abortSignal: undefined,
    });
    const answer = await lastMessage(stream);
    expect(answer?.role).toBe('assistant');
    expect(
      answer?.parts
        .filter((part) => part.type === 'text')
        .map((part) => (part as { text: string }).text)
        .join(''),
    ).toBe('Hello from the team');
    expect(answer?.metadata).toMatchObject({
      model: 'gpt-5-mini',
      provider: 'openai',
      method: 'api-key',
      level: 'workspace',
    });

    const listed = (await (
      await fetchApp('http://team.test/api/conversations', { headers: { authorization: `Bearer ${keys.ada}` } })
    ).json()) as {
      conversations: { id: string; title: string }[];
    };
    expect(listed.conversations).toEqual([expect.objectContaining({ id: `chat-${kind}-1`, title: 'hi there' })]);
    const stored = (await (
      await fetchApp(`http://team.test/api/conversations/chat-${kind}-1`, {
        headers: { authorization: `Bearer ${keys.ada}` },
      })
    ).json()) as { conversation: { messages: UIMessage[] } };
    expect(stored.conversation.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    // Another member sees nothing of it, and cannot write into it.
    expect(
      (
        await fetchApp(`http://team.test/api/conversations/chat-${kind}-1`, {
          headers: { authorization: `Bearer ${keys.bob}` },
        })
      ).status,
    ).toBe(404);
    await expect(
      transportFor(keys.bob).sendMessages({
        chatId: `chat-${kind}-1`,
        messages: [userMessage('u9', 'mine now')],
        trigger: 'submit-message',
        messageId: undefined,
        abortSignal: undefined,
      }),
    ).rejects.toThrow(/No such conversation/);
  });

  it('keeps answering when the client drops; a reconnect resumes after Last-Event-ID, and the AI SDK’s reconnect gets 204 when nothing streams', async () => {
    upstream.setDefaultBehavior('openai', { kind: 'text', chunks: CHUNKS });
    const chatId = `chat-${kind}-2`;
    const response = await fetchApp('http://team.test/api/chat', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.ada}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: chatId, model: 'gpt-5-mini', messages: [userMessage('u1', 'count')] }),
    });
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    // Read until three text deltas have arrived, then drop the connection.
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while ((text.match(/"type":"text-delta"/g) ?? []).length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    const events = text.split('\n\n').filter((block) => block.startsWith('id: '));
    const lastId = Number(/^id: (\d+)/.exec(events.at(-1)!)![1]);
    const before = events.map((block) => JSON.parse(block.split('\ndata: ')[1]!) as { type: string; delta?: string });

    const resumed = await fetchApp(`http://team.test/api/chat/${chatId}/stream`, {
      headers: { authorization: `Bearer ${keys.ada}`, 'last-event-id': String(lastId) },
    });
    expect(resumed.status).toBe(200);
    const rest = await resumed.text();
    expect(rest.trim().endsWith('data: [DONE]')).toBe(true);
    const restIds = [...rest.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    expect(restIds[0]).toBe(lastId + 1);
    const after = rest
      .split('\n\n')
      .filter((block) => block.startsWith('id: '))
      .map((block) => JSON.parse(block.split('\ndata: ')[1]!) as { type: string; delta?: string });
    const deltas = [...before, ...after]
      .filter((chunk) => chunk.type === 'text-delta')
      .map((chunk) => chunk.delta)
      .join('');
    expect(deltas).toBe(CHUNKS.join(''));
    // Another member cannot follow it.
    expect(
      (
        await fetchApp(`http://team.test/api/chat/${chatId}/stream`, {
          headers: { authorization: `Bearer ${keys.bob}` },
        })
      ).status,
    ).toBe(204);
    // The whole answer was stored although the client left.
    const stored = (await (
      await fetchApp(`http://team.test/api/conversations/${chatId}`, {
        headers: { authorization: `Bearer ${keys.ada}` },
      })
    ).json()) as {
      conversation: { messages: UIMessage[] };
    };
    const assistant = stored.conversation.messages.at(-1)!;
    expect(assistant.parts.map((part) => (part as { text?: string }).text ?? '').join('')).toBe(CHUNKS.join(''));
    expect(await transportFor(keys.ada).reconnectToStream({ chatId: `never-${kind}` })).toBeNull();
  });

  it('uses the workspace’s fixed chat model, refuses another, and fails before streaming when no key serves the model', async () => {
    const policy = createPolicyStore({ db: database.db });
    await policy.set({
      allowProviders: [],
      denyProviders: [],
      defaults: { chat: { model: 'gpt-5-mini', userMayChange: false } },
    });
    const refused = await fetchApp('http://team.test/api/chat', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.ada}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: `chat-${kind}-3`, model: 'claude-opus-4-1', messages: [userMessage('u1', 'x')] }),
    });
    expect(refused.status).toBe(403);
    await policy.set({ allowProviders: [], denyProviders: [], defaults: {} });
    const noKey = await fetchApp('http://team.test/api/chat', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.ada}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: `chat-${kind}-4`, model: 'claude-opus-4-1', messages: [userMessage('u1', 'x')] }),
    });
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { code: string } }).error.code).toBe('LOGIN_REQUIRED');
    expect(
      (
        await fetchApp('http://team.test/api/chat', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
  });
});
