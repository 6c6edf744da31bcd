import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import { createCatalog, parseSecretKeyring, resolveConfig } from '@switchboard/core';
import { createGatewayLogger, type GatewayLogger } from '@switchboard/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKeyStore,
  createCredentialStore,
  createPolicyStore,
  createTeamApp,
  createTeamGateway,
  createTeamRuntime,
  createTeamUsageLog,
  createUserStore,
  migrateTeamDatabase,
} from '../src/index.js';
import type { TeamDatabase } from '../src/index.js';
import { createTestDatabase, DATABASE_KINDS } from './test-databases.js';
import type { TestDatabase } from './test-databases.js';

const CANARY = 'TEAMGW-CANARY-3c9d14';
const WORKSPACE_OPENAI = `sk-proj-${CANARY}-workspace-0001`;
const ADA_OPENAI = `sk-proj-${CANARY}-ada-0002`;
const WORKSPACE_ANTHROPIC = `sk-ant-api03-${CANARY}-workspace-0003`;

let upstream: FakeUpstream;
let logDirectory: string;
beforeAll(async () => {
  upstream = await startFakeUpstream({
    expectedCredentials: { openai: [WORKSPACE_OPENAI, ADA_OPENAI], anthropic: WORKSPACE_ANTHROPIC },
  });
  logDirectory = await mkdtemp(join(tmpdir(), 'sb-team-gateway-'));
});
afterAll(async () => {
  await upstream.close();
  await rm(logDirectory, { recursive: true, force: true });
});

describe.each(DATABASE_KINDS)(
  'the team gateway on %s: personal API keys, a member’s own key over the workspace’s',
  (kind) => {
    let test: TestDatabase;
    let database: TeamDatabase;
    let log: GatewayLogger;
    let app: ReturnType<typeof createTeamApp>;
    let policy: ReturnType<typeof createPolicyStore>;
    let runtime: ReturnType<typeof createTeamRuntime>;
    const people = { ada: '', bob: '', carol: '' };

    /** The official SDKs, pointed at the team app in memory (their fetch is the app's). */
    const openaiFor = (apiKey: string) =>
      new OpenAI({
        apiKey,
        baseURL: 'http://team.test/v1',
        fetch: (url, init) => app.request(String(url), init),
        maxRetries: 0,
      });
    const anthropicFor = (apiKey: string) =>
      new Anthropic({
        apiKey,
        baseURL: 'http://team.test',
        fetch: (url, init) => app.request(String(url), init),
        maxRetries: 0,
      });

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      database = await test.open();
      await migrateTeamDatabase(database);
      const users = createUserStore({ db: database.db });
      people.ada = (await users.create({ email: 'ada@example.test', role: 'user' })).id;
      people.bob = (await users.create({ email: 'bob@example.test', role: 'user' })).id;
      people.carol = (await users.create({ email: 'carol@example.test', role: 'admin' })).id;
      const keyring = parseSecretKeyring(`1:${randomBytes(32).toString('base64')}`, 'test');
      const credentials = createCredentialStore({ db: database.db, keyring });
      await credentials.save({ scope: 'workspace' }, 'openai', { method: 'api-key', apiKey: WORKSPACE_OPENAI }, 'now');
      await credentials.save(
        { scope: 'workspace' },
        'anthropic',
        { method: 'api-key', apiKey: WORKSPACE_ANTHROPIC },
        'now',
      );
      await credentials.save(
        { scope: 'user', userId: people.ada },
        'openai',
        { method: 'api-key', apiKey: ADA_OPENAI },
        'now',
      );
      log = createGatewayLogger({ destination: { file: join(logDirectory, `${kind}.log`) } });
      const apiKeys = createApiKeyStore({ db: database.db });
      const config = resolveConfig({
        providers: {
          openai: { api_base: upstream.baseUrls.openai },
          anthropic: { api_base: upstream.baseUrls.anthropic },
        },
      });
      const catalog = createCatalog();
      policy = createPolicyStore({ db: database.db });
      runtime = createTeamRuntime({
        catalog,
        credentials,
        policy,
        config,
        usageLog: createTeamUsageLog({ db: database.db }),
      });
      app = createTeamApp({
        database,
        // Cookie sign-in is another layer: here a test header names the member for the key routes.
        resolvePrincipal: async (request) => {
          const id = request.headers.get('x-test-user');
          const user = id ? await users.get(id) : undefined;
          return user ? { userId: user.id, role: user.role, method: 'passkey' } : undefined;
        },
        users,
        apiKeys,
        credentialStore: credentials,
        policyStore: policy,
        models: { catalog, runtime },
        gateway: createTeamGateway({ keys: apiKeys, users, runtime, catalog, logger: log.logger, policy }),
      });
    });
    afterAll(async () => {
      await log.close();
      await database.close();
      await test.drop();
    });

    async function newKey(userId: string, name: string): Promise<string> {
      const response = await app.request('/api/me/api-keys', {
        method: 'POST',
        headers: { 'x-test-user': userId, 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      expect(response.status).toBe(201);
      const body = (await response.json()) as { key: string; apiKey: { hint: string } };
      expect(body.key).toMatch(/^sbk_[\w-]{43}$/);
      expect(body.apiKey.hint).toBe(`sbk_…${body.key.slice(-4)}`);
      return body.key;
    }

    it('serves each member with their own provider key over the workspace’s, through the official OpenAI and Anthropic SDKs', async () => {
      const adaKey = await newKey(people.ada, 'laptop');
      const bobKey = await newKey(people.bob, 'ci');
      upstream.reset();
      const utcDay = () => new Date().toISOString().slice(0, 10);
      const dayBefore = utcDay();
      const ada = await openaiFor(adaKey).chat.completions.create({
        model: 'gpt-5-mini',
        messages: [{ role: 'user', content: 'hello from ada' }],
      });
      expect(ada.choices[0]?.message.content).toContain('hello from ada');
      await openaiFor(bobKey).chat.completions.create({
        model: 'gpt-5-mini',
        messages: [{ role: 'user', content: 'bob' }],
      });
      expect(upstream.requests.map((request) => request.credential)).toEqual([ADA_OPENAI, WORKSPACE_OPENAI]);
      // Anthropic's SDK with x-api-key: only the workspace holds a Claude key.
      const message = await anthropicFor(adaKey).messages.create({
        model: 'claude-opus-4-1',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi claude' }],
      });
      expect(message.content[0]?.type).toBe('text');
      expect(upstream.requests.at(-1)?.credential).toBe(WORKSPACE_ANTHROPIC);
      // The models list is the member's: usable where some key of theirs or the workspace serves.
      const models = await openaiFor(bobKey).models.list();
      const usable = Object.fromEntries(
        models.data.map((model) => [model.id, (model as unknown as { usable: boolean }).usable]),
      );
      expect(usable['gpt-5-mini']).toBe(true);
      expect(usable['gemini-2.5-pro']).toBe(false);

      // Usage per member, provider, model and day, with the level that served each request.
      await runtime.flush();
      const dayAfter = utcDay();
      const usageOf = async (path: string, key: string) =>
        (await app.request(path, { headers: { authorization: `Bearer ${key}` } })).json() as Promise<{
          byProvider: { key: string; requests: number }[];
          byDay: { key: string; requests: number }[];
          byUser?: { key: string; requests: number }[];
        }>;
      const mine = await usageOf('/api/me/usage', adaKey);
      expect(mine.byProvider.map((row) => [row.key, row.requests])).toEqual([
        ['anthropic', 1],
        ['openai', 1],
      ]);
      // Both requests on the UTC day they were made (two days only for a run across midnight).
      expect(mine.byDay.length).toBeGreaterThan(0);
      for (const row of mine.byDay) expect([dayBefore, dayAfter]).toContain(row.key);
      expect(mine.byDay.reduce((sum, row) => sum + row.requests, 0)).toBe(2);
      const levels = await database.db
        .selectFrom('usage_event')
        .select(['user_id', 'provider', 'level'])
        .orderBy('at')
        .execute();
      expect(levels.map((row) => [row.user_id === people.ada ? 'ada' : 'bob', row.provider, row.level])).toEqual([
        ['ada', 'openai', 'user'],
        ['bob', 'openai', 'workspace'],
        ['ada', 'anthropic', 'workspace'],
      ]);
      // Only admins see everyone's, by member.
      expect((await app.request('/api/admin/usage', { headers: { authorization: `Bearer ${adaKey}` } })).status).toBe(
        403,
      );
      const all = await usageOf('/api/admin/usage', await newKey(people.carol, 'usage'));
      expect(Object.fromEntries((all.byUser ?? []).map((row) => [row.key, row.requests]))).toEqual({
        [people.ada]: 2,
        [people.bob]: 1,
      });
      const bad = await app.request('/api/me/usage?since=yesterday', {
        headers: { authorization: `Bearer ${adaKey}` },
      });
      expect(bad.status).toBe(400);
    });

    it('lists the provider registry as each member sees it: levels, status, methods', async () => {
      const adaKey = await newKey(people.ada, 'registry');
      const registry = async () =>
        (
          (await (await app.request('/api/providers', { headers: { authorization: `Bearer ${adaKey}` } })).json()) as {
            providers: Array<{ id: string; status: string; levels: string[]; methods: string[]; models: number }>;
          }
        ).providers;
      const byId = Object.fromEntries((await registry()).map((provider) => [provider.id, provider]));
      expect(byId['openai']).toMatchObject({ status: 'ready', levels: ['user', 'workspace'], methods: ['api-key'] });
      expect(byId['anthropic']).toMatchObject({ status: 'ready', levels: ['workspace'] });
      expect(byId['google']).toMatchObject({ status: 'needs-key', levels: [] });
      expect(byId['vertex']).toMatchObject({ methods: ['service-account'] });
      expect(byId['azure']).toMatchObject({ methods: ['api-key', 'client-credentials'] });
      expect(byId['openai']!.models).toBeGreaterThan(0);
      await policy.set({ allowProviders: [], denyProviders: ['anthropic'], defaults: {} });
      expect((await registry()).find((provider) => provider.id === 'anthropic')?.status).toBe('denied-by-admin');
      await policy.set({ allowProviders: [], denyProviders: [], defaults: {} });
    });

    it('lets a member name the credential of a request only when the admin allows it, and then only that one serves', async () => {
      const adaKey = await newKey(people.ada, 'named');
      const named = (credential: string) =>
        new OpenAI({
          apiKey: adaKey,
          baseURL: 'http://team.test/v1',
          fetch: (url, init) => app.request(String(url), init),
          maxRetries: 0,
          defaultHeaders: { 'x-switchboard-credential': credential },
        });
      const ask = (credential: string) =>
        named(credential).chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'x' }] });
      await expect(ask('workspace')).rejects.toMatchObject({ status: 403 });
      await policy.set({ allowProviders: [], denyProviders: [], defaults: {}, allowCredentialReferences: true });
      upstream.reset();
      // Ada's own key would serve; she names the workspace's.
      await ask('workspace');
      await ask('personal');
      expect(upstream.requests.map((request) => request.credential)).toEqual([WORKSPACE_OPENAI, ADA_OPENAI]);
      await expect(ask('somebody-else')).rejects.toMatchObject({ status: 400 });
      // Every answer says who served it: provider, way in and credential level.
      for (const [credential, level] of [
        ['workspace', 'request'],
        ['', 'user'],
      ] as const) {
        for (const stream of [false, true]) {
          const raw = await app.request('/v1/chat/completions', {
            method: 'POST',
            headers: {
              authorization: `Bearer ${adaKey}`,
              'content-type': 'application/json',
              ...(credential ? { 'x-switchboard-credential': credential } : {}),
            },
            body: JSON.stringify({ model: 'gpt-5-mini', stream, messages: [{ role: 'user', content: 'x' }] }),
          });
          await raw.text();
          expect([
            raw.headers.get('x-switchboard-provider'),
            raw.headers.get('x-switchboard-method'),
            raw.headers.get('x-switchboard-credential-level'),
          ]).toEqual(['openai', 'api-key', level]);
        }
      }
      // Bob has no OpenAI key of his own: naming it finds nothing, and nothing else stands in.
      const bob = new OpenAI({
        apiKey: await newKey(people.bob, 'named'),
        baseURL: 'http://team.test/v1',
        fetch: (url, init) => app.request(String(url), init),
        maxRetries: 0,
        defaultHeaders: { 'x-switchboard-credential': 'personal' },
      });
      upstream.reset();
      await expect(
        bob.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toMatchObject({ status: 401 });
      expect(upstream.requests).toEqual([]);
      await policy.set({ allowProviders: [], denyProviders: [], defaults: {} });
    });

    it('refuses a wrong, revoked or disabled member’s key with the API’s own 401, and a provider the policy denies', async () => {
      const key = await newKey(people.bob, 'to revoke');
      await expect(openaiFor(`sbk_${'x'.repeat(43)}`).models.list()).rejects.toMatchObject({ status: 401 });
      const listed = (await (
        await app.request('/api/me/api-keys', { headers: { 'x-test-user': people.bob } })
      ).json()) as {
        apiKeys: { id: string; name: string }[];
      };
      const id = listed.apiKeys.find((entry) => entry.name === 'to revoke')!.id;
      expect(
        (await app.request(`/api/me/api-keys/${id}`, { method: 'DELETE', headers: { 'x-test-user': people.bob } }))
          .status,
      ).toBe(200);
      await expect(openaiFor(key).models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });

      const carolKey = await newKey(people.carol, 'admin laptop');
      expect((await app.request('/api/me', { headers: { authorization: `Bearer ${carolKey}` } })).status).toBe(200);
      await createUserStore({ db: database.db }).setDisabled(people.carol, true);
      await expect(openaiFor(carolKey).models.list()).rejects.toMatchObject({ status: 401 });
      expect((await app.request('/api/me', { headers: { authorization: `Bearer ${carolKey}` } })).status).toBe(401);

      // The catalog says, per member, what is available and why not.
      const catalogOf = async (userId: string) =>
        (
          (await (await app.request('/api/catalog', { headers: { 'x-test-user': userId } })).json()) as {
            models: { id: string; available: boolean; reason: string | null; tier: string }[];
          }
        ).models;
      const bobModels = Object.fromEntries((await catalogOf(people.bob)).map((model) => [model.id, model]));
      expect(bobModels['gpt-5-mini']).toMatchObject({ available: true, reason: null });
      expect(bobModels['gemini-2.5-pro']).toMatchObject({ available: false, reason: 'needs-key' });
      expect((await app.request('/api/catalog')).status).toBe(401);

      // The admin denies OpenAI: no member reaches it any more, whichever key they hold.
      await createPolicyStore({ db: database.db }).set({ allowProviders: [], denyProviders: ['openai'], defaults: {} });
      const adaKey = await newKey(people.ada, 'after deny');
      const before = upstream.requests.length;
      await expect(
        openaiFor(adaKey).chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toMatchObject({
        status: 401,
        message: expect.stringContaining('add your own (PUT /api/me/credentials/openai) or ask an admin'),
      });
      expect(upstream.requests.length).toBe(before);
      const denied = Object.fromEntries((await catalogOf(people.ada)).map((model) => [model.id, model]));
      expect(denied['gpt-5-mini']).toMatchObject({ available: false, reason: 'denied-by-admin' });
      expect(denied['claude-opus-4-1']).toMatchObject({ available: true });
      await createPolicyStore({ db: database.db }).set({ allowProviders: [], denyProviders: [], defaults: {} });
    });

    it('keeps every provider key and personal key out of answers, the access log and the audit log', async () => {
      await log.close();
      const text = await readFile(join(logDirectory, `${kind}.log`), 'utf8');
      expect(text).toContain('"path":"/v1/chat/completions"');
      // Each request's line names the credential level that served it (never the credential).
      const levels = new Set(
        text
          .split('\n')
          .filter(Boolean)
          .map((line) => (JSON.parse(line) as { credentialLevel?: string }).credentialLevel)
          .filter(Boolean),
      );
      expect([...levels].sort()).toEqual(['request', 'user', 'workspace']);
      expect(text).not.toContain(CANARY);
      expect(text).not.toMatch(/sbk_[\w-]{20}/);
      const audit = await database.db.selectFrom('audit_event').select(['action', 'details']).execute();
      expect(audit.map((row) => row.action)).toContain('api-key-created');
      expect(JSON.stringify(audit)).not.toMatch(/sbk_[\w-]{20}/);
      log = createGatewayLogger({ destination: { file: join(logDirectory, `${kind}-after.log`) } });
    });
  },
);
