import { mkdir, mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../../errors.js';
import { importExternalSessions } from './import-sessions.js';
import type { ImportSource } from './import-types.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const now = () => NOW;

function jwt(claims: Record<string, unknown>, signature: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.${signature}`;
}

/** Every secret planted in the fixture home. None may appear in a report. */
const CANARIES = {
  codexAccess: 'CANARY-codex-access-9f3a',
  codexRefresh: 'rt_CANARY-codex-refresh-9f3a',
  codexKey: 'sk-proj-CANARY-codex-key-9f3a',
  geminiAccess: 'ya29.CANARY-gemini-access-9f3a',
  geminiRefresh: '1//CANARY-gemini-refresh-9f3a',
  geminiKey: 'AIzaCANARY-gemini-key-9f3a',
  claudeAccess: 'sk-ant-oat01-CANARY-claude-access-9f3a',
  claudeRefresh: 'sk-ant-ort01-CANARY-claude-refresh-9f3a',
  opencodeOpenaiRefresh: 'rt_CANARY-opencode-refresh-9f3a',
  opencodeAnthropicKey: 'sk-ant-api03-CANARY-opencode-9f3a',
  opencodeAnthropicOauth: 'sk-ant-oat01-CANARY-opencode-oauth-9f3a',
  opencodeMistralKey: 'CANARY-opencode-mistral-9f3a',
};

async function write(path: string, content: unknown): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode: 0o600 });
}

/** A home where the user is logged in to all four CLIs, the way each writes its files. */
async function fixtureHome(): Promise<string> {
  const homeDirectory = await mkdtemp(join(tmpdir(), 'sb-import-all-'));
  const exp = NOW / 1000 + 864_000;
  await write(join(homeDirectory, '.codex', 'auth.json'), {
    OPENAI_API_KEY: CANARIES.codexKey,
    tokens: {
      id_token: jwt(
        {
          aud: 'app_EMoamEEZ73f0CkXaXp7hrann',
          email: 'ada@example.com',
          'https://api.openai.com/auth': { chatgpt_plan_type: 'plus', chatgpt_account_id: 'acct-1' },
        },
        'CANARY-id-sig',
      ),
      access_token: jwt({ exp }, CANARIES.codexAccess),
      refresh_token: CANARIES.codexRefresh,
      account_id: 'acct-1',
    },
    last_refresh: '2026-11-19T08:00:00Z',
  });
  await write(join(homeDirectory, '.codex', 'config.toml'), 'model = "gpt-5-codex"\n');
  await write(join(homeDirectory, '.gemini', 'oauth_creds.json'), {
    access_token: CANARIES.geminiAccess,
    refresh_token: CANARIES.geminiRefresh,
    scope: 'https://www.googleapis.com/auth/cloud-platform openid',
    token_type: 'Bearer',
    expiry_date: NOW + 3_000_000,
  });
  await write(join(homeDirectory, '.gemini', 'google_accounts.json'), { active: 'grace@example.com', old: [] });
  await write(join(homeDirectory, '.gemini', '.env'), `GEMINI_API_KEY=${CANARIES.geminiKey}\n`);
  await write(join(homeDirectory, '.gemini', 'settings.json'), {
    security: { auth: { selectedType: 'oauth-personal' } },
  });
  await write(join(homeDirectory, '.claude', '.credentials.json'), {
    claudeAiOauth: {
      accessToken: CANARIES.claudeAccess,
      refreshToken: CANARIES.claudeRefresh,
      expiresAt: NOW + 3_600_000,
      scopes: ['user:inference'],
    },
  });
  await write(join(homeDirectory, '.claude.json'), {
    numStartups: 4,
    oauthAccount: { accountUuid: 'uuid-1', emailAddress: 'alan@example.com' },
  });
  await write(join(homeDirectory, '.local', 'share', 'opencode', 'auth.json'), {
    openai: {
      type: 'oauth',
      refresh: CANARIES.opencodeOpenaiRefresh,
      access: jwt({ exp }, 'CANARY-opencode-access-sig'),
      expires: NOW + 3_600_000,
    },
    anthropic: {
      type: 'oauth',
      refresh: CANARIES.opencodeAnthropicOauth,
      access: CANARIES.opencodeAnthropicOauth,
      expires: NOW,
    },
    mistral: { type: 'api', key: CANARIES.opencodeMistralKey },
  });
  return homeDirectory;
}

/** Bytes, mtime, ctime, inode and mode of every file and directory under `root`. */
async function snapshot(root: string): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  async function walk(directory: string): Promise<void> {
    const entries = await readdir(directory, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(directory, entry.name);
      const info = await stat(path);
      const facts = { mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, mode: info.mode, size: info.size };
      if (entry.isDirectory()) {
        result[`${relative(root, path)}/`] = { ...facts, entries: (await readdir(path)).sort() };
        await walk(path);
      } else {
        result[relative(root, path)] = { ...facts, bytes: (await readFile(path)).toString('base64') };
      }
    }
  }
  await walk(root);
  return result;
}

describe('importExternalSessions', () => {
  it('imports one session per provider from all four CLIs and reports every finding', async () => {
    const homeDirectory = await fixtureHome();
    const result = await importExternalSessions({ environment: {}, homeDirectory, now });

    expect(result.sessions.map((session) => [session.provider, session.method, session.metadata.importedFrom])).toEqual(
      [
        ['openai', 'oauth', `codex:${join(homeDirectory, '.codex', 'auth.json')}`],
        ['google', 'gemini-cli', `gemini:${join(homeDirectory, '.gemini', 'oauth_creds.json')}`],
        ['anthropic', 'claude-code', `claude:${join(homeDirectory, '.claude', '.credentials.json')}`],
        ['mistral', 'api-key', `opencode:${join(homeDirectory, '.local', 'share', 'opencode', 'auth.json')}`],
      ],
    );
    const byProvider = Object.fromEntries(result.sessions.map((session) => [session.provider, session]));
    expect(byProvider.openai).toMatchObject({
      refreshToken: CANARIES.codexRefresh,
      account: 'ada@example.com',
      metadata: { plan: 'plus', accountId: 'acct-1' },
    });
    // Gemini CLI's sign-in enables the gemini-cli bridge; its tokens are never copied.
    expect(byProvider.google).toMatchObject({ method: 'gemini-cli' });
    expect(JSON.stringify(byProvider.google)).not.toContain('CANARY');
    expect(byProvider.mistral).toMatchObject({ apiKey: CANARIES.opencodeMistralKey });
    // The claude-code session never carries Claude Code's tokens.
    expect(Object.keys(byProvider.anthropic ?? {}).sort()).toEqual([
      'account',
      'createdAt',
      'metadata',
      'method',
      'provider',
      'updatedAt',
    ]);
    for (const session of result.sessions) expect([session.createdAt, session.updatedAt]).toEqual([NOW, NOW]);

    expect(result.report.map((entry) => [entry.source, entry.provider, entry.method, entry.status])).toEqual([
      ['codex', 'openai', 'oauth', 'imported'],
      ['codex', 'openai', 'api-key', 'skipped'],
      ['gemini', 'google', 'gemini-cli', 'imported'],
      ['gemini', 'google', 'api-key', 'skipped'],
      ['claude', 'anthropic', 'claude-code', 'imported'],
      ['opencode', 'openai', 'oauth', 'skipped'],
      ['opencode', 'anthropic', 'oauth', 'skipped'],
      ['opencode', 'mistral', 'api-key', 'imported'],
    ]);
    const details = result.report.map((entry) => entry.detail);
    expect(details[0]).toBe(
      `imported ChatGPT sign-in (ada@example.com, plan plus) from ${join(homeDirectory, '.codex', 'auth.json')}`,
    );
    expect(details[3]).toBe(
      `found Gemini API key (GEMINI_API_KEY) in ${join(homeDirectory, '.gemini', '.env')}, but kept the gemini-cli session from gemini (${join(homeDirectory, '.gemini', 'oauth_creds.json')}): one session per provider`,
    );
    expect(details[4]).toMatch(
      /^imported Claude Code login \(alan@example\.com\) from .*\.credentials\.json: requests go through your own `claude` CLI/,
    );
    expect(details[5]).toMatch(
      /^found ChatGPT sign-in in .*opencode\/auth\.json, but kept the oauth session from codex/,
    );
    expect(details[6]).toMatch(/Claude subscription OAuth tokens are not imported/);
  });

  it('prefers a subscription sign-in over an API key across CLIs', async () => {
    const homeDirectory = await mkdtemp(join(tmpdir(), 'sb-import-pref-'));
    await write(join(homeDirectory, '.codex', 'auth.json'), { OPENAI_API_KEY: 'sk-codex-key', tokens: null });
    await write(join(homeDirectory, '.local', 'share', 'opencode', 'auth.json'), {
      openai: { type: 'oauth', refresh: 'rt-opencode', access: 'opaque-access', expires: NOW + 1000 },
      anthropic: { type: 'api', key: 'sk-ant-api03-opencode' },
    });
    const result = await importExternalSessions({ environment: {}, homeDirectory, now });
    expect(
      result.sessions.map((session) => [
        session.provider,
        session.method,
        session.metadata.importedFrom?.split(':')[0],
      ]),
    ).toEqual([
      ['openai', 'oauth', 'opencode'],
      ['anthropic', 'api-key', 'opencode'],
    ]);
    expect(result.report.find((entry) => entry.source === 'codex')).toMatchObject({
      status: 'skipped',
      method: 'api-key',
    });
  });

  it('reads only the source named by `from`', async () => {
    const homeDirectory = await fixtureHome();
    const expected: Record<ImportSource, string[]> = {
      codex: ['openai'],
      gemini: ['google'],
      claude: ['anthropic'],
      opencode: ['openai', 'mistral'],
    };
    for (const [from, providers] of Object.entries(expected) as [ImportSource, string[]][]) {
      const result = await importExternalSessions({ from, environment: {}, homeDirectory, now });
      expect(result.sessions.map((session) => session.provider)).toEqual(providers);
      expect(new Set(result.report.map((entry) => entry.source))).toEqual(new Set([from]));
    }
  });

  it('honors every tool home variable at once', async () => {
    const homeDirectory = await mkdtemp(join(tmpdir(), 'sb-import-env-'));
    const elsewhere = join(homeDirectory, 'elsewhere');
    await write(join(elsewhere, 'codex', 'auth.json'), { OPENAI_API_KEY: 'sk-relocated', tokens: null });
    await write(join(elsewhere, 'gemini', '.gemini', '.env'), 'GEMINI_API_KEY=relocated-gemini\n');
    await write(join(elsewhere, 'claude', '.claude.json'), { oauthAccount: { emailAddress: 'relocated@example.com' } });
    await write(join(elsewhere, 'data', 'opencode', 'auth.json'), {
      mistral: { type: 'api', key: 'relocated-mistral' },
    });
    const environment = {
      CODEX_HOME: join(elsewhere, 'codex'),
      GEMINI_CLI_HOME: join(elsewhere, 'gemini'),
      CLAUDE_CONFIG_DIR: join(elsewhere, 'claude'),
      XDG_DATA_HOME: join(elsewhere, 'data'),
    };
    const result = await importExternalSessions({ environment, homeDirectory, now });
    expect(result.report.every((entry) => entry.status === 'imported')).toBe(true);
    expect(result.sessions.map((session) => session.metadata.importedFrom)).toEqual([
      `codex:${join(elsewhere, 'codex', 'auth.json')}`,
      `gemini:${join(elsewhere, 'gemini', '.gemini', '.env')}`,
      `claude:${join(elsewhere, 'claude', '.claude.json')}`,
      `opencode:${join(elsewhere, 'data', 'opencode', 'auth.json')}`,
    ]);
  });

  it('never modifies, creates or replaces a file of another CLI', async () => {
    const homeDirectory = await fixtureHome();
    // Files on a coarse-timestamp filesystem could hide a rewrite; ctime and inode still tell.
    const before = await snapshot(homeDirectory);
    await importExternalSessions({ environment: {}, homeDirectory, now });
    for (const from of ['codex', 'gemini', 'claude', 'opencode'] as const)
      await importExternalSessions({ from, environment: {}, homeDirectory, now });
    expect(await snapshot(homeDirectory)).toEqual(before);
    expect(Object.keys(before)).toContain('.claude/.credentials.json');
  });

  it('reports nothing found in an empty home', async () => {
    const homeDirectory = await mkdtemp(join(tmpdir(), 'sb-import-empty-'));
    const result = await importExternalSessions({ environment: {}, homeDirectory, now });
    expect(result.sessions).toEqual([]);
    expect(result.report.map((entry) => [entry.source, entry.status])).toEqual([
      ['codex', 'not-found'],
      ['gemini', 'not-found'],
      ['claude', 'not-found'],
      ['opencode', 'not-found'],
    ]);
  });

  it('turns malformed files into error entries, not exceptions, and keeps importing the rest', async () => {
    const homeDirectory = await fixtureHome();
    await write(join(homeDirectory, '.codex', 'auth.json'), `{"OPENAI_API_KEY": ${CANARIES.codexKey}}`);
    await write(
      join(homeDirectory, '.gemini', 'oauth_creds.json'),
      `{"access_token": "${CANARIES.geminiAccess}", "expiry_date": "${CANARIES.geminiRefresh}"}`,
    );
    await write(
      join(homeDirectory, '.local', 'share', 'opencode', 'auth.json'),
      `{"mistral": {"type": "api", "key": "${CANARIES.opencodeMistralKey}"`,
    );
    await write(join(homeDirectory, '.claude.json'), 'not json');
    const result = await importExternalSessions({ environment: {}, homeDirectory, now });
    expect(result.report.map((entry) => [entry.source, entry.provider, entry.method, entry.status])).toEqual([
      ['codex', 'openai', undefined, 'error'],
      ['gemini', 'google', 'gemini-cli', 'imported'],
      ['gemini', 'google', 'api-key', 'skipped'],
      ['claude', 'anthropic', 'claude-code', 'imported'],
      ['opencode', undefined, undefined, 'error'],
    ]);
    expect(result.sessions.map((session) => [session.provider, session.method])).toEqual([
      ['google', 'gemini-cli'],
      ['anthropic', 'claude-code'],
    ]);
  });

  it('reports an unreadable path (a symlink loop) as an error naming the file', async () => {
    const homeDirectory = await mkdtemp(join(tmpdir(), 'sb-import-loop-'));
    await mkdir(join(homeDirectory, '.codex'), { recursive: true });
    await symlink('auth.json', join(homeDirectory, '.codex', 'auth.json'));
    const result = await importExternalSessions({ from: 'codex', environment: {}, homeDirectory, now });
    expect(result.report).toEqual([
      {
        source: 'codex',
        provider: 'openai',
        status: 'error',
        detail: `cannot read ${join(homeDirectory, '.codex', 'auth.json')} (ELOOP)`,
        path: join(homeDirectory, '.codex', 'auth.json'),
      },
    ]);
  });

  it('never puts a planted secret in the report, whatever the files hold', async () => {
    const healthy = await fixtureHome();
    const broken = await fixtureHome();
    for (const [path, text] of [
      [join(broken, '.codex', 'auth.json'), `{"tokens": {"access_token": ${CANARIES.codexAccess}}}`],
      [join(broken, '.gemini', 'oauth_creds.json'), `{"refresh_token": ${CANARIES.geminiRefresh}`],
      [join(broken, '.gemini', '.env'), `GEMINI_API_KEY=${CANARIES.geminiKey}`],
      [join(broken, '.claude.json'), `{"primaryApiKey": ${CANARIES.claudeAccess}}`],
      [join(broken, '.local', 'share', 'opencode', 'auth.json'), `{"anthropic": ${CANARIES.opencodeAnthropicKey}}`],
    ] as const) {
      await write(path, text);
    }
    const results = [
      await importExternalSessions({ environment: {}, homeDirectory: healthy, now }),
      await importExternalSessions({ environment: {}, homeDirectory: broken, now }),
    ];
    const reports = JSON.stringify(results.map((result) => result.report));
    for (const canary of Object.values(CANARIES)) expect(reports).not.toContain(canary);
    expect(reports).not.toContain('CANARY');
    // The secrets were really there to leak: the healthy import carries them in its sessions.
    const sessions = JSON.stringify(results[0]?.sessions);
    for (const canary of [CANARIES.codexRefresh, CANARIES.opencodeMistralKey]) expect(sessions).toContain(canary);
    // Claude Code's and Gemini CLI's tokens, and the refused Claude OAuth tokens, are never taken.
    for (const canary of [
      CANARIES.claudeAccess,
      CANARIES.claudeRefresh,
      CANARIES.opencodeAnthropicOauth,
      CANARIES.geminiAccess,
      CANARIES.geminiRefresh,
    ])
      expect(sessions).not.toContain(canary);
  });

  it('rejects an unknown source as INVALID_INPUT', async () => {
    const error = await importExternalSessions({
      from: 'cursor' as ImportSource,
      environment: {},
      homeDirectory: tmpdir(),
      now,
    }).catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as Error).message).toMatch(/codex, gemini, claude, opencode/);
  });
});
