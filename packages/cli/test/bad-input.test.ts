import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeBrowserLogin, startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import { runSb, startSb } from './helpers/sb-process.js';
import {
  closedPort,
  clientCredentialsConfig,
  createTestHome,
  signInConfig,
  type TestHome,
} from './helpers/switchboard-home.js';

let server: OAuthServer;
let home: TestHome;

beforeAll(async () => {
  server = await startOAuthServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  server.setFault('none');
  await home?.remove();
});

/** One line on stderr, starting `sb: `. */
const ONE_ERROR_LINE = /^sb: [^\n]+\n$/;

describe('bad input gives one clear line, the right exit code, and touches no file', () => {
  it('corrupt auth.json: exit 1, names the file, bytes unchanged', async () => {
    home = await createTestHome();
    const store = join(home.home, 'auth.json');
    const garbage = Buffer.from('{"version":1,"this is":"not a vault"\u0000\u00ff garbage');
    await writeFile(store, garbage);
    for (const args of [
      ['auth', 'status'],
      ['auth', 'token', 'openai'],
      ['auth', 'login', 'mistral', '--with-api-key'],
    ]) {
      const result = await runSb(args, { environment: home.environment, input: 'mistral-key-0000000000000000' });
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(ONE_ERROR_LINE);
      expect(result.stderr).toContain(store);
      expect(result.stdout).toBe('');
    }
    expect(await readFile(store)).toEqual(garbage);
  });

  it('corrupt auth.json with --json: the error object on stdout, nothing on stderr', async () => {
    home = await createTestHome();
    await writeFile(join(home.home, 'auth.json'), 'not json at all');
    const result = await runSb(['auth', 'status', '--json'], { environment: home.environment });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const parsed = JSON.parse(result.stdout) as { error: { code: string; message: string; hint: unknown } };
    expect(Object.keys(parsed)).toEqual(['error']);
    expect(Object.keys(parsed.error)).toEqual(['code', 'message', 'hint']);
    expect(parsed.error.code).toBe('STORE_CORRUPT');
    expect(parsed.error.message).toContain(join(home.home, 'auth.json'));
  });

  it('invalid config.toml: exit 1, names the file and line, file unchanged', async () => {
    home = await createTestHome();
    const config = join(home.home, 'config.toml');
    const text = '[auth]\nstore = "file"\n\nmodel = "claude-opus-4-1"\n[routing\nfallback = true\n';
    await writeFile(config, text);
    const result = await runSb(['auth', 'status'], { environment: home.environment });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(ONE_ERROR_LINE);
    expect(result.stderr).toContain(config);
    expect(result.stderr).toMatch(/line 5\b/);
    expect(await readFile(config, 'utf8')).toBe(text);
  });

  it('unknown provider: exit 2 listing the valid names', async () => {
    home = await createTestHome();
    for (const args of [
      ['auth', 'login', 'chatgtp'],
      ['auth', 'status', 'chatgtp'],
      ['auth', 'token', 'chatgtp'],
    ]) {
      const result = await runSb(args, { environment: home.environment });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(ONE_ERROR_LINE);
      expect(result.stderr).toContain('Unknown provider "chatgtp"');
      expect(result.stderr).toContain('openai, anthropic, google, mistral, azure, vertex, bedrock');
    }
  });

  it("wrong method: exit 2 listing that provider's methods", async () => {
    home = await createTestHome();
    const result = await runSb(['auth', 'login', 'mistral', '--method', 'device'], { environment: home.environment });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('sb: Mistral (mistral) does not support --method device. Use one of: api-key.\n');
    const claude = await runSb(['auth', 'login', 'claude', '--method', 'aws'], { environment: home.environment });
    expect(claude.code).toBe(2);
    expect(claude.stderr).toContain('Use one of: api-key, claude-code, browser, device, paste.');
  });

  it('usage errors: exit 2 (unknown command, unknown option, missing argument, invalid --method)', async () => {
    home = await createTestHome();
    const cases: [string[], RegExp][] = [
      [['bogus'], /^sb: unknown command 'bogus'/],
      [['auth', 'status', '--frobnicate'], /^sb: unknown option '--frobnicate'/],
      [['auth', 'login'], /^sb: missing required argument 'provider'/],
      [
        ['auth', 'login', 'openai', '--method', 'carrier-pigeon'],
        /^sb: option '--method <method>' argument 'carrier-pigeon' is invalid/,
      ],
    ];
    for (const [args, pattern] of cases) {
      const result = await runSb(args, { environment: home.environment });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(ONE_ERROR_LINE);
      expect(result.stderr).toMatch(pattern);
    }
    const json = await runSb(['auth', 'login', '--json'], { environment: home.environment });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        code: 'INVALID_INPUT',
        message: "missing required argument 'provider'",
        hint: 'Run `sb auth login --help` for usage.',
      },
    });
  });

  it('--with-api-key with nothing on stdin: exit 2, nothing stored', async () => {
    home = await createTestHome();
    const result = await runSb(['auth', 'login', 'mistral', '--with-api-key'], {
      environment: home.environment,
      input: '',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(ONE_ERROR_LINE);
    expect((await runSb(['auth', 'status', 'mistral'], { environment: home.environment })).code).toBe(3);
  });

  it('--method api-key without a terminal and without --with-api-key: exit 2 with the way to pipe it', async () => {
    home = await createTestHome();
    const result = await runSb(['auth', 'login', 'claude'], {
      environment: home.environment,
      input: 'sk-ant-not-read-000000',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(ONE_ERROR_LINE);
    expect(result.stderr).toContain('--with-api-key');
  });

  it('state mismatch in the paste flow: a clear error, exit 1, no session', async () => {
    home = await createTestHome(signInConfig('openai', server));
    const login = startSb(['auth', 'login', 'openai', '--method', 'paste', '--json'], {
      environment: home.environment,
    });
    const prompt = await login.nextJson((line) => line.event === 'paste_prompt');
    const browser = await completeBrowserLogin(String(prompt.url), { followCallback: false });
    const forged = new URL(browser.callbackUrl);
    forged.searchParams.set('state', 'forged-state-value');
    login.writeLine(forged.toString());
    login.endInput();
    const result = await login.result;
    expect(result.code).toBe(1);
    const error = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { error: { code: string; message: string } };
    expect(error.error.code).toBe('OAUTH_STATE_MISMATCH');
    expect(error.error.message).toMatch(/state/i);
    expect((await runSb(['auth', 'status', 'openai'], { environment: home.environment })).code).toBe(3);
  });

  it('server down: NETWORK error, exit 1', async () => {
    const port = await closedPort();
    // Issuer only: ChatGPT's device login and Google's discovery both have to reach the server first.
    const issuerOnly = (provider: string) =>
      `[providers.${provider}.oauth]\nissuer = "http://127.0.0.1:${port}"\nclient_id = "sb-native"\n`;
    home = await createTestHome(`${issuerOnly('openai')}${issuerOnly('google')}`);
    const result = await runSb(['auth', 'login', 'openai', '--method', 'device'], { environment: home.environment });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(ONE_ERROR_LINE);
    const json = await runSb(['auth', 'login', 'google', '--no-browser', '--json'], { environment: home.environment });
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout.trim().split('\n').at(-1)!) as { error: { code: string } }).error.code).toBe(
      'NETWORK',
    );
  });

  it('token endpoint answers 500: a clear error, exit 1, no session', async () => {
    home = await createTestHome(clientCredentialsConfig('azure', server));
    server.setFault('token-500');
    const result = await runSb(['auth', 'login', 'azure', '--json'], { environment: home.environment });
    expect(result.code).toBe(1);
    const error = (JSON.parse(result.stdout.trim()) as { error: { code: string; message: string } }).error;
    expect(['PROVIDER_UNAVAILABLE', 'OAUTH_FAILED', 'UPSTREAM_ERROR']).toContain(error.code);
    const human = await runSb(['auth', 'login', 'azure'], { environment: home.environment });
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(ONE_ERROR_LINE);
    server.setFault('none');
    expect((await runSb(['auth', 'status', 'azure'], { environment: home.environment })).code).toBe(3);
  });
});
