import { randomBytes } from 'node:crypto';
import { createCatalog, parseSecretKeyring, resolveConfig } from '@switchboard/core';
import { startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKeyStore,
  createCredentialStore,
  createPolicyStore,
  createTeamApp,
  createTeamRuntime,
  createUserStore,
  type TeamDatabase,
} from '../src/index.js';
import { DATABASE_KINDS, useMigratedDatabase } from './test-databases.js';

const WORKSPACE_KEY = 'sk-proj-STRUCTURED-CANARY-workspace-0001';
const CITY = {
  type: 'object',
  properties: { city: { type: 'string' }, population: { type: 'integer' } },
  required: ['city', 'population'],
  additionalProperties: false,
};

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ expectedCredentials: { openai: WORKSPACE_KEY } });
});
afterAll(async () => {
  await upstream.close();
});

describe.each(DATABASE_KINDS)('structured output on %s', (kind) => {
  let database: TeamDatabase;
  let app: ReturnType<typeof createTeamApp>;
  let key: string;
  let policy: ReturnType<typeof createPolicyStore>;
  const ask = (body: unknown) =>
    app.request('/api/structured', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    database = await useMigratedDatabase(kind);
    const users = createUserStore({ db: database.db });
    const member = await users.create({ email: 'ada@example.test', role: 'user' });
    key = (await createApiKeyStore({ db: database.db }).create(member.id, 'structured')).key;
    const credentials = createCredentialStore({
      db: database.db,
      keyring: parseSecretKeyring(`1:${randomBytes(32).toString('base64')}`, 'test'),
    });
    await credentials.save({ scope: 'workspace' }, 'openai', { method: 'api-key', apiKey: WORKSPACE_KEY }, 'now');
    policy = createPolicyStore({ db: database.db });
    const catalog = createCatalog();
    const runtime = createTeamRuntime({
      catalog,
      credentials,
      policy,
      config: resolveConfig({ providers: { openai: { api_base: upstream.baseUrls.openai } } }),
    });
    app = createTeamApp({
      database,
      users,
      credentialStore: credentials,
      policyStore: policy,
      models: { catalog, runtime },
    });
  });

  it('asks the provider for the schema and answers the checked object, saying who served it', async () => {
    upstream.enqueue('openai', { kind: 'text', text: '{"city":"Paris","population":2102650}' });
    const response = await ask({ model: 'gpt-5-mini', prompt: 'The capital of France?', schema: CITY, name: 'city' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      object: { city: 'Paris', population: 2102650 },
      model: 'gpt-5-mini',
      provider: 'openai',
      method: 'api-key',
      level: 'workspace',
    });
    // The provider's own structured-output mode carried the schema (Responses API `text.format`).
    const sent = upstream.lastRequest('openai')?.body as { text?: { format?: Record<string, unknown> } };
    expect(sent.text?.format).toMatchObject({ type: 'json_schema', name: 'city', schema: CITY });
  });

  it('never answers an object that does not match: 502 with what was wrong', async () => {
    upstream.enqueue('openai', { kind: 'text', text: '{"city":"Paris","population":"many"}' });
    const wrong = await ask({ model: 'gpt-5-mini', prompt: 'x', schema: CITY });
    expect(wrong.status).toBe(502);
    expect(await wrong.json()).toMatchObject({ error: { message: expect.stringContaining('at population') } });
    upstream.enqueue('openai', { kind: 'text', text: 'Paris, about two million.' });
    const prose = await ask({ model: 'gpt-5-mini', prompt: 'x', schema: CITY });
    expect(prose.status).toBe(502);
    expect(await prose.json()).toMatchObject({ error: { message: expect.stringMatching(/not JSON|could not parse/) } });
  });

  it('refuses a bad request in one line, and follows the admin’s structured default', async () => {
    expect((await ask({ model: 'gpt-5-mini', prompt: 'x', schema: { type: 'string' } })).status).toBe(400);
    expect((await ask({ model: 'gpt-5-mini', schema: CITY })).status).toBe(400);
    await policy.set({
      allowProviders: [],
      denyProviders: [],
      defaults: { structured: { model: 'gpt-5-mini', userMayChange: false } },
    });
    expect((await ask({ model: 'gpt-5', prompt: 'x', schema: CITY })).status).toBe(403);
    upstream.enqueue('openai', { kind: 'text', text: '{"city":"Rome","population":2749031}' });
    const defaulted = await ask({ prompt: 'The capital of Italy?', schema: CITY });
    expect(await defaulted.json()).toMatchObject({ model: 'gpt-5-mini', object: { city: 'Rome' } });
    // Every provider of the model denied: the admin's decision, said as such (403), nothing sent.
    const providers = [
      ...new Set(
        createCatalog()
          .require('gpt-5-mini')
          .routes.map((route) => route.provider),
      ),
    ];
    await policy.set({ allowProviders: [], denyProviders: providers as never, defaults: {} });
    const before = upstream.requests.length;
    const denied = await ask({ model: 'gpt-5-mini', prompt: 'x', schema: CITY });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { message: expect.stringContaining('an admin denied') } });
    expect(upstream.requests.length).toBe(before);
    await policy.set({ allowProviders: [], denyProviders: [], defaults: {} });
  });
});
