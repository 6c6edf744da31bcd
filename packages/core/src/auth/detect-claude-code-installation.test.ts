import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installFakeClaude } from '@switchboard/testkit';
import { describe, expect, it } from 'vitest';
import { detectClaudeCodeInstallation } from './detect-claude-code-installation.js';

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'sb-claude-'));
  const home = join(root, 'home');
  await mkdir(home, { recursive: true });
  const command = await installFakeClaude(join(root, 'bin'));
  return { root, home, command };
}

describe("detectClaudeCodeInstallation (a real `claude` executable: testkit's fake)", () => {
  it('reports a missing `claude` as not installed', async () => {
    const { root, home } = await setup();
    expect(
      await detectClaudeCodeInstallation({ environment: { HOME: home }, command: join(root, 'nowhere', 'claude') }),
    ).toEqual({ installed: false, loggedIn: false });
  });

  it('a `.claude.json` without an account (claude was started, never signed in) is not a login', async () => {
    const { home, command } = await setup();
    await writeFile(join(home, '.claude.json'), JSON.stringify({ numStartups: 3, theme: 'dark' }));
    expect(await detectClaudeCodeInstallation({ environment: { HOME: home }, command })).toMatchObject({
      installed: true,
      loggedIn: false,
    });
  });

  it('honours CLAUDE_CONFIG_DIR for the account file and reports the account', async () => {
    const { root, home, command } = await setup();
    const configDirectory = join(root, 'claude-config');
    await mkdir(configDirectory, { recursive: true });
    await writeFile(
      join(configDirectory, '.claude.json'),
      JSON.stringify({ oauthAccount: { emailAddress: 'ada@example.test', accountUuid: 'uuid-1' } }),
    );
    const detected = await detectClaudeCodeInstallation({
      environment: { HOME: home, CLAUDE_CONFIG_DIR: configDirectory },
      command,
    });
    expect(detected).toMatchObject({ installed: true, loggedIn: true, account: 'ada@example.test' });
    expect(detected.version).toMatch(/Claude Code/);
  });

  it('a credentials file counts as signed in (its tokens are never read)', async () => {
    const { home, command } = await setup();
    await mkdir(join(home, '.claude'), { recursive: true });
    await writeFile(
      join(home, '.claude', '.credentials.json'),
      JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-CANARY' } }),
    );
    const detected = await detectClaudeCodeInstallation({ environment: { HOME: home }, command });
    expect(detected).toMatchObject({ installed: true, loggedIn: true });
    expect(JSON.stringify(detected)).not.toContain('CANARY');
  });
});
