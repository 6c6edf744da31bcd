import { randomBytes } from 'node:crypto';
import { startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import {
  createProviderRegistry,
  isSwitchboardError,
  parseSecretKeyring,
  resolveConfig,
  resolveCredential,
  type SecretKeyring,
} from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkStoredCredentials,
  createAuditLog,
  createCredentialChecker,
  createCredentialStore,
  createTeamApp,
  createTeamCredentialSources,
  migrateTeamDatabase,
} from '../src/index.js';
import type { Principal, TeamDatabase } from '../src/index.js';
import { createTestDatabase, DATABASE_KINDS } from './test-databases.js';
import type { TestDatabase } from './test-databases.js';

const CANARY = 'TEAMCRED-CANARY-5e0b71';
const WORKSPACE_KEY = `sk-proj-${CANARY}-workspace-7a1c`;
const USER_KEY = `sk-proj-${CANARY}-user-00b2`;
const WRONG_KEY = `sk-proj-${CANARY}-wrong-9999`;

const PEOPLE: Record<string, Principal> = {
  admin: { userId: 'u-admin', role: 'admin', method: 'passkey' },
  user: { userId: 'u-user', role: 'user', method: 'sso' },
  other: { userId: 'u-other', role: 'user', method: 'api-key' },
};

const keyOf = (version: number) => `${version}:${randomBytes(32).toString('base64')}`;

function call(app: ReturnType<typeof createTeamApp>, method: string, path: string, person?: string, body?: unknown) {
  const headers: Record<string, string> = person === undefined ? {} : { 'x-test-person': person };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

let upstream: FakeUpstream;
beforeAll(async () => {
  // The provider accepts exactly the two real keys; the wrong one is refused as OpenAI refuses it.
  upstream = await startFakeUpstream({ expectedCredentials: { openai: [WORKSPACE_KEY, USER_KEY] } });
});
afterAll(async () => {
  await upstream.close();
});

const checkerFor = (base: string) =>
  createCredentialChecker({
    registry: createProviderRegistry(),
    config: resolveConfig({ providers: { openai: { api_base: base } } }),
  });

describe.each(DATABASE_KINDS)('provider credentials of the workspace and its users on %s', (kind) => {
  let test: TestDatabase;
  let first: TeamDatabase;
  let second: TeamDatabase;
  let keyring: SecretKeyring;
  const responses: string[] = [];

  const appOn = (database: TeamDatabase, ring: SecretKeyring | null = keyring) =>
    createTeamApp({
      database,
      resolvePrincipal: async (request) => PEOPLE[request.headers.get('x-test-person') ?? ''],
      ...(ring ? { credentialStore: createCredentialStore({ db: database.db, keyring: ring }) } : {}),
      checkCredential: checkerFor(upstream.baseUrls.openai),
    });
  const send = async (...args: Parameters<typeof call>) => {
    const response = await call(...args);
    responses.push(await response.clone().text());
    return response;
  };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    first = await test.open();
    await migrateTeamDatabase(first);
    second = await test.open();
    keyring = parseSecretKeyring(keyOf(1), 'test');
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
    await test.drop();
  });

  it.each([
    ['PUT', '/api/admin/credentials/openai', 'user', 403],
    ['PUT', '/api/admin/credentials/openai', undefined, 401],
    ['GET', '/api/admin/credentials', 'user', 403],
    ['GET', '/api/me/credentials', undefined, 401],
    ['DELETE', '/api/me/credentials/openai', undefined, 401],
  ])('%s %s as %s answers %i', async (method, path, person, status) => {
    const response = await send(
      appOn(first),
      method,
      path,
      person,
      method === 'PUT' ? { apiKey: WORKSPACE_KEY } : undefined,
    );
    expect(response.status).toBe(status);
  });

  it('saves a workspace key and a personal key after checking them at the provider, shows only their last four characters, and refuses a wrong key', async () => {
    const app = appOn(first);
    const refused = await send(app, 'PUT', '/api/admin/credentials/openai', 'admin', { apiKey: WRONG_KEY });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^Not saved: /);

    const saved = await send(app, 'PUT', '/api/admin/credentials/openai', 'admin', { apiKey: WORKSPACE_KEY });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      credential: { scope: 'workspace', provider: 'openai', method: 'api-key', hint: '…7a1c', checkCode: null },
    });
    const own = await send(app, 'PUT', '/api/me/credentials/openai', 'user', { apiKey: USER_KEY });
    expect(own.status).toBe(200);

    // Each list shows its own level only; another instance on the same database sees the same.
    const workspace = await send(appOn(second), 'GET', '/api/admin/credentials', 'admin');
    expect(
      ((await workspace.json()) as { credentials: { hint: string }[] }).credentials.map((entry) => entry.hint),
    ).toEqual(['…7a1c']);
    const mine = await send(appOn(second), 'GET', '/api/me/credentials', 'user');
    expect(((await mine.json()) as { credentials: { hint: string }[] }).credentials.map((entry) => entry.hint)).toEqual(
      ['…00b2'],
    );
    const theirs = await send(appOn(second), 'GET', '/api/me/credentials', 'other');
    expect(((await theirs.json()) as { credentials: unknown[] }).credentials).toEqual([]);

    const bad = await send(app, 'PUT', '/api/me/credentials/openai', 'user', { apiKey: 'two words' });
    expect(bad.status).toBe(400);
    const unknown = await send(app, 'PUT', '/api/me/credentials/nowhere', 'user', { apiKey: USER_KEY });
    expect(unknown.status).toBe(400);
  });

  it('resolves a user’s own key over the workspace key through core’s resolver, and the workspace key for everyone else', async () => {
    const sources = createTeamCredentialSources(createCredentialStore({ db: second.db, keyring }));
    const lookup = (userId: string) => ({
      provider: 'openai' as const,
      methods: ['api-key' as const],
      context: { userId },
    });
    const forUser = await resolveCredential(lookup('u-user'), sources);
    expect(forUser.level).toBe('user');
    expect(forUser.credential).toMatchObject({ method: 'api-key', apiKey: USER_KEY });
    const forOther = await resolveCredential(lookup('u-other'), sources);
    expect(forOther.level).toBe('workspace');
    expect(forOther.credential).toMatchObject({ apiKey: WORKSPACE_KEY });
  });

  it('keeps keys sealed at rest; rotation re-seals them with the new key while both versions open them', async () => {
    const rows = await first.db.selectFrom('provider_credential').select(['sealed', 'key_version']).execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.sealed).not.toContain(CANARY);
      expect(row.key_version).toBe(1);
    }
    const rotated = parseSecretKeyring(
      `${[...keyring.versions.values()].map((key) => `${key.version}:${key.bytes.toString('base64')}`).join(',')},${keyOf(2)}`,
      'test',
    );
    // Another instance still on the old keyring keeps serving until it is restarted with the new one.
    const oldInstance = createCredentialStore({ db: second.db, keyring });
    expect(await createCredentialStore({ db: first.db, keyring: rotated }).rotate()).toEqual({ resealed: 2, total: 2 });
    expect(await createCredentialStore({ db: first.db, keyring: rotated }).rotate()).toEqual({ resealed: 0, total: 2 });
    const after = await first.db.selectFrom('provider_credential').select(['key_version']).execute();
    expect(after.map((row) => row.key_version)).toEqual([2, 2]);
    // The new version alone opens them now; the old keyring is told which version it lacks.
    const newOnly: SecretKeyring = { current: rotated.current, versions: new Map([[2, rotated.current]]) };
    expect(
      await createCredentialStore({ db: second.db, keyring: newOnly }).read({ scope: 'workspace' }, 'openai'),
    ).toMatchObject({
      apiKey: WORKSPACE_KEY,
    });
    const stale = await oldInstance.read({ scope: 'workspace' }, 'openai').catch((error: unknown) => error);
    expect(isSwitchboardError(stale, 'STORE_UNAVAILABLE')).toBe(true);
    expect(String((stale as Error).message)).toContain('master key version 2');
    keyring = rotated;
  });

  it('checks stored credentials at their providers and records which failed', async () => {
    // Another provider host that accepts only the user's key: the workspace key now fails there.
    const elsewhere = await startFakeUpstream({ expectedCredentials: { openai: [USER_KEY] } });
    try {
      const store = createCredentialStore({ db: first.db, keyring });
      expect(await checkStoredCredentials(store, checkerFor(elsewhere.baseUrls.openai))).toEqual({
        checked: 2,
        failed: 1,
      });
      const listed = await store.list({ scope: 'workspace' });
      expect(listed[0]).toMatchObject({ checkCode: 'AUTH_FAILED' });
      expect(listed[0]?.checkedAt).toMatch(/^\d{4}-/);
      expect((await store.list({ scope: 'user', userId: 'u-user' }))[0]).toMatchObject({ checkCode: null });
    } finally {
      await elsewhere.close();
    }
  });

  it('removes a credential, records every change in the audit log without a secret, and says when no master key is set', async () => {
    const app = appOn(first);
    expect((await send(app, 'DELETE', '/api/me/credentials/openai', 'user')).status).toBe(200);
    expect((await send(app, 'DELETE', '/api/me/credentials/openai', 'user')).status).toBe(404);
    const events = await createAuditLog({ db: first.db }).list({ limit: 20 });
    const changes = events.filter((event) => event.action === 'credential-changed');
    expect(changes.map((event) => [event.actorUserId, event.details['change'], event.details['scope']])).toEqual([
      ['u-user', 'removed', 'user'],
      ['u-user', 'saved', 'user'],
      ['u-admin', 'saved', 'workspace'],
    ]);
    expect(JSON.stringify(events)).not.toContain(CANARY);

    const keyless = await send(appOn(first, null), 'GET', '/api/admin/credentials', 'admin');
    expect(keyless.status).toBe(503);
    expect(((await keyless.json()) as { error: { message: string } }).error.message).toContain(
      'SWITCHBOARD_TEAM_MASTER_KEYS',
    );
    // No answer of this file carried a secret.
    for (const text of responses) expect(text).not.toContain(CANARY);
  });
});
