import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opencodeAuthPath, readOpencodeAuth } from './read-opencode-auth.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const now = () => NOW;

function jwt(claims: Record<string, unknown>, signature: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.${signature}`;
}

async function home(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sb-import-opencode-'));
}

async function writeAuth(dataHome: string, content: unknown): Promise<string> {
  const directory = join(dataHome, 'opencode');
  await mkdir(directory, { recursive: true });
  const path = join(directory, 'auth.json');
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode: 0o600 });
  return path;
}

const openaiAccess = jwt(
  {
    aud: ['https://api.openai.com/v1'],
    client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
    exp: NOW / 1000 + 3600,
    'https://api.openai.com/profile': { email: 'ada@example.com', email_verified: true },
    'https://api.openai.com/auth': { chatgpt_account_id: 'acct-claims', chatgpt_plan_type: 'pro' },
  },
  'CANARY-opencode-access-signature',
);

/** The shape opencode writes: entries keyed by provider id. */
const realistic = {
  openai: {
    type: 'oauth',
    refresh: 'rt_CANARY-opencode-openai-refresh',
    access: openaiAccess,
    expires: NOW + 3_600_000,
    accountId: 'acct-entry',
  },
  anthropic: {
    type: 'oauth',
    refresh: 'sk-ant-ort01-CANARY-claude-refresh',
    access: 'sk-ant-oat01-CANARY-claude-access',
    expires: NOW + 3_600_000,
  },
  google: { type: 'api', key: 'AIzaCANARY-opencode-google' },
  mistral: { type: 'api', key: 'CANARY-opencode-mistral' },
  openrouter: { type: 'api', key: 'sk-or-CANARY-openrouter' },
  'amazon-bedrock': { type: 'api', key: 'CANARY-bedrock-api-key' },
  'github-copilot': { type: 'oauth', refresh: 'gho_CANARY-copilot', access: 'CANARY-copilot-access', expires: 0 },
  'https://ai.example.com': { type: 'wellknown', key: 'EXAMPLE_TOKEN', token: 'CANARY-wellknown-token' },
  broken: 'CANARY-not-an-object',
};

describe('readOpencodeAuth', () => {
  it('maps each entry: API keys and ChatGPT OAuth imported, the rest reported with a reason', async () => {
    const homeDirectory = await home();
    const path = await writeAuth(join(homeDirectory, '.local', 'share'), realistic);
    const findings = await readOpencodeAuth({ environment: {}, homeDirectory, now });
    expect(findings.map((finding) => [finding.provider ?? null, finding.method ?? null, finding.status])).toEqual([
      ['openai', 'oauth', 'found'],
      ['anthropic', 'oauth', 'skipped'],
      ['google', 'api-key', 'found'],
      ['mistral', 'api-key', 'found'],
      [null, 'api-key', 'skipped'],
      ['bedrock', 'api-key', 'found'],
      [null, 'oauth', 'skipped'],
      [null, null, 'skipped'],
      [null, null, 'error'],
    ]);
    expect(findings.every((finding) => finding.source === 'opencode' && finding.path === path)).toBe(true);

    const [openai, anthropic, google, mistral, openrouter, bedrock, copilot, wellknown, broken] = findings;
    expect(openai?.detail).toBe('ChatGPT sign-in (ada@example.com, plan pro)');
    expect(openai?.session).toEqual({
      provider: 'openai',
      method: 'oauth',
      account: 'ada@example.com',
      accessToken: openaiAccess,
      refreshToken: 'rt_CANARY-opencode-openai-refresh',
      expiresAt: NOW + 3_600_000,
      metadata: {
        email: 'ada@example.com',
        plan: 'pro',
        accountId: 'acct-entry',
        oauthClientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
        importedFrom: `opencode:${path}`,
      },
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(anthropic?.session).toBeUndefined();
    expect(anthropic?.detail).toMatch(
      /Claude subscription OAuth tokens are not imported: Anthropic does not allow third-party apps/,
    );
    expect(google?.session).toMatchObject({
      provider: 'google',
      method: 'api-key',
      apiKey: 'AIzaCANARY-opencode-google',
    });
    expect(mistral?.session).toMatchObject({
      provider: 'mistral',
      method: 'api-key',
      apiKey: 'CANARY-opencode-mistral',
      metadata: { importedFrom: `opencode:${path}` },
    });
    expect(openrouter?.detail).toMatch(/"openrouter" is not a provider Switchboard supports/);
    // opencode keeps a Bedrock API key (its AWS_BEARER_TOKEN_BEDROCK) as an `api` entry.
    expect(bedrock?.session).toMatchObject({
      provider: 'bedrock',
      method: 'api-key',
      apiKey: 'CANARY-bedrock-api-key',
    });
    expect(copilot?.detail).toMatch(/"github-copilot" is an OAuth sign-in of an opencode plugin/);
    expect(wellknown?.detail).toMatch(/well-known/);
    expect(broken?.detail).toMatch(/"broken" entry .* is not an opencode credential/);
    for (const finding of findings) expect(finding.detail).not.toContain('CANARY');
    for (const finding of [anthropic, openrouter, copilot, wellknown, broken]) expect(finding?.session).toBeUndefined();
  });

  it('imports an anthropic API key (only OAuth tokens are refused)', async () => {
    const homeDirectory = await home();
    await writeAuth(join(homeDirectory, '.local', 'share'), {
      anthropic: { type: 'api', key: 'sk-ant-api03-CANARY' },
      'azure/': { type: 'api', key: 'CANARY-azure' },
    });
    const findings = await readOpencodeAuth({ environment: {}, homeDirectory, now });
    expect(findings.map((finding) => [finding.provider, finding.method, finding.status])).toEqual([
      ['anthropic', 'api-key', 'found'],
      ['azure', 'api-key', 'found'],
    ]);
    expect(findings[0]?.session?.apiKey).toBe('sk-ant-api03-CANARY');
  });

  it('honors XDG_DATA_HOME', async () => {
    const homeDirectory = await home();
    await writeAuth(join(homeDirectory, '.local', 'share'), { mistral: { type: 'api', key: 'default-location' } });
    const dataHome = join(homeDirectory, 'xdg-data');
    const path = await writeAuth(dataHome, { mistral: { type: 'api', key: 'relocated' } });
    const environment = { XDG_DATA_HOME: dataHome };
    expect(opencodeAuthPath(environment, homeDirectory)).toBe(path);
    const [finding] = await readOpencodeAuth({ environment, homeDirectory, now });
    expect(finding?.session?.apiKey).toBe('relocated');
  });

  it('reports missing and empty files as not-found', async () => {
    const homeDirectory = await home();
    const [missing] = await readOpencodeAuth({ environment: {}, homeDirectory, now });
    expect(missing).toMatchObject({ status: 'not-found', source: 'opencode' });
    await writeAuth(join(homeDirectory, '.local', 'share'), {});
    const [empty] = await readOpencodeAuth({ environment: {}, homeDirectory, now });
    expect(empty).toMatchObject({ status: 'not-found' });
    expect(empty?.detail).toMatch(/holds no credentials/);
  });

  it('reports malformed files and entries as errors without quoting them', async () => {
    const cases: [unknown, 'error' | 'skipped', RegExp][] = [
      ['{"openai": {"type": "api", "key": CANARY}}', 'error', /is not valid JSON/],
      ['"CANARY-string"', 'error', /is not a JSON object/],
      [{ openai: { type: 'api' } }, 'error', /"openai" entry .* has no "key" string/],
      [{ openai: { type: 'oauth', access: 'CANARY-a', expires: 1 } }, 'error', /needs "access" and "refresh" strings/],
      [
        { openai: { type: 'oauth', access: 'CANARY-a', refresh: 'CANARY-r', expires: 'CANARY-later' } },
        'error',
        /numeric "expires"/,
      ],
      [
        { 'CANARY key with spaces': { type: 'api', key: 'CANARY-value' } },
        'skipped',
        /"\(unnamed entry\)" is not a provider/,
      ],
      [
        { openai: { type: 'CANARY-type', key: 'CANARY-value' } },
        'skipped',
        /"openai" has a credential type Switchboard does not know/,
      ],
    ];
    for (const [content, status, expected] of cases) {
      const homeDirectory = await home();
      await writeAuth(join(homeDirectory, '.local', 'share'), content);
      const findings = await readOpencodeAuth({ environment: {}, homeDirectory, now });
      expect(findings).toHaveLength(1);
      expect(findings[0]?.status).toBe(status);
      expect(findings[0]?.detail).toMatch(expected);
      expect(findings[0]?.detail).not.toContain('CANARY');
      expect(findings[0]?.session).toBeUndefined();
    }
  });
});
