import { randomBytes } from 'node:crypto';
import { createSoftwareAuthenticator } from '@switchboard/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createAdminEnrollment,
  createApiKeyStore,
  createTeamApp,
  createUserStore,
  migrateTeamDatabase,
  readAuthSecret,
  SIGN_IN_FAILED_MESSAGE,
  type TeamDatabase,
} from '../src/index.js';
import { registerPasskey, signInWithPasskey } from './helpers/passkey-ceremonies.js';
import { createTeamBrowser, type TeamBrowser } from './helpers/team-browser.js';
import { createTestDatabase, DATABASE_KINDS, useMigratedDatabase } from './test-databases.js';

const PUBLIC_URL = 'http://localhost:4998';
describe.each(DATABASE_KINDS)('passkeys on %s', (kind) => {
  let database: TeamDatabase;
  let app: ReturnType<typeof createTeamApp>;
  const answers: string[] = [];
  const handle = async (request: Request) => {
    const response = await app.fetch(request);
    answers.push(await response.clone().text());
    return response;
  };
  const me = async (browser: TeamBrowser) => {
    const response = await browser.get('/api/me');
    return response.status === 200 ? await response.json() : response.status;
  };
  let adminId: string;
  let enrollmentToken: string;
  const laptop = createSoftwareAuthenticator();

  beforeAll(async () => {
    database = await useMigratedDatabase(kind);
    app = createTeamApp({
      database,
      signIn: { publicUrl: PUBLIC_URL, secret: randomBytes(32).toString('base64url'), attemptsPerMinute: 10_000 },
    });
    // What `sb team create-admin` does.
    const enrollment = await createAdminEnrollment(database, { email: 'Root@Example.test', publicUrl: PUBLIC_URL });
    expect(enrollment).toMatchObject({
      change: 'created',
      url: expect.stringMatching(/^http:\/\/localhost:4998\/enroll#token=sbe_/),
    });
    adminId = enrollment.userId;
    enrollmentToken = new URL(enrollment.url).hash.slice('#token='.length);
  });

  it('enrolls the first admin with a passkey from the enrollment link, once', async () => {
    const browser = createTeamBrowser(handle, PUBLIC_URL);
    const lookup = await browser.post('/api/enrollment/lookup', { token: enrollmentToken });
    expect(await lookup.json()).toMatchObject({ email: 'root@example.test', role: 'admin' });
    const offered = await browser.get(`/api/auth/passkey/generate-register-options?context=${enrollmentToken}`);
    // Discoverable credentials with user verification, asked for by the options.
    expect(await offered.clone().json()).toMatchObject({
      rp: { id: 'localhost' },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const registered = await registerPasskey(browser, laptop, { enrollmentToken, name: 'laptop' });
    expect(registered.status).toBe(200);
    expect(await me(browser)).toEqual({ userId: adminId, role: 'admin', method: 'passkey' });

    // The link worked once.
    const again = createTeamBrowser(handle, PUBLIC_URL);
    const reused = await registerPasskey(again, createSoftwareAuthenticator(), { enrollmentToken });
    expect(reused.status).toBe(401);
    expect(await reused.json()).toEqual({ error: { code: 'AUTH_FAILED', message: SIGN_IN_FAILED_MESSAGE } });
    expect(await me(again)).toBe(401);
  });

  it('signs in with the passkey, requiring user verification, and answers every failure alike', async () => {
    const browser = createTeamBrowser(handle, PUBLIC_URL);
    expect((await signInWithPasskey(browser, laptop)).status).toBe(200);
    expect(await me(browser)).toEqual({ userId: adminId, role: 'admin', method: 'passkey' });
    expect(browser.cookieHeader()).toContain('sb.session_token=');

    const unverified = createTeamBrowser(handle, PUBLIC_URL);
    const refused = await signInWithPasskey(unverified, laptop, false);
    const stranger = createTeamBrowser(handle, PUBLIC_URL);
    const strangerKey = createSoftwareAuthenticator();
    // A credential the server never registered (made against other options).
    strangerKey.createCredential({
      options: {
        challenge: 'AAAA',
        rp: { id: 'localhost', name: 'x' },
        user: { id: 'AAAA', name: 'x', displayName: 'x' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      } as never,
      origin: PUBLIC_URL,
    });
    const unknown = await signInWithPasskey(stranger, strangerKey);
    for (const response of [refused, unknown]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'AUTH_FAILED', message: SIGN_IN_FAILED_MESSAGE } });
    }
    expect(await me(unverified)).toBe(401);
    expect(await me(stranger)).toBe(401);
  });

  it('keeps several passkeys per member: add, rename, remove — never the last', async () => {
    const browser = createTeamBrowser(handle, PUBLIC_URL);
    await signInWithPasskey(browser, laptop);
    const phone = createSoftwareAuthenticator();
    expect((await registerPasskey(browser, phone, { name: 'phone' })).status).toBe(200);
    const listed = (await (await browser.get('/api/auth/passkey/list-user-passkeys')).json()) as Array<{
      id: string;
      name: string;
    }>;
    expect(listed.map((passkey) => passkey.name).sort()).toEqual(['laptop', 'phone']);
    const phoneKey = listed.find((passkey) => passkey.name === 'phone')!;
    const renamed = await browser.post('/api/auth/passkey/update-passkey', { id: phoneKey.id, name: 'work phone' });
    expect(renamed.status).toBe(200);
    // Signing in with the new passkey works too, then the first one goes.
    const onPhone = createTeamBrowser(handle, PUBLIC_URL);
    expect((await signInWithPasskey(onPhone, phone)).status).toBe(200);
    const laptopKey = listed.find((passkey) => passkey.name === 'laptop')!;
    expect((await onPhone.post('/api/auth/passkey/delete-passkey', { id: laptopKey.id })).status).toBe(200);
    const last = await onPhone.post('/api/auth/passkey/delete-passkey', { id: phoneKey.id });
    expect(last.status).toBe(409);
    expect(await last.json()).toMatchObject({ error: { message: expect.stringContaining('last way to sign in') } });
    const fresh = createTeamBrowser(handle, PUBLIC_URL);
    expect((await signInWithPasskey(fresh, laptop)).status).toBe(401);
    expect((await signInWithPasskey(fresh, phone)).status).toBe(200);

    // Removals sent at the same instant take turns: all three asked, two go, the last stays.
    for (const name of ['tablet', 'security key'])
      expect((await registerPasskey(onPhone, createSoftwareAuthenticator(), { name })).status).toBe(200);
    const three = (await (await onPhone.get('/api/auth/passkey/list-user-passkeys')).json()) as Array<{ id: string }>;
    expect(three).toHaveLength(3);
    const raced = await Promise.all(
      three.map(({ id }) => onPhone.post('/api/auth/passkey/delete-passkey', { id }).then((answer) => answer.status)),
    );
    expect(raced.sort()).toEqual([200, 200, 409]);
    expect(await (await onPhone.get('/api/auth/passkey/list-user-passkeys')).json()).toHaveLength(1);
    expect((await onPhone.post('/api/auth/passkey/delete-passkey', { id: 'no-such-passkey' })).status).toBe(404);
  });

  it('refuses a cross-site write with the session cookie, and a disabled member at once', async () => {
    const phoneAuthenticator = createSoftwareAuthenticator();
    const users = createUserStore({ db: database.db });
    const member = await users.create({ email: `member-${kind}@example.test`, role: 'user' });
    // The admin acts through a personal API key here: another real way in, with the same role.
    const adminKey = (await createApiKeyStore({ db: database.db }).create(adminId, 'test')).key;
    const issued = await app.request(`/api/admin/users/${member.id}/enrollment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(issued.status).toBe(201);
    const { enrollment } = (await issued.json()) as { enrollment: { url: string } };
    const token = new URL(enrollment.url).hash.slice('#token='.length);
    const memberBrowser = createTeamBrowser(handle, PUBLIC_URL);
    expect((await registerPasskey(memberBrowser, phoneAuthenticator, { enrollmentToken: token })).status).toBe(200);
    expect(await me(memberBrowser)).toMatchObject({ userId: member.id, role: 'user' });

    const forged = await app.request('/api/me/api-keys', {
      method: 'POST',
      headers: {
        cookie: memberBrowser.cookieHeader() ?? '',
        origin: 'https://evil.example',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'stolen' }),
    });
    expect(forged.status).toBe(403);

    const disabled = await app.request(`/api/admin/users/${member.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(disabled.status).toBe(200);
    expect(await me(memberBrowser)).toBe(401);
    const retry = createTeamBrowser(handle, PUBLIC_URL);
    expect((await signInWithPasskey(retry, phoneAuthenticator)).status).toBe(401);
  });

  it('never answers a session token in a body', () => {
    expect(answers.filter((answer) => /"token"\s*:/.test(answer))).toEqual([]);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 with Retry-After past the limit per client, shared through the database', async () => {
    const database = await useMigratedDatabase('sqlite');
    const options = {
      database,
      signIn: { publicUrl: PUBLIC_URL, secret: randomBytes(32).toString('base64url'), attemptsPerMinute: 3 },
    };
    // Two instances on one database count together.
    const first = createTeamApp(options);
    const second = createTeamApp(options);
    const statuses: number[] = [];
    for (const app of [first, second, first, second])
      statuses.push((await app.request('/api/auth/passkey/generate-authenticate-options')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await first.request('/api/auth/passkey/generate-authenticate-options');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });
});

describe.each(DATABASE_KINDS)('two instances on one %s database', (kind) => {
  it('agree on the cookie secret, and a session signed in on one is served by the other', async () => {
    const test = await createTestDatabase(kind);
    const [first, second] = [await test.open(), await test.open()];
    try {
      await migrateTeamDatabase(first);
      const [firstSecret, secondSecret] = await Promise.all([readAuthSecret(first.db), readAuthSecret(second.db)]);
      expect(firstSecret).toBe(secondSecret);
      const appOn = (database: TeamDatabase, secret: string) =>
        createTeamApp({ database, signIn: { publicUrl: PUBLIC_URL, secret, attemptsPerMinute: 10_000 } });
      const instances = [appOn(first, firstSecret), appOn(second, secondSecret)];
      // Requests alternate between the instances, as behind a load balancer.
      let turn = 0;
      const browser = createTeamBrowser((request) => instances[turn++ % 2]!.fetch(request), PUBLIC_URL);
      const enrollment = await createAdminEnrollment(first, {
        email: `two-${kind}@example.test`,
        publicUrl: PUBLIC_URL,
      });
      const token = new URL(enrollment.url).hash.slice('#token='.length);
      const authenticator = createSoftwareAuthenticator();
      expect((await registerPasskey(browser, authenticator, { enrollmentToken: token })).status).toBe(200);
      for (let request = 0; request < 4; request++)
        expect(await (await browser.get('/api/me')).json()).toMatchObject({ userId: enrollment.userId });
      expect((await browser.post('/api/auth/sign-out')).status).toBe(200);
      expect((await browser.get('/api/me')).status).toBe(401);
      expect((await browser.get('/api/me')).status).toBe(401);
      expect((await signInWithPasskey(browser, authenticator)).status).toBe(200);
      expect((await browser.get('/api/me')).status).toBe(200);
    } finally {
      await first.close();
      await second.close();
      await test.drop();
    }
  });
});

describe('sign-in rate limit behind a reverse proxy', () => {
  it('limits by the address the trusted proxy appended, and ignores X-Forwarded-For otherwise', async () => {
    const database = await useMigratedDatabase('sqlite');
    const appWith = (trustProxy: boolean) =>
      createTeamApp({
        database,
        signIn: {
          publicUrl: PUBLIC_URL,
          secret: randomBytes(32).toString('base64url'),
          attemptsPerMinute: 2,
          trustProxy,
        },
      });
    const attempt = (app: ReturnType<typeof createTeamApp>, forwardedFor: string) =>
      app.request('/api/auth/passkey/generate-authenticate-options', { headers: { 'x-forwarded-for': forwardedFor } });
    const proxied = appWith(true);
    // The client may claim anything before the proxy's own entry; only the last one counts.
    const alice = ['9.9.9.9, 10.0.0.1', '8.8.8.8, 10.0.0.1', '10.0.0.1'];
    expect(await Promise.all(alice.map(async (header) => (await attempt(proxied, header)).status))).toEqual([
      200, 200, 429,
    ]);
    expect((await attempt(proxied, '10.0.0.2')).status).toBe(200);
    // Not behind a proxy: the header is the client's own claim and changes nothing.
    const direct = appWith(false);
    const statuses = [];
    for (const header of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) statuses.push((await attempt(direct, header)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
