import { createSign, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_TOKEN_URL, JWT_BEARER_GRANT } from './google-token-rules.js';
import { startFakeGoogleAuth, type FakeGoogleAuth, type FakeServiceAccount } from './start-fake-google-auth.js';

let google: FakeGoogleAuth;
let account: FakeServiceAccount;
beforeAll(async () => {
  google = await startFakeGoogleAuth();
  account = google.createServiceAccount();
});
afterAll(() => google.close());

function assertion(claims: Record<string, unknown>, privateKeyPem = account.privateKeyPem): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({
    iss: account.clientEmail,
    scope: 'https://www.googleapis.com/auth/cloud-platform',
    aud: GOOGLE_TOKEN_URL,
    iat: now,
    exp: now + 3600,
    ...claims,
  })}`;
  const signature = createSign('RSA-SHA256').update(body).sign(privateKeyPem).toString('base64url');
  return `${body}.${signature}`;
}

async function token(form: Record<string, string>) {
  const response = await fetch(`${google.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the fake Google token endpoint', () => {
  it('issues a token for an assertion signed by the service account’s key', async () => {
    const answer = await token({ grant_type: JWT_BEARER_GRANT, assertion: assertion({}) });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(google.isIssued(String(answer.body['access_token']))).toBe(true);
  });

  it('refuses an assertion signed by another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    const answer = await token({ grant_type: JWT_BEARER_GRANT, assertion: assertion({}, other.toString()) });
    expect(answer).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
    });
  });

  it('refuses another audience, a missing scope and a lifetime over an hour', async () => {
    const wrongAudience = await token({
      grant_type: JWT_BEARER_GRANT,
      assertion: assertion({ aud: 'https://example.test/token' }),
    });
    expect(wrongAudience.body['error_description']).toMatch(/audience/);
    const noScope = await token({ grant_type: JWT_BEARER_GRANT, assertion: assertion({ scope: undefined }) });
    expect(noScope.body['error']).toBe('invalid_scope');
    const now = Math.floor(Date.now() / 1000);
    const tooLong = await token({ grant_type: JWT_BEARER_GRANT, assertion: assertion({ iat: now, exp: now + 7200 }) });
    expect(tooLong.body['error_description']).toMatch(/short-lived token \(60 minutes\)/);
  });

  it('refuses the client-credentials grant, which Google does not offer', async () => {
    const answer = await token({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' });
    expect(answer).toEqual({
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: client_credentials' },
    });
  });

  it('refreshes an authorized user only with its own client secret', async () => {
    const user = google.createAuthorizedUser();
    const file = JSON.parse(user.adcFile) as Record<string, string>;
    const refresh = { grant_type: 'refresh_token', refresh_token: user.refreshToken, client_id: file['client_id']! };
    expect((await token({ ...refresh, client_secret: 'wrong' })).body['error']).toBe('invalid_client');
    expect(
      (await token({ ...refresh, client_secret: file['client_secret']!, refresh_token: '1//unknown' })).body['error'],
    ).toBe('invalid_grant');
    expect((await token({ ...refresh, client_secret: file['client_secret']! })).status).toBe(200);
  });
});

describe('the fake metadata server', () => {
  const tokenPath = '/computeMetadata/v1/instance/service-accounts/default/token';

  it('refuses a request without Metadata-Flavor: Google, or one carrying X-Forwarded-For', async () => {
    google.enableMetadataServer(account);
    expect((await fetch(`${google.url}${tokenPath}`)).status).toBe(403);
    const forwarded = await fetch(`${google.url}${tokenPath}`, {
      headers: { 'metadata-flavor': 'Google', 'x-forwarded-for': '10.0.0.1' },
    });
    expect(forwarded.status).toBe(403);
  });

  it('answers the instance’s token and project, flavored Google', async () => {
    google.enableMetadataServer(account);
    const answer = await fetch(`${google.url}${tokenPath}`, { headers: { 'metadata-flavor': 'Google' } });
    expect(answer.headers.get('metadata-flavor')).toBe('Google');
    const body = (await answer.json()) as { access_token: string };
    expect(google.isIssued(body.access_token)).toBe(true);
    const project = await fetch(`${google.url}/computeMetadata/v1/project/project-id`, {
      headers: { 'metadata-flavor': 'Google' },
    });
    expect(await project.text()).toBe('fake-project');
  });
});
