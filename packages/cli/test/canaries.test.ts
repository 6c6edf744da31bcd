import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSwitchboard, type VaultDocument } from '@switchboard/core';
import { completeBrowserLogin, startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import { runSb, startSb, type SbResult } from './helpers/sb-process.js';
import { createTestHome, signInConfig, type TestHome } from './helpers/switchboard-home.js';

const canary = (label: string) => `CANARY${label}${randomBytes(12).toString('hex')}`;

const clientSecret = canary('clientsecret');
const anthropicKey = `sk-ant-${canary('anthropic')}`;
const mistralKey = canary('mistral');
const codexRefreshToken = `rt_${canary('codexrefresh')}`;
const codexSignature = canary('codexsig');

let server: OAuthServer;
let home: TestHome;
/** Everything printed by every command except `sb auth token`. */
const outputs: { command: string; result: SbResult }[] = [];
/** Every secret seen: planted canaries, plus each token and key the vault held along the way. */
const secrets = new Set<string>([clientSecret, anthropicKey, mistralKey, codexRefreshToken, codexSignature]);

async function sb(args: string[], input?: string): Promise<SbResult> {
  const result = await runSb(args, { environment: home.environment, ...(input === undefined ? {} : { input }) });
  outputs.push({ command: `sb ${args.join(' ')}`, result });
  return result;
}

async function collectVaultSecrets(): Promise<void> {
  const { store } = await openSwitchboard({ environment: home.environment });
  const document: VaultDocument = await store.read();
  for (const session of Object.values(document.sessions)) {
    for (const value of [
      session?.accessToken,
      session?.refreshToken,
      session?.idToken,
      session?.apiKey,
      session?.clientSecret,
      session?.aws?.secretAccessKey,
    ]) {
      if (value) secrets.add(value);
    }
  }
}

function fakeJwt(claims: Record<string, unknown>, signature: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.${signature}`;
}

beforeAll(async () => {
  // 60 s tokens: every `sb auth token openai` refreshes, so rotated tokens are in play too.
  server = await startOAuthServer({ confidentialClientSecret: clientSecret, accessTokenTtlSeconds: 60 });
  home = await createTestHome(
    `${signInConfig('openai', server)}\n[providers.azure.oauth]\nissuer = "${server.issuer}"\nscopes = ["api.read"]\n`,
  );
  const codexHome = join(home.environment.HOME!, '.codex');
  await mkdir(codexHome, { recursive: true });
  const exp = Math.floor(Date.now() / 1000) + 3600;
  await writeFile(
    join(codexHome, 'auth.json'),
    JSON.stringify({
      OPENAI_API_KEY: null,
      tokens: {
        id_token: fakeJwt({ iss: 'https://auth.openai.com', sub: 'u', email: 'ada@example.com', exp }, codexSignature),
        access_token: fakeJwt({ exp }, codexSignature),
        refresh_token: codexRefreshToken,
        account_id: 'acct-1',
      },
      last_refresh: new Date().toISOString(),
    }),
  );
});
afterAll(async () => {
  await home?.remove();
  await server?.close();
});

describe('canary secrets never leak into output, errors or logs', () => {
  it('runs every auth command with planted secrets', { timeout: 180_000 }, async () => {
    const imported = await sb(['auth', 'import', '--from', 'codex']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^✅ codex: imported ChatGPT sign-in/m);
    const again = await sb(['auth', 'import', '--from', 'codex', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: [], report: [{ source: 'codex', status: 'skipped' }] });
    await collectVaultSecrets();
    expect(secrets.size).toBeGreaterThan(5);

    expect((await sb(['auth', 'login', 'claude', '--with-api-key'], `${anthropicKey}\n`)).code).toBe(0);
    expect((await sb(['auth', 'login', 'mistral', '--with-api-key', '--json'], mistralKey)).code).toBe(0);
    expect(
      (await sb(['auth', 'login', 'azure', '--client-id', server.confidentialClientId, '--with-api-key'], clientSecret))
        .code,
    ).toBe(0);

    // A second ChatGPT session beside the imported one, made the one that serves.
    const login = startSb(['auth', 'login', 'openai', '--name', 'main', '--no-browser', '--json'], {
      environment: home.environment,
    });
    const openUrl = await login.nextJson((line) => line.event === 'open_url');
    await completeBrowserLogin(String(openUrl.url), { followCallback: true });
    outputs.push({ command: 'sb auth login openai --name main --no-browser --json', result: await login.result });
    await collectVaultSecrets();

    for (const args of [
      ['auth', 'switch', 'openai/main'],
      ['auth', 'status'],
      ['auth', 'status', '--json'],
      ['auth', 'status', 'openai'],
      ['auth', 'status', 'openai/main', '--json'],
      ['auth', 'switch', 'claude'],
      ['auth', 'switch', 'azure', '--json'],
      ['--help'],
      ['auth', 'login', '--help'],
    ]) {
      await sb(args);
    }
    // Errors that concern a secret: a key with whitespace, a pasted key where a TTY was expected.
    expect((await sb(['auth', 'login', 'mistral', '--with-api-key'], `${mistralKey} ${mistralKey}`)).code).toBe(2);
    expect((await sb(['auth', 'login', 'mistral'], mistralKey)).code).toBe(2);

    // `sb auth token` is where printing the secret is the point: each token it prints joins the canaries.
    for (const provider of ['openai', 'claude', 'mistral', 'azure']) {
      const token = await runSb(['auth', 'token', provider], { environment: home.environment });
      expect(token.code, token.stderr).toBe(0);
      expect(token.stderr).toBe('');
      secrets.add(token.stdout.trim());
    }
    expect(secrets).toContain(anthropicKey);
    expect(secrets).toContain(mistralKey);
    await collectVaultSecrets();

    // A terminal refresh failure (the grant was revoked): SESSION_EXPIRED, exit 3, no token in the message.
    server.setFault('token-invalid-grant');
    const expired = await sb(['auth', 'token', 'openai']);
    expect(expired.code).toBe(3);
    // Two ChatGPT sessions are stored: the command names the one that ended.
    expect(expired.stderr).toContain('sb auth login chatgpt --name main');
    server.setFault('none');
    const expiredJson = await sb(['auth', 'status', 'openai/main', '--json']);
    expect(expiredJson.code).toBe(3);

    expect((await sb(['auth', 'logout', '--all'])).code).toBe(0);
  });

  it('found no secret in stdout or stderr of any command but `sb auth token`', () => {
    expect(outputs.length).toBeGreaterThan(15);
    for (const { command, result } of outputs) {
      for (const secret of secrets) {
        expect(result.stdout.includes(secret), `${command} printed a secret on stdout`).toBe(false);
        expect(result.stderr.includes(secret), `${command} printed a secret on stderr`).toBe(false);
      }
    }
  });

  it('found no secret in the logs, nor in plaintext in the encrypted store', async () => {
    const logs = await home.readLogs();
    const store = await readFile(join(home.home, 'auth.json'), 'utf8');
    for (const secret of secrets) {
      expect(logs.includes(secret)).toBe(false);
      expect(store.includes(secret)).toBe(false);
    }
  });
});
