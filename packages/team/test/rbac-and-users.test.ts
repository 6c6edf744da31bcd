import { randomBytes } from 'node:crypto';
import { createCatalog, parseSecretKeyring, resolveConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoftwareAuthenticator, startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import {
  createApiKeyStore,
  createEnrollmentStore,
  createIdentityProviderStore,
  createAuditLog,
  createCredentialStore,
  createPolicyStore,
  createTeamApp,
  createTeamRuntime,
  createUserStore,
  migrateTeamDatabase,
} from '../src/index.js';
import type { TeamDatabase } from '../src/index.js';
import { registerPasskey } from './helpers/passkey-ceremonies.js';
import { createTeamBrowser, ssoRoundTrip, type TeamBrowser } from './helpers/team-browser.js';
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
  ['GET', '/api/providers', undefined, { anonymous: 401, user: 200, admin: 200 }],
  ['GET', '/api/me/credentials', undefined, { anonymous: 401, user: 200, admin: 200 }],
  ['DELETE', '/api/me/credentials/openai', undefined, { anonymous: 401, user: 404, admin: 404 }],
  ['GET', '/api/admin/credentials', undefined, { anonymous: 401, user: 403, admin: 200 }],
  ['DELETE', '/api/admin/credentials/openai', undefined, { anonymous: 401, user: 403, admin: 404 }],
  ['GET', '/api/me/api-keys', undefined, { anonymous: 401, user: 200, admin: 200 }],
  ['GET', '/api/me/preferences', undefined, { anonymous: 401, user: 200, admin: 200 }],
  ['PATCH', '/api/me/preferences', { providers: ['openai'] }, { anonymous: 401, user: 200, admin: 200 }],
  ['POST', '/api/me/api-keys', { name: 'matrix' }, { anonymous: 401, user: 201, admin: 201 }],
  ['DELETE', '/api/me/api-keys/none', undefined, { anonymous: 401, user: 404, admin: 404 }],
  ['GET', '/api/admin/users', undefined, { anonymous: 401, user: 403, admin: 200 }],
  ['POST', '/api/admin/users', { email: 'new@example.test' }, { anonymous: 401, user: 403, admin: 201 }],
  ['PATCH', '/api/admin/users/none', { role: 'user' }, { anonymous: 401, user: 403, admin: 404 }],
  ['POST', '/api/admin/users/none/enrollment', undefined, { anonymous: 401, user: 403, admin: 404 }],
  ['GET', '/api/admin/invitations', undefined, { anonymous: 401, user: 403, admin: 200 }],
  ['DELETE', '/api/admin/invitations/none', undefined, { anonymous: 401, user: 403, admin: 404 }],
  ['GET', '/api/admin/identity-providers', undefined, { anonymous: 401, user: 403, admin: 200 }],
  ['POST', '/api/admin/identity-providers', { id: 'x' }, { anonymous: 401, user: 403, admin: 400 }],
  ['PATCH', '/api/admin/identity-providers/none', {}, { anonymous: 401, user: 403, admin: 404 }],
  ['DELETE', '/api/admin/identity-providers/none', undefined, { anonymous: 401, user: 403, admin: 404 }],
  ['POST', '/api/structured', { prompt: 'no schema' }, { anonymous: 401, user: 400, admin: 400 }],
  ['GET', '/api/me/identities', undefined, { anonymous: 401, user: 200, admin: 200 }],
  ['DELETE', '/api/me/identities/none', undefined, { anonymous: 401, user: 404, admin: 404 }],
];

/** Routes anyone may call, signed in or not: what the sign-in page needs. */
const PUBLIC: ReadonlyArray<[method: string, path: string, body: unknown, status: number]> = [
  ['GET', '/api/health', undefined, 200],
  ['GET', '/api/sign-in/options', undefined, 200],
  ['POST', '/api/enrollment/lookup', { token: 'sbe_wrong' }, 401],
  ['GET', '/api/auth/passkey/generate-authenticate-options', undefined, 200],
];

const PUBLIC_URL = 'http://localhost:4997';
type Way = 'passkey' | 'sso' | 'personal API key';

describe.each(DATABASE_KINDS)('the team API on %s', (kind) => {
  let test: TestDatabase;
  let database: TeamDatabase;
  let app: ReturnType<typeof createTeamApp>;
  let identityProvider: OAuthServer;
  const ids = { admin: '', user: '' };
  const apiKeys = { admin: '', user: '' };
  /** Each member signed in each way a browser can: by passkey and by SSO. */
  const browsers: Record<'passkey' | 'sso', Record<'admin' | 'user', TeamBrowser>> = {
    passkey: {} as Record<'admin' | 'user', TeamBrowser>,
    sso: {} as Record<'admin' | 'user', TeamBrowser>,
  };

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
    identityProvider = await startOAuthServer({
      webClients: [
        { clientId: 'team', clientSecret: 'rbac-client-secret', redirectUris: [`${PUBLIC_URL}/api/auth/sso/callback`] },
      ],
    });
    await createIdentityProviderStore({ db: database.db, keyring }).create({
      id: 'company',
      name: 'Company',
      preset: 'oidc',
      issuer: identityProvider.issuer,
      clientId: 'team',
      clientSecret: 'rbac-client-secret',
      scopes: ['openid', 'email', 'profile'],
      allowSignUp: false,
      linkByVerifiedEmail: false,
      enabled: true,
    });
    app = createTeamApp({
      database,
      signIn: {
        publicUrl: PUBLIC_URL,
        secret: randomBytes(32).toString('base64url'),
        keyring,
        attemptsPerMinute: 10_000,
      },
      users,
      apiKeys: keys,
      credentialStore: credentials,
      policyStore: policy,
      models: { catalog, runtime: createTeamRuntime({ catalog, credentials, policy, config: resolveConfig({}) }) },
    });
    const enrollments = createEnrollmentStore({ db: database.db });
    for (const caller of ['admin', 'user'] as const) {
      const passkey = createTeamBrowser((request) => app.fetch(request), PUBLIC_URL);
      const forPasskey = await enrollments.issue({ userId: ids[caller] });
      const registered = await registerPasskey(passkey, createSoftwareAuthenticator(), {
        enrollmentToken: forPasskey.token,
      });
      expect(registered.status).toBe(200);
      const sso = createTeamBrowser((request) => app.fetch(request), PUBLIC_URL);
      const forSso = await enrollments.issue({ userId: ids[caller] });
      const signedIn = await ssoRoundTrip(sso, { providerId: 'company', login: caller, enrollmentToken: forSso.token });
      expect(signedIn.location).toBe('/?sso=signed-in');
      browsers.passkey[caller] = passkey;
      browsers.sso[caller] = sso;
    }
  });
  afterAll(async () => {
    await identityProvider?.close();
    await database.close();
    await test.drop();
  });

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    app.request(path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const callAs = (way: Way, caller: Caller, method: string, path: string, body?: unknown) => {
    if (caller === 'anonymous') return call(method, path, {}, body);
    if (way === 'personal API key') return call(method, path, { authorization: `Bearer ${apiKeys[caller]}` }, body);
    return browsers[way][caller].send(method, path, body);
  };

  describe.each(['passkey', 'sso', 'personal API key'] as const)('RBAC, signed in with a %s', (way) => {
    it('the signed-in member is who the way in says, with how they signed in', async () => {
      for (const caller of ['admin', 'user'] as const) {
        const response = await callAs(way, caller, 'GET', '/api/me');
        expect(await response.json()).toEqual({
          userId: ids[caller],
          role: caller,
          method: way === 'personal API key' ? 'api-key' : way,
        });
      }
    });
    it.each(
      MATRIX.flatMap(([method, path, body, statuses]) =>
        (['anonymous', 'user', 'admin'] as const).map(
          (caller) => [method, path, caller, statuses[caller], body] as const,
        ),
      ),
    )('%s %s as %s → %i', async (method, path, caller, status, body) => {
      // A member's email is unique: each way of signing in invites its own.
      const sent =
        body && typeof body === 'object' && 'email' in body
          ? { ...body, email: `${way.replaceAll(' ', '-')}-${caller}@example.test` }
          : body;
      const response = await callAs(way, caller, method, path, sent);
      expect(response.status).toBe(status);
      if (status === 401)
        expect(await response.json()).toEqual({ error: { code: 'AUTH_FAILED', message: 'Sign in to continue.' } });
    });
    it.each(PUBLIC)('%s %s is the same for everyone: %i', async (method, path, body, status) => {
      for (const caller of ['anonymous', 'user', 'admin'] as const)
        expect((await callAs(way, caller, method, path, body)).status).toBe(status);
    });
  });

  it('admins change roles and disable members; the workspace keeps an enabled admin; all of it audited', async () => {
    const admin = { cookie: browsers.passkey.admin.cookieHeader() ?? '', origin: PUBLIC_URL };
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
    // Disabling a member stops their keys at once…
    expect((await call('PATCH', `/api/admin/users/${ids.admin}`, newAdmin, { disabled: true })).status).toBe(200);
    expect((await call('GET', '/api/me', { authorization: `Bearer ${apiKeys.admin}` })).status).toBe(401);
    // …and their browser sessions, whichever way they signed in.
    expect((await browsers.passkey.admin.get('/api/me')).status).toBe(401);
    expect((await browsers.sso.admin.get('/api/me')).status).toBe(401);
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
