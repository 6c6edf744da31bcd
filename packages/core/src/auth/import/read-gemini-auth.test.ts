import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { geminiPaths, readGeminiAuth } from './read-gemini-auth.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const now = () => NOW;
const GEMINI_CLIENT = '681255809395-fixture.apps.googleusercontent.com';

function jwt(claims: Record<string, unknown>, signature: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', kid: 'fixture', typ: 'JWT' })}.${encode(claims)}.${signature}`;
}

async function home(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sb-import-gemini-'));
}

async function write(path: string, content: unknown): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode: 0o600 });
  return path;
}

const idToken = jwt(
  {
    iss: 'https://accounts.google.com',
    aud: GEMINI_CLIENT,
    azp: GEMINI_CLIENT,
    sub: '1080',
    email: 'grace@example.com',
    email_verified: true,
    exp: NOW / 1000 + 3600,
  },
  'CANARY-gemini-id-signature',
);
const credentials = {
  access_token: 'ya29.CANARY-gemini-access',
  refresh_token: '1//CANARY-gemini-refresh',
  scope: 'https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email openid',
  token_type: 'Bearer',
  id_token: idToken,
  expiry_date: NOW + 45 * 60 * 1000,
};

describe('readGeminiAuth', () => {
  it('turns oauth_creds.json into a google oauth session', async () => {
    const homeDirectory = await home();
    const path = await write(join(homeDirectory, '.gemini', 'oauth_creds.json'), credentials);
    const findings = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      source: 'gemini',
      status: 'found',
      provider: 'google',
      method: 'oauth',
      path,
      detail: 'Google sign-in (grace@example.com)',
    });
    expect(findings[0]?.session).toEqual({
      provider: 'google',
      method: 'oauth',
      account: 'grace@example.com',
      accessToken: 'ya29.CANARY-gemini-access',
      refreshToken: '1//CANARY-gemini-refresh',
      idToken,
      expiresAt: NOW + 45 * 60 * 1000,
      scope: credentials.scope,
      metadata: { email: 'grace@example.com', oauthClientId: GEMINI_CLIENT, importedFrom: `gemini:${path}` },
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('takes the email from google_accounts.json when there is no id_token', async () => {
    const homeDirectory = await home();
    const { id_token: _unused, ...withoutIdToken } = credentials;
    await write(join(homeDirectory, '.gemini', 'oauth_creds.json'), withoutIdToken);
    await write(join(homeDirectory, '.gemini', 'google_accounts.json'), {
      active: 'linus@example.com',
      old: ['old@example.com'],
    });
    const [finding] = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(finding?.session?.account).toBe('linus@example.com');
    expect(finding?.session?.metadata.oauthClientId).toBeUndefined();
  });

  it('imports an expired sign-in that can be refreshed, and skips one that cannot', async () => {
    const homeDirectory = await home();
    await write(join(homeDirectory, '.gemini', 'oauth_creds.json'), { ...credentials, expiry_date: NOW - 1000 });
    const [refreshable] = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(refreshable).toMatchObject({ status: 'found', method: 'oauth' });
    expect(refreshable?.session?.expiresAt).toBe(NOW - 1000);

    const { refresh_token: _unused, ...withoutRefresh } = credentials;
    await write(join(homeDirectory, '.gemini', 'oauth_creds.json'), { ...withoutRefresh, expiry_date: NOW - 1000 });
    const [expired] = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(expired).toMatchObject({ status: 'skipped', method: 'oauth' });
    expect(expired?.detail).toMatch(/expired and holds no refresh token/);
    expect(expired?.session).toBeUndefined();
  });

  it('reads GEMINI_API_KEY from ~/.gemini/.env as a google api-key session', async () => {
    const homeDirectory = await home();
    const path = await write(
      join(homeDirectory, '.gemini', '.env'),
      '# Gemini CLI\nGEMINI_MODEL=gemini-2.5-pro\nexport GEMINI_API_KEY="AIzaCANARY-gemini-key"  \nOTHER=1 # comment\n',
    );
    const findings = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'found',
      provider: 'google',
      method: 'api-key',
      path,
      detail: 'Gemini API key (GEMINI_API_KEY)',
    });
    expect(findings[0]?.session).toEqual({
      provider: 'google',
      method: 'api-key',
      apiKey: 'AIzaCANARY-gemini-key',
      metadata: { importedFrom: `gemini:${path}` },
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('reports both the sign-in and the key when both exist', async () => {
    const homeDirectory = await home();
    await write(join(homeDirectory, '.gemini', 'oauth_creds.json'), credentials);
    await write(join(homeDirectory, '.gemini', '.env'), 'GEMINI_API_KEY=AIzaCANARY-both\n');
    const findings = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(findings.map((finding) => [finding.status, finding.method])).toEqual([
      ['found', 'oauth'],
      ['found', 'api-key'],
    ]);
  });

  it('honors GEMINI_CLI_HOME (the .gemini folder lives inside it)', async () => {
    const homeDirectory = await home();
    await write(join(homeDirectory, '.gemini', '.env'), 'GEMINI_API_KEY=default-location\n');
    const relocated = join(homeDirectory, 'profiles', 'work');
    const path = await write(join(relocated, '.gemini', '.env'), 'GEMINI_API_KEY=relocated\n');
    const environment = { GEMINI_CLI_HOME: relocated };
    expect(geminiPaths(environment, homeDirectory).dotenv).toBe(path);
    const [finding] = await readGeminiAuth({ environment, homeDirectory, now });
    expect(finding?.session?.apiKey).toBe('relocated');
  });

  it('reports not-found, naming the encrypted store when Gemini CLI uses one', async () => {
    const homeDirectory = await home();
    const [none] = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(none).toMatchObject({ status: 'not-found', provider: 'google' });
    expect(none?.detail).toContain(join(homeDirectory, '.gemini', 'oauth_creds.json'));

    await write(join(homeDirectory, '.gemini', '.env'), 'GEMINI_MODEL=gemini-2.5-flash\n');
    await write(join(homeDirectory, '.gemini', 'gemini-credentials.json'), 'CANARY-encrypted-blob');
    const [encrypted] = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(encrypted?.status).toBe('not-found');
    expect(encrypted?.detail).toMatch(/encrypted store/);
    expect(encrypted?.detail).not.toContain('CANARY');
  });

  it('reports malformed credentials as errors without quoting them', async () => {
    const cases: [unknown, RegExp][] = [
      ['{"access_token": ya29.CANARY}', /is not valid JSON/],
      [{ ...credentials, expiry_date: 'CANARY-tomorrow' }, /expiry_date must be a number/],
      [{ ...credentials, refresh_token: { value: 'CANARY' } }, /refresh_token must be a string/],
      [{ token_type: 'Bearer', scope: 'openid' }, /holds neither an access_token nor a refresh_token/],
    ];
    for (const [content, expected] of cases) {
      const homeDirectory = await home();
      const path = await write(join(homeDirectory, '.gemini', 'oauth_creds.json'), content);
      const findings = await readGeminiAuth({ environment: {}, homeDirectory, now });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ status: 'error', provider: 'google', method: 'oauth', path });
      expect(findings[0]?.detail).toMatch(expected);
      expect(findings[0]?.detail).not.toContain('CANARY');
    }
  });
});
