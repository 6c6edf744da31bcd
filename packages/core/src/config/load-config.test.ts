import { lstat, mkdtemp, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../errors.js';
import { loadConfig } from './load-config.js';
import { createPaths } from './paths.js';
import { migrateConfigFile, updateConfigFile } from './update-config.js';

async function home() {
  return createPaths(await mkdtemp(join(tmpdir(), 'sb-config-')));
}

describe('config', () => {
  it('returns defaults when config.toml is missing', async () => {
    const paths = await home();
    const config = await loadConfig(paths.config);
    expect(config.model).toBeUndefined();
    expect(config.auth.store).toBe('auto');
    expect(config.providers.openai.oauth?.issuer).toBe('https://auth.openai.com');
  });

  it('applies provider overrides; an issuer override drops the built-in endpoints', async () => {
    const paths = await home();
    await writeFile(
      paths.config,
      `model = "gpt-5"\n[providers.openai]\napi_base = "http://127.0.0.1:9/v1"\n[providers.openai.oauth]\nissuer = "http://127.0.0.1:8"\nclient_id = "mine"\nredirect_port = 0\n`,
    );
    const config = await loadConfig(paths.config);
    expect(config.providers.openai.apiBase).toBe('http://127.0.0.1:9/v1');
    expect(config.providers.openai.oauth).toMatchObject({
      issuer: 'http://127.0.0.1:8',
      clientId: 'mine',
      redirectPort: 0,
    });
    expect(config.providers.openai.oauth?.tokenEndpoint).toBeUndefined();
    expect(config.providers.google.oauth?.issuer).toBe('https://accounts.google.com');
  });

  it('rejects invalid TOML with INVALID_CONFIG naming file and line, leaving the file unchanged', async () => {
    const paths = await home();
    const text = 'model = "a"\n[auth\nstore = "file"\n';
    await writeFile(paths.config, text);
    const error = await loadConfig(paths.config).catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, 'INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toContain(paths.config);
    expect((error as Error).message).toMatch(/line 2/);
    await expect(
      updateConfigFile(paths, (document) => {
        document.model = 'b';
      }),
    ).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(await readFile(paths.config, 'utf8')).toBe(text);
  });

  it("a TOML error never carries the file's text (a client_secret on the bad line) in its message or cause", async () => {
    const paths = await home();
    for (const text of [
      '[providers.azure.oauth]\nclient_secret = sk-CANARY-unquoted-secret\n',
      '[providers.azure.oauth]\nclient_secret = "sk-CANARY-unterminated\n',
      '[providers.azure.oauth]\nclient_secret = "sk-CANARY-one"\nclient_secret = "sk-CANARY-two"\n',
    ]) {
      await writeFile(paths.config, text);
      const error = await loadConfig(paths.config).catch((caught: unknown) => caught);
      expect(isSwitchboardError(error, 'INVALID_CONFIG')).toBe(true);
      expect((error as Error).message).toMatch(/at line \d+, column \d+/);
      expect(inspect(error, { depth: 10 })).not.toContain('CANARY');
    }
  });

  it('rejects a wrong value with the key and its line', async () => {
    const paths = await home();
    await writeFile(paths.config, 'model = "a"\n[auth]\nstore = "cloud"\n');
    await expect(loadConfig(paths.config)).rejects.toThrow(/auth\.store.*line 3/);
  });

  it('migrates using_chatgpt_auth into active_auth_provider/method with a .bak', async () => {
    for (const [flag, method] of [
      [true, 'oauth'],
      [false, 'api-key'],
    ] as const) {
      const paths = await home();
      const original = `model = "gpt-5"\nusing_chatgpt_auth = ${flag}\n[custom]\nkeep = 1\n`;
      await writeFile(paths.config, original);
      expect(await migrateConfigFile(paths)).toBe(true);
      expect(await readFile(`${paths.config}.bak`, 'utf8')).toBe(original);
      const config = await loadConfig(paths.config);
      expect(config.activeAuthProvider).toBe('openai');
      expect(config.activeAuthMethod).toBe(method);
      expect(config.raw.using_chatgpt_auth).toBeUndefined();
      expect(config.raw.custom).toEqual({ keep: 1 });
      expect(config.model).toBe('gpt-5');
      expect(await migrateConfigFile(paths)).toBe(false);
    }
  });

  it('never overwrites an existing config.toml.bak when migrating; the backup is private', async () => {
    const paths = await home();
    const olderBackup = 'model = "my own backup"\n';
    await writeFile(`${paths.config}.bak`, olderBackup);
    const original = 'using_chatgpt_auth = true\n[providers.azure.oauth]\nclient_secret = "CANARY-config-secret"\n';
    await writeFile(paths.config, original, { mode: 0o644 });
    expect(await migrateConfigFile(paths)).toBe(true);
    expect(await readFile(`${paths.config}.bak`, 'utf8')).toBe(olderBackup);
    expect(await readFile(`${paths.config}.bak.1`, 'utf8')).toBe(original);
    expect((await stat(`${paths.config}.bak.1`)).mode & 0o777).toBe(0o600);
    expect((await loadConfig(paths.config)).activeAuthProvider).toBe('openai');
  });

  it('updates atomically and keeps unknown tables', async () => {
    const paths = await home();
    await writeFile(paths.config, '[custom]\nkeep = "yes"\n');
    await updateConfigFile(paths, (document) => {
      document.model = 'claude-opus-4-1';
      document.active_auth_provider = 'anthropic';
    });
    const text = await readFile(paths.config, 'utf8');
    expect(text).toContain('model = "claude-opus-4-1"');
    expect(text).toContain('keep = "yes"');
  });

  it('names the key and its line for typical mistakes, in the table where they are made', async () => {
    const cases: Array<{ text: string; key: string; line: number }> = [
      { text: 'model = "a"\n[auth]\nstor = "file"\n', key: 'auth.stor', line: 3 },
      { text: '[routing]\nprefer = "cost"\nfallbck = true\n', key: 'routing.fallbck', line: 3 },
      {
        text: '[providers.mistral]\napi_base = "https://mistral.example/v1"\n[providers.openai]\napi_bse = "https://a.example"\n',
        key: 'providers.openai.api_bse',
        line: 4,
      },
      {
        text: '[providers.mistral]\napi_base = "https://mistral.example/v1"\n[providers.openai]\napi_base = "not a url"\n',
        key: 'providers.openai.api_base',
        line: 4,
      },
      {
        text: 'model = "a"\n\n[providers.openai.oauth]\nclient_id = "x"\nissuer = "auth.example.com"\n',
        key: 'providers.openai.oauth.issuer',
        line: 5,
      },
      {
        text: '[providers.openai.oauth]\nclient_id = "x"\nscopes = ["openid", 1]\n',
        key: 'providers.openai.oauth.scopes[1]',
        line: 3,
      },
      {
        text: '[providers.openai.oauth]\nredirect_port = "1455"\n',
        key: 'providers.openai.oauth.redirect_port',
        line: 2,
      },
      { text: 'model = "a"\nproviders.openai.api_base = "nope"\n', key: 'providers.openai.api_base', line: 2 },
      { text: 'model = "a"\n[providers.claude]\napi_base = "https://a.example"\n', key: 'providers.claude', line: 2 },
      { text: 'model = "a"\nauth = { store = "cloud" }\n', key: 'auth.store', line: 2 },
    ];
    for (const { text, key, line } of cases) {
      const paths = await home();
      await writeFile(paths.config, text);
      const error = await loadConfig(paths.config).catch((caught: unknown) => caught);
      expect(isSwitchboardError(error, 'INVALID_CONFIG'), text).toBe(true);
      const message = (error as Error).message;
      expect(message, text).toContain(`\`${key}\``);
      expect(message, text).toContain(`${paths.config} at line ${line}:`);
      expect(await readFile(paths.config, 'utf8')).toBe(text);
    }
  });

  it("keeps the user's comments and layout when Switchboard writes its own keys", async () => {
    const paths = await home();
    const original = [
      '# My Switchboard settings',
      'model = "gpt-5"  # the default model',
      'active_auth_provider = "openai"',
      'active_auth_method = "oauth"',
      '',
      '[auth]',
      '# keep sessions in a file on this server',
      'store = "file"',
      '',
      '[providers.openai]',
      'api_base = "https://proxy.example/v1" # corporate proxy',
      '',
    ].join('\n');
    await writeFile(paths.config, original);
    await updateConfigFile(paths, (document) => {
      document.active_auth_provider = 'anthropic';
      delete document.active_auth_method;
    });
    const text = await readFile(paths.config, 'utf8');
    expect(text).toBe(
      original.replace(
        'active_auth_provider = "openai"\nactive_auth_method = "oauth"\n',
        'active_auth_provider = "anthropic"\n',
      ),
    );
    await updateConfigFile(paths, (document) => {
      document.active_auth_method = 'api-key';
    });
    const config = await loadConfig(paths.config);
    expect(config).toMatchObject({
      model: 'gpt-5',
      activeAuthProvider: 'anthropic',
      activeAuthMethod: 'api-key',
      auth: { store: 'file' },
    });
    expect(config.providers.openai.apiBase).toBe('https://proxy.example/v1');
    const after = await readFile(paths.config, 'utf8');
    expect(after).toContain('# keep sessions in a file on this server');
    expect(after).toContain('# corporate proxy');
    expect(after.indexOf('active_auth_method')).toBeLessThan(after.indexOf('[auth]'));

    // A file of tables only gets the key above its first table; other edits still land.
    const tablesOnly = '[auth] # store choice\nstore = "file"\n';
    await writeFile(paths.config, tablesOnly);
    await updateConfigFile(paths, (document) => {
      document.model = 'claude-opus-4-1';
    });
    expect(await readFile(paths.config, 'utf8')).toBe(`model = "claude-opus-4-1"\n${tablesOnly}`);
    await updateConfigFile(paths, (document) => {
      document.routing = { fallback: false };
    });
    expect((await loadConfig(paths.config)).routing.fallback).toBe(false);
    expect((await loadConfig(paths.config)).model).toBe('claude-opus-4-1');
  });

  it('writes through a symlinked config.toml (dotfiles) instead of replacing the link', async () => {
    const paths = await home();
    const dotfiles = await mkdtemp(join(tmpdir(), 'sb-dotfiles-'));
    const real = join(dotfiles, 'switchboard.toml');
    await writeFile(real, '# managed in my dotfiles repo\nmodel = "gpt-5"\n');
    await symlink(real, paths.config);
    await updateConfigFile(paths, (document) => {
      document.active_auth_provider = 'openai';
    });
    expect((await lstat(paths.config)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe(
      '# managed in my dotfiles repo\nmodel = "gpt-5"\nactive_auth_provider = "openai"\n',
    );
  });
});
