import { randomBytes } from 'node:crypto';
import { createCatalog, parseSecretKeyring, resolveConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKeyStore,
  createAuditLog,
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

type Caller = 'anonymous' | 'user' | 'admin';

/** Every route of the team API with the status each caller gets (the same whichever way they signed in). */
const MATRIX: ReadonlyArray<[method: string, path: string, body: unknown, statuses: Record<Caller, number>]> = [
  ['GET', '/api/me', undefined, { anonymous: 401, user: 200, admin: 200 }],
  ['GET', '/api/policy', undefined, { anonymous: 401, user: 200, admin: 200 }],
  ['PUT', '/api/admin/policy', {}, { anonymous: 401, user: 403, admin: 200 }],
  ['GET', '/api/admin/audit', undefined, { anonymous: 401, user: 403, admin: 200 }],
  ['GET', '/api/catalog', undefined, { anonymous: 401, user: 200, admin: 200 }],
  ['GET', '/api/me/credentials', undefined, { anonymous: 401, user: 200, admin: 200 }],
  ['DELETE', '/api/me/credentials/openai', undefined, { anonymous: 401, user: 404, admin: 404 }],
  ['GET', '/api/admin/credentials', undefined, { anonymous: 401, user: 403, admin: 200 }],
  ['DELETE', '/api/admin/credentials/openai', undefined, { anonymous: 401, user: 403, admin: 404 }],
  ['GET', '/api/me/api-keys', undefined, { anonymous: 401, user: 200, admin: 200 }],
  ['POST', '/api/me/api-keys', { name: 'matrix' }, { anonymous: 401, user: 201, admin: 201 }],
  ['DELETE', '/api/me/api-keys/none', undefined, { anonymous: 401, user: 404, admin: 404 }],
  ['GET', '/api/admin/users', undefined, { anonymous: 401, user: 403, admin: 200 }],
  ['POST', '/api/admin/users', { email: 'new@example.test' }, { anonymous: 401, user: 403, admin: 201 }],
  ['PATCH', '/api/admin/users/none', { role: 'user' }, { anonymous: 401, user: 403, admin: 404 }],
];

describe.each(DATABASE_KINDS)('the team API on %s', (kind) => {
  let test: TestDatabase;
  let database: TeamDatabase;
  let app: ReturnType<typeof createTeamApp>;
  const ids = { admin: '', user: '' };
  const apiKeys = { admin: '', user: '' };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    database = await test.open();
    await migrateTeamDatabase(database);
    const users = createUserStore({ db: database.db });
    const keys = createApiKeyStore({ db: database.db });
    ids.admin = (await users.create({ email: 'root@example.test', role: 'admin' })).id;
    ids.user = (await users.create({ email: 'member@example.test', role: 'user' })).id;
    apiKeys.admin = (await keys.create(ids.admin, 'matrix')).key;
    apiKeys.user = (await keys.create(ids.user, 'matrix')).key;
    const keyring = parseSecretKeyring(`1:${randomBytes(32).toString('base64')}`, 'test');
    const credentials = createCredentialStore({ db: database.db, keyring });
    const policy = createPolicyStore({ db: database.db });
    const catalog = createCatalog();
    app = createTeamApp({
      database,
      // The sign-in layer's session, played by a header naming the member.
      resolvePrincipal: async (request) => {
        const id = request.headers.get('x-test-session');
        const user = id ? await users.get(id) : undefined;
        return user && !user.disabled ? { userId: user.id, role: user.role, method: 'passkey' } : undefined;
      },
      users,
      apiKeys: keys,
      credentialStore: credentials,
      policyStore: policy,
      models: { catalog, runtime: createTeamRuntime({ catalog, credentials, policy, config: resolveConfig({}) }) },
    });
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    app.request(path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  describe.each(['session', 'personal API key'] as const)('RBAC, signed in with a %s', (way) => {
    const headersFor = (caller: Caller): Record<string, string> => {
      if (caller === 'anonymous') return {};
      return way === 'session' ? { 'x-test-session': ids[caller] } : { authorization: `Bearer ${apiKeys[caller]}` };
    };
    it.each(
      MATRIX.flatMap(([method, path, body, statuses]) =>
        (['anonymous', 'user', 'admin'] as const).map(
          (caller) => [method, path, caller, statuses[caller], body] as const,
        ),
      ),
    )('%s %s as %s → %i', async (method, path, caller, status, body) => {
      // A member's email is unique: each way of signing in invites its own.
      const sent =
        body && 'email' in body ? { ...body, email: `${way.replaceAll(' ', '-')}-${caller}@example.test` } : body;
      const response = await call(method, path, headersFor(caller), sent);
      expect(response.status).toBe(status);
      if (status === 401)
        expect(await response.json()).toEqual({ error: { code: 'AUTH_FAILED', message: 'Sign in to continue.' } });
    });
  });

  it('admins change roles and disable members; the workspace keeps an enabled admin; all of it audited', async () => {
    const admin = { 'x-test-session': ids.admin };
    // The only admin cannot step down or be disabled.
    expect((await call('PATCH', `/api/admin/users/${ids.admin}`, admin, { role: 'user' })).status).toBe(409);
    expect((await call('PATCH', `/api/admin/users/${ids.admin}`, admin, { disabled: true })).status).toBe(409);
    // Promote the member, then the first admin may step down.
    expect((await call('PATCH', `/api/admin/users/${ids.user}`, admin, { role: 'admin' })).status).toBe(200);
    expect((await call('PATCH', `/api/admin/users/${ids.admin}`, admin, { role: 'user' })).status).toBe(200);
    // Demoted: the admin routes refuse them now, with either way in.
    expect((await call('GET', '/api/admin/users', admin)).status).toBe(403);
    expect((await call('GET', '/api/admin/users', { authorization: `Bearer ${apiKeys.admin}` })).status).toBe(403);
    const newAdmin = { authorization: `Bearer ${apiKeys.user}` };
    // Disabling a member stops their keys at once.
    expect((await call('PATCH', `/api/admin/users/${ids.admin}`, newAdmin, { disabled: true })).status).toBe(200);
    expect((await call('GET', '/api/me', { authorization: `Bearer ${apiKeys.admin}` })).status).toBe(401);
    expect((await call('PATCH', `/api/admin/users/${ids.admin}`, newAdmin, { disabled: 'yes' })).status).toBe(400);
    const events = await createAuditLog({ db: database.db }).list({ limit: 50 });
    expect(events.map((event) => event.action)).toEqual(
      expect.arrayContaining(['role-changed', 'user-disabled', 'user-invited', 'api-key-created']),
    );
    const roleChanges = events.filter((event) => event.action === 'role-changed').map((event) => event.details);
    expect(roleChanges).toEqual(
      expect.arrayContaining([
        { from: 'user', to: 'admin' },
        { from: 'admin', to: 'user' },
      ]),
    );
  });
});
