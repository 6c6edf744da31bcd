// GET /api/admin/users with sign-in counts each member's ways in (passkeys, linked identities), so
// an admin sees who has not enrolled yet; on both databases, through the real passkey ceremony.
import { randomBytes } from 'node:crypto';
import { createSoftwareAuthenticator } from '@switchboard/testkit';
import { describe, expect, it } from 'vitest';
import {
  createAdminEnrollment,
  createApiKeyStore,
  createIdentityProviderStore,
  createIdentityStore,
  createTeamApp,
  createUserStore,
} from '../src/index.js';
import { registerPasskey } from './helpers/passkey-ceremonies.js';
import { createTeamBrowser } from './helpers/team-browser.js';
import { DATABASE_KINDS, useMigratedDatabase } from './test-databases.js';

const PUBLIC_URL = 'http://localhost:4997';

describe.each(DATABASE_KINDS)('the admin’s member list on %s', (kind) => {
  it('counts each member’s passkeys and linked identities; a member not enrolled yet has none', async () => {
    const database = await useMigratedDatabase(kind);
    const app = createTeamApp({
      database,
      signIn: { publicUrl: PUBLIC_URL, secret: randomBytes(32).toString('base64url'), attemptsPerMinute: 10_000 },
    });
    const enrollment = await createAdminEnrollment(database, { email: 'root@example.test', publicUrl: PUBLIC_URL });
    const browser = createTeamBrowser((request) => app.fetch(request), PUBLIC_URL);
    const enrollmentToken = new URL(enrollment.url).hash.slice('#token='.length);
    expect((await registerPasskey(browser, createSoftwareAuthenticator(), { enrollmentToken })).status).toBe(200);
    expect((await registerPasskey(browser, createSoftwareAuthenticator(), { name: 'phone' })).status).toBe(200);

    const users = createUserStore({ db: database.db });
    const invited = await users.create({ email: 'invited@example.test', role: 'user' });
    const linked = await users.create({ email: 'linked@example.test', role: 'user' });
    const identityProviders = createIdentityProviderStore({ db: database.db });
    await identityProviders.create({
      id: 'company',
      name: 'Company',
      preset: 'oidc',
      issuer: 'https://login.example.test',
      clientId: 'switchboard',
      clientSecret: null,
      scopes: ['openid', 'email'],
      allowSignUp: false,
      linkByVerifiedEmail: false,
      enabled: true,
    });
    const identities = createIdentityStore({ db: database.db });
    await identities.link({
      userId: linked.id,
      issuer: 'https://login.example.test',
      subject: 'linked-1',
      providerId: 'company',
      email: 'linked@example.test',
      emailVerified: true,
    });

    const listed = await browser.get('/api/admin/users');
    expect(listed.status).toBe(200);
    const { users: members } = (await listed.json()) as {
      users: Array<{ email: string; signIn: { passkeys: number; identities: number } }>;
    };
    // Members created in the same millisecond list in id order, which is random: compare by email.
    const byEmail = members
      .map(({ email, signIn }) => [email, signIn])
      .sort(([a], [b]) => String(a).localeCompare(String(b)));
    expect(byEmail).toEqual([
      ['invited@example.test', { passkeys: 0, identities: 0 }],
      ['linked@example.test', { passkeys: 0, identities: 1 }],
      ['root@example.test', { passkeys: 2, identities: 0 }],
    ]);

    // The identity provider deleted: its identities sign nobody in, so they no longer count — not
    // in the list, not as a way in; unlinking one is always allowed.
    const rootIdentity = await identities.link({
      userId: enrollment.userId,
      issuer: 'https://login.example.test',
      subject: 'root-1',
      providerId: 'company',
      email: 'root@example.test',
      emailVerified: true,
    });
    await identityProviders.remove('company');
    const after = (await (await browser.get('/api/admin/users')).json()) as {
      users: Array<{ email: string; signIn: { passkeys: number; identities: number } }>;
    };
    expect(after.users.find((member) => member.email === 'root@example.test')?.signIn).toEqual({
      passkeys: 2,
      identities: 0,
    });
    expect(after.users.find((member) => member.email === 'linked@example.test')?.signIn).toEqual({
      passkeys: 0,
      identities: 0,
    });
    const passkeys = (await (await browser.get('/api/auth/passkey/list-user-passkeys')).json()) as Array<{
      id: string;
    }>;
    expect((await browser.post('/api/auth/passkey/delete-passkey', { id: passkeys[0]!.id })).status).toBe(200);
    expect((await browser.post('/api/auth/passkey/delete-passkey', { id: passkeys[1]!.id })).status).toBe(409);
    expect((await browser.delete(`/api/me/identities/${rootIdentity.id}`)).status).toBe(200);

    // Only admins see it: a member's own API key is refused.
    const key = (await createApiKeyStore({ db: database.db }).create(invited.id, 'test')).key;
    const refused = await app.request('/api/admin/users', { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(403);
  });
});
