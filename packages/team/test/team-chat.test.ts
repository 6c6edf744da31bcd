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

type SseChunk = { eventId: number; type: string; delta?: string };

/** The SSE events of a UI message stream's text, with their ids. */
function chunksOf(text: string): SseChunk[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('id: '))
    .map((block) => ({
      ...(JSON.parse(block.split('\ndata: ')[1]!) as { type: string; delta?: string }),
      eventId: Number(/^id: (\d+)/.exec(block)![1]),
    }));
}

const textOf = (chunks: SseChunk[]) =>
  chunks
    .filter((chunk) => chunk.type === 'text-delta')
    .map((chunk) => chunk.delta)
    .join('');

/** Reads an answer until `deltas` text deltas arrived, then drops the connection, as a client losing it. */
async function readThenDrop(response: Response, deltas: number): Promise<{ before: SseChunk[]; lastId: number }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while ((text.match(/"type":"text-delta"/g) ?? []).length < deltas) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  const before = chunksOf(text);
  return { before, lastId: before.at(-1)!.eventId };
}

describe.each(DATABASE_KINDS)('the team chat on %s, driven by the AI SDK’s own chat transport', (kind) => {
  let test: TestDatabase;
  let database: TeamDatabase;
  let app: ReturnType<typeof createTeamApp>;
  let secondDatabase: TeamDatabase;
  let secondApp: ReturnType<typeof createTeamApp>;
  const keyring = parseSecretKeyring(`1:${randomBytes(32).toString('base64')}`, 'test');
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
    const credentials = createCredentialStore({ db: database.db, keyring });
    await credentials.save({ scope: 'workspace' }, 'openai', { method: 'api-key', apiKey: WORKSPACE_KEY }, 'now');
    app = appOn(database, credentials);
    // A second instance on the same database, through its own connection.
    secondDatabase = await test.open();
    secondApp = appOn(secondDatabase, createCredentialStore({ db: secondDatabase.db, keyring }));
  });
  afterAll(async () => {
    await secondDatabase.close();
    await database.close();
    await test.drop();
  });
  function appOn(on: TeamDatabase, credentials: ReturnType<typeof createCredentialStore>) {
    const policy = createPolicyStore({ db: on.db });
    const catalog = createCatalog();
    const runtime = createTeamRuntime({
      catalog,
      credentials,
      policy,
      config: resolveConfig({ providers: { openai: { api_base: upstream.baseUrls.openai } } }),
    });
    return createTeamApp({
      database: on,
      resolvePrincipal: async () => undefined,
      users: createUserStore({ db: on.db }),
      apiKeys: createApiKeyStore({ db: on.db }),
      credentialStore: credentials,
      policyStore: policy,
      models: { catalog, runtime },
    });
  }

  /** Resumes `chatId` after `lastId` through `send` and checks the rest completes the whole answer. */
  async function expectResumedRest(
    send: (url: string, init: RequestInit) => Response | Promise<Response>,
    chatId: string,
    before: SseChunk[],
    lastId: number,
  ): Promise<void> {
    const resumed = await send(`http://team.test/api/chat/${chatId}/stream`, {
      headers: { authorization: `Bearer ${keys.ada}`, 'last-event-id': String(lastId) },
    });
    expect(resumed.status).toBe(200);
    const rest = await resumed.text();
    expect(rest.trim().endsWith('data: [DONE]')).toBe(true);
    const after = chunksOf(rest);
    expect(after[0]?.eventId).toBe(lastId + 1);
    expect(textOf([...before, ...after])).toBe(CHUNKS.join(''));
  }

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
    const { before, lastId } = await readThenDrop(response, 3);

    await expectResumedRest((url, init) => fetchApp(url, init), chatId, before, lastId);
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

  it('resumes on another instance: a reconnect to a second server on the same database gets the rest', async () => {
    upstream.setDefaultBehavior('openai', { kind: 'text', chunks: CHUNKS });
    const chatId = `chat-${kind}-elsewhere`;
    const response = await fetchApp('http://team.test/api/chat', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.ada}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: chatId, model: 'gpt-5-mini', messages: [userMessage('u1', 'count')] }),
    });
    const { before, lastId } = await readThenDrop(response, 2);
    // An answer whose client stayed to the end was never written for others to resume.
    const kept = await database.db.selectFrom('chat_stream').select('key').execute();
    expect(kept.map((row) => row.key.split(' ')[1])).not.toContain(`chat-${kind}-1`);
    // The load balancer sends the reconnect to the other instance, mid-answer.
    await expectResumedRest((url, init) => secondApp.request(url, init), chatId, before, lastId);
    // Another member cannot follow it there either.
    const bob = await secondApp.request(`http://team.test/api/chat/${chatId}/stream`, {
      headers: { authorization: `Bearer ${keys.bob}` },
    });
    expect(bob.status).toBe(204);
  });

  it('never lets a stopped answer overwrite a newer turn of the conversation', async () => {
    const chatId = `chat-${kind}-stale`;
    const post = (messages: UIMessage[]) =>
      fetchApp('http://team.test/api/chat', {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.ada}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: chatId, model: 'gpt-5-mini', messages }),
      });
    upstream.enqueue('openai', { kind: 'text', chunks: CHUNKS }, { kind: 'text', chunks: ['the newer answer'] });
    // The first answer is stopped after one delta; the server finishes it in the background.
    await readThenDrop(await post([userMessage('u1', 'first')]), 1);
    const newer = await post([userMessage('u1', 'first'), userMessage('u2', 'second')]);
    expect(textOf(chunksOf(await newer.text()))).toBe('the newer answer');
    // Long after the stopped answer ended too, the conversation still ends with the newer turn.
    await new Promise((resolve) => setTimeout(resolve, CHUNKS.length * 40 + 600));
    const stored = (await (
      await fetchApp(`http://team.test/api/conversations/${chatId}`, {
        headers: { authorization: `Bearer ${keys.ada}` },
      })
    ).json()) as { conversation: { messages: UIMessage[] } };
    const last = stored.conversation.messages.at(-1)!;
    expect(stored.conversation.messages).toHaveLength(3);
    expect(last.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')).toBe('the newer answer');
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
    // Anthropic denied, Vertex and Bedrock allowed but with no key: the catalog and the chat both
    // name the admin's decision (403), not a missing login.
    await policy.set({ allowProviders: [], denyProviders: ['anthropic'], defaults: {} });
    const denied = await fetchApp('http://team.test/api/chat', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.ada}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: `chat-${kind}-5`, model: 'claude-opus-4-1', messages: [userMessage('u1', 'x')] }),
    });
    expect(denied.status).toBe(403);
    const deniedError = ((await denied.json()) as { error: { code: string; message: string } }).error;
    expect(deniedError.code).toBe('PERMISSION_DENIED');
    expect(deniedError.message).toMatch(/an admin denied anthropic, and no key .* through vertex or bedrock/);
    const catalog = (await (
      await fetchApp('http://team.test/api/catalog', { headers: { authorization: `Bearer ${keys.ada}` } })
    ).json()) as { models: Array<{ id: string; reason: string | null }> };
    expect(catalog.models.find((model) => model.id === 'claude-opus-4-1')?.reason).toBe('denied-by-admin');
    await policy.set({ allowProviders: [], denyProviders: [], defaults: {} });
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
