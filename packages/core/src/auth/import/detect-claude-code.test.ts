import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeCodePaths, detectClaudeCode } from './detect-claude-code.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const now = () => NOW;

async function home(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sb-import-claude-'));
}

async function write(path: string, content: unknown): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode: 0o600 });
  return path;
}

/** What Claude Code writes on Linux after `/login` with a subscription. */
const credentials = {
  claudeAiOauth: {
    accessToken: 'sk-ant-oat01-CANARY-claude-code-access',
    refreshToken: 'sk-ant-ort01-CANARY-claude-code-refresh',
    expiresAt: NOW + 3_600_000,
    scopes: ['user:inference', 'user:profile'],
    subscriptionType: 'max',
  },
};
const globalState = {
  numStartups: 12,
  userID: 'f0e1d2c3',
  oauthAccount: {
    accountUuid: '6c1f1a0e-0000-4000-8000-000000000001',
    emailAddress: 'alan@example.com',
    organizationUuid: '6c1f1a0e-0000-4000-8000-000000000002',
    organizationName: "Alan's Individual Org",
  },
  mcpServers: { github: { command: 'gh-mcp', env: { GITHUB_TOKEN: 'ghp_CANARY-mcp-secret' } } },
  projects: { '/work/project': { hasTrustDialogAccepted: true } },
};

function expectNoSecrets(value: unknown): void {
  expect(JSON.stringify(value)).not.toContain('CANARY');
}

describe('detectClaudeCode', () => {
  it('detects a login from .credentials.json and ~/.claude.json, holding no token', async () => {
    const homeDirectory = await home();
    const credentialsPath = await write(join(homeDirectory, '.claude', '.credentials.json'), credentials);
    await write(join(homeDirectory, '.claude.json'), globalState);
    const findings = await detectClaudeCode({ environment: {}, homeDirectory, now });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      source: 'claude',
      status: 'found',
      provider: 'anthropic',
      method: 'claude-code',
      path: credentialsPath,
      detail: 'Claude Code login (alan@example.com)',
    });
    expect(findings[0]?.note).toMatch(/your own `claude` CLI; its tokens were not read/);
    expect(findings[0]?.session).toEqual({
      provider: 'anthropic',
      method: 'claude-code',
      account: 'alan@example.com',
      metadata: {
        email: 'alan@example.com',
        accountId: '6c1f1a0e-0000-4000-8000-000000000001',
        organization: "Alan's Individual Org",
        importedFrom: `claude:${credentialsPath}`,
      },
      createdAt: NOW,
      updatedAt: NOW,
    });
    expectNoSecrets(findings);
  });

  it('detects a login from the oauthAccount alone (macOS keeps the tokens in the keychain)', async () => {
    const homeDirectory = await home();
    const statePath = await write(join(homeDirectory, '.claude.json'), globalState);
    const [finding] = await detectClaudeCode({ environment: {}, homeDirectory, now });
    expect(finding).toMatchObject({ status: 'found', path: statePath });
    expect(finding?.session?.metadata.importedFrom).toBe(`claude:${statePath}`);
  });

  it('detects a login from credentials alone, without an account name', async () => {
    const homeDirectory = await home();
    await write(join(homeDirectory, '.claude', '.credentials.json'), credentials);
    const [finding] = await detectClaudeCode({ environment: {}, homeDirectory, now });
    expect(finding).toMatchObject({ status: 'found', detail: 'Claude Code login' });
    expect(finding?.session?.account).toBeUndefined();
  });

  it('counts a Console key in primaryApiKey as a login without copying the key', async () => {
    const homeDirectory = await home();
    await write(join(homeDirectory, '.claude.json'), {
      numStartups: 1,
      primaryApiKey: 'sk-ant-api03-CANARY-console-key',
    });
    const findings = await detectClaudeCode({ environment: {}, homeDirectory, now });
    expect(findings[0]).toMatchObject({ status: 'found', method: 'claude-code' });
    expectNoSecrets(findings);
  });

  it('honors CLAUDE_CONFIG_DIR for both the credentials and .claude.json', async () => {
    const homeDirectory = await home();
    await write(join(homeDirectory, '.claude.json'), { oauthAccount: { emailAddress: 'default@example.com' } });
    const configDirectory = join(homeDirectory, 'claude-work');
    const environment = { CLAUDE_CONFIG_DIR: configDirectory };
    const paths = claudeCodePaths(environment, homeDirectory);
    expect(paths.credentials).toBe(join(configDirectory, '.credentials.json'));
    expect(paths.globalConfig).toBe(join(configDirectory, '.claude.json'));

    const [nothing] = await detectClaudeCode({ environment, homeDirectory, now });
    expect(nothing?.status).toBe('not-found');

    await write(join(configDirectory, '.claude.json'), { oauthAccount: { emailAddress: 'work@example.com' } });
    const [finding] = await detectClaudeCode({ environment, homeDirectory, now });
    expect(finding).toMatchObject({ status: 'found', path: join(configDirectory, '.claude.json') });
    expect(finding?.session?.account).toBe('work@example.com');
  });

  it('prefers the legacy .config.json inside the config directory when it exists', async () => {
    const homeDirectory = await home();
    await write(join(homeDirectory, '.claude.json'), { oauthAccount: { emailAddress: 'new@example.com' } });
    const legacy = await write(join(homeDirectory, '.claude', '.config.json'), {
      oauthAccount: { emailAddress: 'legacy@example.com' },
    });
    const [finding] = await detectClaudeCode({ environment: {}, homeDirectory, now });
    expect(finding).toMatchObject({ status: 'found', path: legacy });
    expect(finding?.session?.account).toBe('legacy@example.com');
  });

  it('reports not-found when there is no login', async () => {
    const homeDirectory = await home();
    const [none] = await detectClaudeCode({ environment: {}, homeDirectory, now });
    expect(none).toMatchObject({ status: 'not-found', provider: 'anthropic', method: 'claude-code' });
    await write(join(homeDirectory, '.claude.json'), { numStartups: 3, oauthAccount: {} });
    const [loggedOut] = await detectClaudeCode({ environment: {}, homeDirectory, now });
    expect(loggedOut?.status).toBe('not-found');
    expect(loggedOut?.detail).toContain(join(homeDirectory, '.claude.json'));
  });

  it('reports a malformed .claude.json as an error, unless the credentials file proves the login', async () => {
    const homeDirectory = await home();
    await write(join(homeDirectory, '.claude.json'), '{"oauthAccount": {"emailAddress": CANARY}}');
    const [error] = await detectClaudeCode({ environment: {}, homeDirectory, now });
    expect(error).toMatchObject({ status: 'error', path: join(homeDirectory, '.claude.json') });
    expect(error?.detail).toMatch(/is not valid JSON/);

    await write(join(homeDirectory, '.claude', '.credentials.json'), credentials);
    const [found] = await detectClaudeCode({ environment: {}, homeDirectory, now });
    expect(found?.status).toBe('found');
    expect(found?.note).toMatch(/account name could not be read/);
    expectNoSecrets([error, found]);
  });
});
