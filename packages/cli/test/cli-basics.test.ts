import { fileURLToPath } from 'node:url';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSb } from './helpers/sb-process.js';
import { logInWithApiKey } from './helpers/logins.js';
import { createTestHome, type TestHome } from './helpers/switchboard-home.js';

let home: TestHome;
afterEach(async () => {
  await home?.remove();
});

const cliManifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('sb basics (real sb process)', () => {
  it('prints the version of packages/cli/package.json', async () => {
    home = await createTestHome();
    for (const flag of ['--version', '-V']) {
      expect(await runSb([flag], { environment: home.environment })).toMatchObject({
        code: 0,
        stdout: `${cliManifest.version}\n`,
        stderr: '',
      });
    }
  });

  it('has --help on every command', async () => {
    home = await createTestHome();
    const commands = [
      [],
      ['chat'],
      ['auth'],
      ['auth', 'login'],
      ['auth', 'status'],
      ['auth', 'logout'],
      ['auth', 'switch'],
      ['auth', 'import'],
      ['auth', 'token'],
    ];
    for (const command of commands) {
      const result = await runSb([...command, '--help'], { environment: home.environment });
      expect(result.code, command.join(' ')).toBe(0);
      expect(result.stdout).toContain(`Usage: sb${command.length > 0 ? ` ${command.join(' ')}` : ''} `);
      expect(result.stderr).toBe('');
    }
    const login = await runSb(['auth', 'login', '--help'], { environment: home.environment });
    for (const option of ['--method <method>', '--no-browser', '--with-api-key', '--json'])
      expect(login.stdout).toContain(option);
  });

  it('shows the first-run guide for `sb` and `sb chat` until the chat exists', async () => {
    home = await createTestHome();
    for (const args of [[], ['chat']]) {
      const result = await runSb(args, { environment: home.environment });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('sb auth login chatgpt');
      expect(result.stdout).toContain('sb auth status');
    }
  });

  it('`sb auth` without a subcommand shows the help on stderr and exits 2', async () => {
    home = await createTestHome();
    const result = await runSb(['auth'], { environment: home.environment });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: sb auth [options] [command]');
  });

  it('exits quietly when the reader of stdout goes away (`sb auth status | head -1`)', async () => {
    home = await createTestHome();
    const { spawnSync } = await import('node:child_process');
    const { SB_BIN } = await import('./helpers/sb-process.js');
    // head leaves after one byte; every later write of sb meets a closed pipe.
    const result = spawnSync(
      '/bin/sh',
      ['-c', `"${process.execPath}" "${SB_BIN}" auth status | head -c 1 >/dev/null`],
      {
        env: home.environment,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
  });

  it('never loads Ink, React, the AI SDK or openid-client for `sb --version` and `sb auth status`', async () => {
    home = await createTestHome();
    await logInWithApiKey(home.environment, 'mistral', 'mistral-key-startup-0000000000');
    const hook = join(home.home, 'trace-loads.mjs');
    const trace = join(home.home, 'loaded.txt');
    await writeFile(
      hook,
      `import { registerHooks } from 'node:module';\nimport { appendFileSync } from 'node:fs';\n` +
        `registerHooks({ load(url, context, next) { appendFileSync(${JSON.stringify(trace)}, url + '\\n'); return next(url, context); } });\n`,
    );
    const heavy = /\/node_modules\/(ink|react|ai|@ai-sdk\/[^/]+|openid-client|@napi-rs\/keyring)\//;

    const version = await runSb(['--version'], { environment: home.environment, nodeArguments: ['--import', hook] });
    expect(version.code).toBe(0);
    const versionLoads = (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
    expect(versionLoads.filter((url) => url.includes('/node_modules/'))).toEqual([]);

    await writeFile(trace, '');
    const status = await runSb(['auth', 'status'], {
      environment: home.environment,
      nodeArguments: ['--import', hook],
    });
    expect(status.code).toBe(0);
    const statusLoads = (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
    // The CLI runs from its esbuild bundle: each command is its own chunk (`auth-status-<hash>.js`).
    const chunk = (name: string) => new RegExp(`/${name}(-[A-Z0-9]+)?\\.js$`);
    expect(statusLoads.some((url) => chunk('auth-status').test(url))).toBe(true);
    expect(statusLoads.filter((url) => heavy.test(url))).toEqual([]);
    expect(statusLoads.some((url) => chunk('auth-login').test(url))).toBe(false);
    // Nor core's runtime, catalog or full zod: the startup path imports `@switchboard/core/startup`
    // (through the full barrel every command would share one large chunk). Read from the chunks'
    // source maps, which name the sources each chunk holds.
    const sources = await Promise.all(
      statusLoads
        .filter((url) => url.includes('/bundle/'))
        .map(async (url) => {
          const map = JSON.parse(await readFile(`${fileURLToPath(url)}.map`, 'utf8')) as { sources: string[] };
          return map.sources;
        }),
    );
    const loadedSources = sources.flat();
    expect(loadedSources.some((source) => source.endsWith('core/src/auth/create-auth-manager.ts'))).toBe(true);
    expect(
      loadedSources.filter((source) =>
        /core\/src\/runtime\/create-runtime\.ts$|core\/src\/catalog\/models\.ts$|zod\/v4\/classic\//.test(source),
      ),
    ).toEqual([]);
  });
});
