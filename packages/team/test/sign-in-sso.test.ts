import { randomBytes } from 'node:crypto';
import { parseSecretKeyring } from '@switchboard/core';
import { startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyStore, createAuditLog, createTeamApp, createUserStore, type TeamDatabase } from '../src/index.js';
import { createTeamBrowser, ssoRoundTrip, type TeamBrowser } from './helpers/team-browser.js';
import { DATABASE_KINDS, useMigratedDatabase } from './test-databases.js';

const PUBLIC_URL = 'http://localhost:4999';
const CALLBACK = `${PUBLIC_URL}/api/auth/sso/callback`;
const CANARY = 'SSO-CANARY-7f3a91';
const CLIENT_SECRET = `${CANARY}-client-secret`;

/** Each login's claims at the identity providers: `unverified-*` logins have unverified emails. */
const EMAILS: Record<string, string> = { mallory: 'ada@example.test', 'unverified-ada': 'ada@example.test' };
const claimsOf = (login: string) => ({
  email: EMAILS[login] ?? `${login}@example.test`,
  email_verified: !login.startsWith('unverified'),
});

describe.each(DATABASE_KINDS)('SSO sign-in on %s', (kind) => {
  let database: TeamDatabase;
  let company: OAuthServer;
  let elsewhere: OAuthServer;
  let app: ReturnType<typeof createTeamApp>;
  let adminKey: string;
  const answers: string[] = [];
  const handle = async (request: Request) => {
    const response = await app.fetch(request);
    answers.push(`${response.headers.get('set-cookie') ?? ''} ${response.headers.get('location') ?? ''}`);
    answers.push(await response.clone().text());
    return response;
  };
  const asAdmin = (method: string, path: string, body?: unknown) =>
    handle(
      new Request(new URL(path, PUBLIC_URL), {
        method,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  const invite = async (email: string) => {
    const response = await asAdmin('POST', '/api/admin/users', { email, role: 'user' });
    expect(response.status).toBe(201);
    const { user, enrollment } = (await response.json()) as { user: { id: string }; enrollment: { url: string } };
    return { userId: user.id, token: new URL(enrollment.url).hash.replace('#token=', '') };
  };
  const me = async (browser: TeamBrowser) => {
    const response = await browser.get('/api/me');
    return response.status === 200 ? ((await response.json()) as { userId: string; method: string }) : response.status;
  };

  beforeAll(async () => {
    database = await useMigratedDatabase(kind);
    const webClients = [{ clientId: 'switchboard-team', clientSecret: CLIENT_SECRET, redirectUris: [CALLBACK] }];
    company = await startOAuthServer({ webClients, extraClaims: claimsOf });
    elsewhere = await startOAuthServer({ webClients, extraClaims: claimsOf });
    const users = createUserStore({ db: database.db });
    app = createTeamApp({
      database,
      users,
      signIn: {
        publicUrl: PUBLIC_URL,
        secret: randomBytes(32).toString('base64url'),
        keyring: parseSecretKeyring(`1:${randomBytes(32).toString('base64')}`, 'test'),
        // Every round trip counts twice; the limit itself is tested in sign-in-passkey.test.ts.
        attemptsPerMinute: 10_000,
      },
    });
    const admin = await users.create({ email: 'root@example.test', role: 'admin' });
    adminKey = (await createApiKeyStore({ db: database.db }).create(admin.id, 'test')).key;
    for (const [id, server, linkByVerifiedEmail] of [
      ['company', company, false],
      ['elsewhere', elsewhere, true],
    ] as const) {
      const added = await asAdmin('POST', '/api/admin/identity-providers', {
        id,
        name: id,
        issuer: server.issuer,
        clientId: 'switchboard-team',
        clientSecret: CLIENT_SECRET,
        linkByVerifiedEmail,
      });
      expect(added.status).toBe(201);
      expect(await added.json()).toMatchObject({
        identityProvider: { id, secretHint: `…${CLIENT_SECRET.slice(-4)}`, allowSignUp: false },
      });
    }
  });
  afterAll(async () => {
    await company?.close();
    await elsewhere?.close();
  });

  it('lists the providers for the sign-in page, never their secrets', async () => {
    const browser = createTeamBrowser(handle, PUBLIC_URL);
    const options = await browser.get('/api/sign-in/options');
    expect(await options.json()).toEqual({
      passkeys: true,
      identityProviders: [
        { id: 'company', name: 'company', preset: 'oidc' },
        { id: 'elsewhere', name: 'elsewhere', preset: 'oidc' },
      ],
    });
    const stored = await database.db.selectFrom('identity_provider').select(['sealed_secret']).execute();
    expect(stored.every((row) => row.sealed_secret !== null && !row.sealed_secret.includes(CANARY))).toBe(true);
  });

  it('enrolls an invited member through SSO, then signs them in by (issuer, subject)', async () => {
    const { userId, token } = await invite('grace@example.test');
    const browser = createTeamBrowser(handle, PUBLIC_URL);
    const enrolled = await ssoRoundTrip(browser, { providerId: 'company', login: 'grace', enrollmentToken: token });
    expect(enrolled.location).toBe('/?sso=signed-in');
    expect(await me(browser)).toEqual({ userId, role: 'user', method: 'sso' });
    const cookie = (answers.find((answer) => answer.includes('sb.session_token=')) ?? '').toLowerCase();
    expect(cookie).toContain('httponly');
    expect(cookie).toContain('samesite=lax');

    expect((await browser.post('/api/auth/sign-out')).status).toBe(200);
    expect(await me(browser)).toBe(401);
    // The enrollment link worked once; the identity now signs in on its own.
    const again = createTeamBrowser(handle, PUBLIC_URL);
    expect((await ssoRoundTrip(again, { providerId: 'company', login: 'grace' })).location).toBe('/?sso=signed-in');
    expect(await me(again)).toMatchObject({ userId, method: 'sso' });
    const reused = createTeamBrowser(handle, PUBLIC_URL);
    const lookup = await reused.post('/api/enrollment/lookup', { token });
    expect(lookup.status).toBe(401);
  });

  it('refuses an unknown identity when the provider may not create members', async () => {
    const browser = createTeamBrowser(handle, PUBLIC_URL);
    expect((await ssoRoundTrip(browser, { providerId: 'company', login: 'stranger' })).location).toBe('/?sso=failed');
    expect(await me(browser)).toBe(401);
  });

  it('never links by an email another issuer claims', async () => {
    // Ada is a member (passkey-less for this test: enrolled through the company provider).
    const { userId: ada, token } = await invite('ada@example.test');
    const adaBrowser = createTeamBrowser(handle, PUBLIC_URL);
    await ssoRoundTrip(adaBrowser, { providerId: 'company', login: 'ada', enrollmentToken: token });
    expect(await me(adaBrowser)).toMatchObject({ userId: ada });

    // The company provider does not link by email: Mallory's identity there claims Ada's address.
    const mallory = createTeamBrowser(handle, PUBLIC_URL);
    expect((await ssoRoundTrip(mallory, { providerId: 'company', login: 'mallory' })).location).toBe('/?sso=failed');
    expect(await me(mallory)).toBe(401);
    // Another issuer may link by verified email, but an unverified claim never links.
    const unverified = createTeamBrowser(handle, PUBLIC_URL);
    expect((await ssoRoundTrip(unverified, { providerId: 'elsewhere', login: 'unverified-ada' })).location).toBe(
      '/?sso=failed',
    );
    expect(await me(unverified)).toBe(401);
    // Verified on both sides (the company provider verified Ada's address at enrollment): linked.
    const verified = createTeamBrowser(handle, PUBLIC_URL);
    expect((await ssoRoundTrip(verified, { providerId: 'elsewhere', login: 'mallory' })).location).toBe(
      '/?sso=signed-in',
    );
    expect(await me(verified)).toMatchObject({ userId: ada });
    const events = await createAuditLog({ db: database.db }).list({ limit: 100 });
    expect(events.filter((event) => event.action === 'sign-in-failed').length).toBeGreaterThanOrEqual(2);
    expect(
      events.some((event) => event.action === 'identity-linked' && event.details['via'] === 'verified-email'),
    ).toBe(true);
  });

  it('refuses a wrong iss, a missing iss, a replayed state and a callback in another browser', async () => {
    const { token } = await invite('hopper@example.test');
    const attempt = async (tamper: (url: URL) => URL) => {
      const browser = createTeamBrowser(handle, PUBLIC_URL);
      const result = await ssoRoundTrip(browser, {
        providerId: 'company',
        login: 'hopper',
        enrollmentToken: token,
        tamper,
      });
      return { result, signedIn: await me(browser) };
    };
    const wrongIss = await attempt((url) => {
      url.searchParams.set('iss', elsewhere.issuer);
      return url;
    });
    expect(wrongIss.result.location).toBe('/?sso=failed');
    expect(wrongIss.signedIn).toBe(401);
    const missingIss = await attempt((url) => {
      url.searchParams.delete('iss');
      return url;
    });
    expect(missingIss.result.location).toBe('/?sso=failed');
    // Both were refused by the OIDC checks (not by anything before them), before any link.
    const failures = (await createAuditLog({ db: database.db }).list({ limit: 2 })).map((event) => event.details);
    expect(failures).toEqual([
      expect.objectContaining({ reason: 'oidc', failure: 'OAUTH_FAILED' }),
      expect.objectContaining({ reason: 'oidc', failure: 'OAUTH_FAILED' }),
    ]);

    const browser = createTeamBrowser(handle, PUBLIC_URL);
    const first = await ssoRoundTrip(browser, { providerId: 'company', login: 'hopper', enrollmentToken: token });
    expect(first.location).toBe('/?sso=signed-in');
    // The same callback again, in the same browser and in another one: the state was used.
    const replayed = new URL(first.callbackUrl);
    expect((await browser.get(`${replayed.pathname}${replayed.search}`)).headers.get('location')).toBe('/?sso=failed');
    const other = createTeamBrowser(handle, PUBLIC_URL);
    expect((await other.get(`${replayed.pathname}${replayed.search}`)).headers.get('location')).toBe('/?sso=failed');
    expect(await me(other)).toBe(401);

    // A login started in one browser and finished in another (login CSRF) is refused.
    const victim = createTeamBrowser(handle, PUBLIC_URL);
    const attacker = createTeamBrowser(handle, PUBLIC_URL);
    const started = await attacker.post('/api/auth/sso/start', { providerId: 'company' });
    const { url } = (await started.json()) as { url: string };
    const { completeBrowserLogin } = await import('@switchboard/testkit');
    const { callbackUrl } = await completeBrowserLogin(url, { login: 'hopper' });
    const planted = new URL(callbackUrl);
    expect((await victim.get(`${planted.pathname}${planted.search}`)).headers.get('location')).toBe('/?sso=failed');
    expect(await me(victim)).toBe(401);
  });

  it('links and unlinks an identity from a session, keeping the last way to sign in', async () => {
    const { userId, token } = await invite('lovelace@example.test');
    const browser = createTeamBrowser(handle, PUBLIC_URL);
    await ssoRoundTrip(browser, { providerId: 'company', login: 'lovelace', enrollmentToken: token });
    const linked = await ssoRoundTrip(browser, {
      providerId: 'elsewhere',
      login: 'lovelace-2',
      mode: 'link',
      returnTo: '/settings',
    });
    expect(linked.location).toBe('/settings?sso=linked');
    const listed = (await (await browser.get('/api/me/identities')).json()) as {
      identities: Array<{ id: string; providerId: string }>;
    };
    expect(listed.identities.map((identity) => identity.providerId)).toEqual(['company', 'elsewhere']);
    // Grace's identity belongs to Grace: linking it to Lovelace is refused.
    const stolen = await ssoRoundTrip(browser, { providerId: 'company', login: 'grace', mode: 'link' });
    expect(stolen.location).toBe('/?sso=failed');

    // Both unlinked at the same instant: they take turns, so one goes and the last stays.
    const unlinked = await Promise.all(listed.identities.map(({ id }) => browser.delete(`/api/me/identities/${id}`)));
    expect(unlinked.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const last = unlinked.find((answer) => answer.status === 409)!;
    expect(await last.json()).toMatchObject({ error: { message: expect.stringContaining('last way to sign in') } });
    const left = (await (await browser.get('/api/me/identities')).json()) as { identities: unknown[] };
    expect(left.identities).toHaveLength(1);
    expect((await browser.delete('/api/me/identities/no-such-identity')).status).toBe(404);
    // Linking needs a session; an anonymous start is refused.
    const anonymous = createTeamBrowser(handle, PUBLIC_URL);
    expect((await anonymous.post('/api/auth/sso/start', { providerId: 'company', mode: 'link' })).status).toBe(401);
    expect(await me(browser)).toMatchObject({ userId });
  });

  it('never answers the client secret or a session token', () => {
    const all = answers.join('\n');
    expect(all).not.toContain(CANARY);
    // The session cookie carries the token; no JSON body does.
    const bodies = answers.filter((answer) => answer.startsWith('{'));
    expect(bodies.some((body) => /"token"/.test(body))).toBe(false);
  });
});
