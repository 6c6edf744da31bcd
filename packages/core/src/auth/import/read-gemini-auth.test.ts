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
  it('turns a Gemini CLI sign-in into a gemini-cli bridge session that holds none of its tokens', async () => {
    const homeDirectory = await home();
    const path = await write(join(homeDirectory, '.gemini', 'oauth_creds.json'), credentials);
    await write(join(homeDirectory, '.gemini', 'google_accounts.json'), { active: 'grace@example.com', old: [] });
    const findings = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      source: 'gemini',
      status: 'found',
      provider: 'google',
      method: 'gemini-cli',
      path,
      detail: 'Gemini CLI sign-in (grace@example.com)',
    });
    expect(findings[0]?.session).toEqual({
      provider: 'google',
      method: 'gemini-cli',
      account: 'grace@example.com',
      metadata: { email: 'grace@example.com', importedFrom: `gemini:${path}` },
      createdAt: NOW,
      updatedAt: NOW,
    });
    // Google forbids third-party use of Gemini CLI's OAuth tokens: none is copied anywhere.
    expect(JSON.stringify(findings)).not.toContain('CANARY');
  });

  it('enables the bridge for the encrypted store too, and for a sign-in it cannot parse', async () => {
    const homeDirectory = await home();
    const encrypted = await write(join(homeDirectory, '.gemini', 'gemini-credentials.json'), 'CANARY-encrypted-blob');
    const [finding] = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(finding).toMatchObject({ status: 'found', method: 'gemini-cli', path: encrypted });
    expect(finding?.session?.account).toBe('Gemini CLI');
    const other = await home();
    await write(join(other, '.gemini', 'oauth_creds.json'), '{"access_token": ya29.CANARY}');
    const [unparsed] = await readGeminiAuth({ environment: {}, homeDirectory: other, now });
    expect(unparsed).toMatchObject({ status: 'found', method: 'gemini-cli' });
    expect(JSON.stringify(unparsed)).not.toContain('CANARY');
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
      ['found', 'gemini-cli'],
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

  it('reports not-found when there is neither a sign-in nor a key', async () => {
    const homeDirectory = await home();
    const [none] = await readGeminiAuth({ environment: {}, homeDirectory, now });
    expect(none).toMatchObject({ status: 'not-found', provider: 'google' });
    expect(none?.detail).toContain(join(homeDirectory, '.gemini', 'oauth_creds.json'));
  });
});
