import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexAuthPath, readCodexAuth } from './read-codex-auth.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const now = () => NOW;

function jwt(claims: Record<string, unknown>, signature: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT', kid: 'fixture' })}.${encode(claims)}.${signature}`;
}

async function home(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sb-import-codex-'));
}

async function writeCodexAuth(directory: string, document: unknown): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, 'auth.json');
  await writeFile(path, typeof document === 'string' ? document : JSON.stringify(document, null, 2), { mode: 0o600 });
  return path;
}

const accessExp = Math.floor(NOW / 1000) + 10 * 24 * 3600;
const idToken = jwt(
  {
    iss: 'https://auth.openai.com',
    aud: ['app_EMoamEEZ73f0CkXaXp7hrann'],
    sub: 'auth0|fixture',
    email: 'ada@example.com',
    exp: Math.floor(NOW / 1000) + 3600,
    'https://api.openai.com/auth': {
      chatgpt_account_id: 'acct-from-claims',
      chatgpt_plan_type: 'plus',
      chatgpt_user_id: 'user-1',
    },
  },
  'CANARY-codex-id-signature',
);
const accessToken = jwt(
  {
    aud: ['https://api.openai.com/v1'],
    exp: accessExp,
    'https://api.openai.com/auth': { chatgpt_account_id: 'acct-from-claims' },
  },
  'CANARY-codex-access-signature',
);
const signedIn = {
  OPENAI_API_KEY: null,
  tokens: {
    id_token: idToken,
    access_token: accessToken,
    refresh_token: 'rt_CANARY-codex-refresh',
    account_id: 'acct-from-file',
  },
  last_refresh: '2026-11-18T09:30:00.123Z',
};

describe('readCodexAuth', () => {
  it('turns a ChatGPT sign-in into an openai oauth session with claims from the id_token', async () => {
    const homeDirectory = await home();
    const path = await writeCodexAuth(join(homeDirectory, '.codex'), signedIn);
    const [finding, ...rest] = await readCodexAuth({ environment: {}, homeDirectory, now });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ source: 'codex', status: 'found', provider: 'openai', method: 'oauth', path });
    expect(finding?.detail).toBe('ChatGPT sign-in (ada@example.com, plan plus)');
    expect(finding?.session).toEqual({
      provider: 'openai',
      method: 'oauth',
      account: 'ada@example.com',
      accessToken,
      refreshToken: 'rt_CANARY-codex-refresh',
      idToken,
      expiresAt: accessExp * 1000,
      metadata: {
        email: 'ada@example.com',
        plan: 'plus',
        accountId: 'acct-from-file',
        oauthClientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
        lastRefresh: '2026-11-18T09:30:00.123Z',
        importedFrom: `codex:${path}`,
      },
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('takes the account id from the claims when the file has none, and leaves expiry unset for opaque access tokens', async () => {
    const homeDirectory = await home();
    await writeCodexAuth(join(homeDirectory, '.codex'), {
      OPENAI_API_KEY: null,
      tokens: { id_token: idToken, access_token: 'opaque-CANARY-access', refresh_token: 'rt_CANARY' },
    });
    const [finding] = await readCodexAuth({ environment: {}, homeDirectory, now });
    expect(finding?.session?.metadata.accountId).toBe('acct-from-claims');
    expect(finding?.session?.expiresAt).toBeUndefined();
    expect(finding?.session?.accessToken).toBe('opaque-CANARY-access');
  });

  it('turns an API-key login into an api-key session', async () => {
    const homeDirectory = await home();
    const path = await writeCodexAuth(join(homeDirectory, '.codex'), {
      OPENAI_API_KEY: 'sk-proj-CANARY-codex-key',
      tokens: null,
    });
    const findings = await readCodexAuth({ environment: {}, homeDirectory, now });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'found', method: 'api-key', detail: 'OpenAI API key' });
    expect(findings[0]?.session).toEqual({
      provider: 'openai',
      method: 'api-key',
      apiKey: 'sk-proj-CANARY-codex-key',
      metadata: { importedFrom: `codex:${path}` },
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('follows auth_mode when the file holds both a sign-in and a key, reporting the other as skipped', async () => {
    for (const [mode, taken, left] of [
      [undefined, 'oauth', 'api-key'],
      ['apikey', 'api-key', 'oauth'],
      ['chatgpt', 'oauth', 'api-key'],
    ] as const) {
      const homeDirectory = await home();
      await writeCodexAuth(join(homeDirectory, '.codex'), {
        ...signedIn,
        OPENAI_API_KEY: 'sk-CANARY-both',
        ...(mode ? { auth_mode: mode } : {}),
      });
      const findings = await readCodexAuth({ environment: {}, homeDirectory, now });
      expect(findings.map((finding) => [finding.status, finding.method])).toEqual([
        ['found', taken],
        ['skipped', left],
      ]);
      expect(JSON.stringify(findings.map((finding) => finding.detail))).not.toContain('CANARY');
    }
  });

  it('honors CODEX_HOME over ~/.codex', async () => {
    const homeDirectory = await home();
    await writeCodexAuth(join(homeDirectory, '.codex'), { OPENAI_API_KEY: 'sk-default-location', tokens: null });
    const relocated = join(homeDirectory, 'elsewhere', 'codex');
    const path = await writeCodexAuth(relocated, { OPENAI_API_KEY: 'sk-relocated', tokens: null });
    const environment = { CODEX_HOME: relocated };
    expect(codexAuthPath(environment, homeDirectory)).toBe(path);
    const [finding] = await readCodexAuth({ environment, homeDirectory, now });
    expect(finding?.session?.apiKey).toBe('sk-relocated');
    expect(finding?.path).toBe(path);
    // A blank variable is treated as unset, as Codex does.
    const [fallback] = await readCodexAuth({ environment: { CODEX_HOME: '  ' }, homeDirectory, now });
    expect(fallback?.session?.apiKey).toBe('sk-default-location');
  });

  it('reports a missing file as not-found, mentioning the keychain when Codex is set to use it', async () => {
    const homeDirectory = await home();
    const [missing] = await readCodexAuth({ environment: {}, homeDirectory, now });
    expect(missing).toMatchObject({ status: 'not-found', provider: 'openai' });
    expect(missing?.detail).toContain(join(homeDirectory, '.codex', 'auth.json'));
    expect(missing?.detail).not.toMatch(/keychain/);

    await mkdir(join(homeDirectory, '.codex'), { recursive: true });
    await writeFile(
      join(homeDirectory, '.codex', 'config.toml'),
      'model = "gpt-5"\ncli_auth_credentials_store = "keyring"\n',
    );
    const [keyring] = await readCodexAuth({ environment: {}, homeDirectory, now });
    expect(keyring?.status).toBe('not-found');
    expect(keyring?.detail).toMatch(/keychain/);
  });

  it('reports a file with neither sign-in nor key as not-found', async () => {
    const homeDirectory = await home();
    await writeCodexAuth(join(homeDirectory, '.codex'), { OPENAI_API_KEY: null, tokens: null, last_refresh: null });
    const [finding] = await readCodexAuth({ environment: {}, homeDirectory, now });
    expect(finding).toMatchObject({ status: 'not-found' });
    expect(finding?.detail).toMatch(/neither a ChatGPT sign-in nor an API key/);
  });

  it('reports malformed files as errors naming the file or field, never quoting the contents', async () => {
    const cases: [unknown, RegExp][] = [
      ['{"OPENAI_API_KEY": sk-CANARY-unquoted, "tokens": null}', /is not valid JSON$/],
      ['{"tokens": {"access_token": "CANARY-truncated', /is not valid JSON \(line 1, column 46\)$/],
      ['{"tokens": {"access_token":', /is not valid JSON \(it ends too early\)$/],
      ['', /is empty$/],
      ['["CANARY-array"]', /is not a JSON object$/],
      [{ OPENAI_API_KEY: 42, tokens: null }, /OPENAI_API_KEY must be a string or null$/],
      [{ OPENAI_API_KEY: null, tokens: 'CANARY-string-tokens' }, /"tokens" must be an object or null$/],
      [
        { OPENAI_API_KEY: null, tokens: { id_token: idToken, access_token: 7, refresh_token: 'CANARY-rt' } },
        /tokens\.access_token must be a string$/,
      ],
      [
        { OPENAI_API_KEY: null, tokens: { id_token: idToken, refresh_token: 'CANARY-rt' } },
        /tokens\.access_token is missing$/,
      ],
    ];
    for (const [document, expected] of cases) {
      const homeDirectory = await home();
      const path = await writeCodexAuth(join(homeDirectory, '.codex'), document);
      const findings = await readCodexAuth({ environment: {}, homeDirectory, now });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ status: 'error', provider: 'openai', path });
      expect(findings[0]?.detail).toContain(path);
      expect(findings[0]?.detail).toMatch(expected);
      expect(findings[0]?.detail).not.toContain('CANARY');
      expect(findings[0]?.session).toBeUndefined();
    }
  });

  it('reports a directory in place of auth.json as an error', async () => {
    const homeDirectory = await home();
    await mkdir(join(homeDirectory, '.codex', 'auth.json'), { recursive: true });
    const [finding] = await readCodexAuth({ environment: {}, homeDirectory, now });
    expect(finding).toMatchObject({ status: 'error' });
    expect(finding?.detail).toMatch(/is a directory/);
  });
});
