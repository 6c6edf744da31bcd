import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  completeDeviceLogin,
  createTestCertificateAuthority,
  defaultAnswerText,
  genericOAuthToml,
  installFakeClaude,
  startFakeUpstream,
  startInterceptingProxy,
  startOAuthServer,
  type FakeUpstream,
  type InterceptingProxy,
  type OAuthServer,
} from '@switchboard/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSb, startSb, type SbResult } from './helpers/sb-process.js';
import { createTestHome, type TestHome } from './helpers/switchboard-home.js';

// A corporate network in miniature: the OAuth server and the provider upstreams are named
// *.test (names that do not resolve), and the only way to them is an HTTPS-intercepting proxy
// that asks for credentials and presents certificates from its own CA.
const PROXY_PASSWORD = 'PROXYCANARY5d1f0c9a';
const API_CANARY = 'NETCANARY77e2b1';
const OPENAI_HOST = 'api.openai.test';
const ANTHROPIC_HOST = 'api.anthropic.test';
const AUTH_ORIGIN = 'https://auth.test';

let oauth: OAuthServer;
let upstream: FakeUpstream;
let proxy: InterceptingProxy;
let proxyUrl: string;
let caFile: string;
let caHome: TestHome;
const homes: TestHome[] = [];
const results: SbResult[] = [];

beforeAll(async () => {
  const ca = createTestCertificateAuthority();
  // Access tokens shorter than the 5-minute refresh window: the next use refreshes.
  [oauth, upstream] = await Promise.all([
    startOAuthServer({ publicOrigin: AUTH_ORIGIN, accessTokenTtlSeconds: 120 }),
    startFakeUpstream(),
  ]);
  proxy = await startInterceptingProxy({
    ca,
    credentials: { username: 'corp-user', password: PROXY_PASSWORD },
    hosts: { 'auth.test': oauth.port, [OPENAI_HOST]: upstream.port, [ANTHROPIC_HOST]: upstream.port },
  });
  const url = new URL(proxy.url);
  url.username = 'corp-user';
  url.password = PROXY_PASSWORD;
  proxyUrl = url.href;
  caHome = await createTestHome();
  caFile = join(caHome.home, 'corporate-ca.pem');
  await writeFile(caFile, ca.certificatePem);
});

afterAll(async () => {
  await Promise.all([proxy?.close(), upstream?.close(), oauth?.close()]);
  await caHome?.remove();
});

afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.remove()));
});

/** The fake upstream's base path for a provider, under a hostname only the proxy knows. */
function behindProxy(base: string, host: string): string {
  const url = new URL(base);
  return `https://${host}${url.pathname}`;
}

const PROVIDERS_TOML = () =>
  [
    `[providers.openai]\napi_base = "${behindProxy(upstream.baseUrls.openai, OPENAI_HOST)}"`,
    `[providers.anthropic]\napi_base = "${behindProxy(upstream.baseUrls.anthropic, ANTHROPIC_HOST)}"`,
    genericOAuthToml('google', { issuer: AUTH_ORIGIN, publicClientId: oauth.publicClientId }),
  ].join('\n\n');

async function corporateHome(extraConfig = '', environment: Record<string, string> = {}) {
  const home = await createTestHome(`${extraConfig}\n\n${PROVIDERS_TOML()}`);
  homes.push(home);
  const env = { ...home.environment, HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: caFile, ...environment };
  const sb = async (args: string[], input?: string) => {
    const result = await runSb(args, { environment: env, ...(input === undefined ? {} : { input }) });
    results.push(result);
    return result;
  };
  return { home, env, sb };
}

const tunnelsTo = (host: string) =>
  proxy.exchanges().filter((exchange) => exchange.kind === 'connect' && exchange.host === host && exchange.path);

describe('behind an HTTPS-intercepting proxy that is the only way out', () => {
  it('signs in by the device flow and refreshes, every request through the proxy', async () => {
    const { env, sb } = await corporateHome();
    const login = startSb(['auth', 'login', 'google', '--method', 'device', '--json'], { environment: env });
    const code = await login.nextJson((line) => line.event === 'device_code');
    expect(String(code.verification_uri)).toMatch(/^https:\/\/auth\.test\//);
    // The person's browser is not Switchboard: it reaches the server directly.
    await completeDeviceLogin(
      String(code.verification_uri).replace(AUTH_ORIGIN, oauth.loopbackOrigin),
      String(code.user_code),
      {
        login: 'ada',
      },
    );
    const result = await login.result;
    results.push(result);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(tunnelsTo('auth.test').map((exchange) => exchange.path)).toEqual(
      expect.arrayContaining(['/device/auth', '/token']),
    );

    const refreshesBefore = oauth.grantsServed().refresh_token;
    const token = await sb(['auth', 'token', 'google']);
    expect(token.stderr).toBe('');
    expect(token.code).toBe(0);
    expect(oauth.grantsServed().refresh_token).toBe(refreshesBefore + 1);
    expect(await oauth.isTokenActive(token.stdout.trim())).toBe(true);
  });

  it('answers `sb ask` on an OpenAI and an Anthropic route through the proxy', async () => {
    const { sb } = await corporateHome();
    expect((await sb(['auth', 'login', 'openai', '--with-api-key'], `sk-${API_CANARY}-openai\n`)).code).toBe(0);
    expect((await sb(['auth', 'login', 'anthropic', '--with-api-key'], `sk-ant-${API_CANARY}\n`)).code).toBe(0);
    const openaiTunnels = tunnelsTo(OPENAI_HOST).length;
    const anthropicTunnels = tunnelsTo(ANTHROPIC_HOST).length;

    const openai = await sb(['ask', '--model', 'gpt-5-mini', 'hello', 'proxy']);
    expect(openai.stderr).toBe('');
    expect(openai.stdout).toBe(
      `${defaultAnswerText('openai', upstream.lastRequest('openai')!.model!, 'hello proxy')}\n`,
    );
    const anthropic = await sb(['ask', '--model', 'claude-opus-4-1', 'hi', 'there']);
    expect(anthropic.stderr).toBe('');
    expect(anthropic.stdout).toBe(
      `${defaultAnswerText('anthropic', upstream.lastRequest('anthropic')!.model!, 'hi there')}\n`,
    );
    expect(tunnelsTo(OPENAI_HOST).length).toBeGreaterThan(openaiTunnels);
    expect(tunnelsTo(ANTHROPIC_HOST).length).toBeGreaterThan(anthropicTunnels);
  });

  it('trusts a CA bundle set in config.toml ([network] ca_file, relative to it) as it trusts NODE_EXTRA_CA_CERTS', async () => {
    // A relative ca_file is read from config.toml's directory.
    const { env, home } = await corporateHome('[network]\nca_file = "corporate-ca.pem"');
    await writeFile(join(home.home, 'corporate-ca.pem'), await readFile(caFile));
    const environment = { ...env };
    delete (environment as Record<string, string | undefined>).NODE_EXTRA_CA_CERTS;
    const login = await runSb(['auth', 'login', 'anthropic', '--with-api-key'], { environment, input: 'sk-ant-x\n' });
    expect(login.code).toBe(0);
    const result = await runSb(['ask', '--model', 'claude-opus-4-1', 'ca', 'file'], { environment });
    results.push(result);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it("without the proxy's CA, fails with one clear line naming the certificate problem", async () => {
    const { env } = await corporateHome();
    const environment = { ...env };
    delete (environment as Record<string, string | undefined>).NODE_EXTRA_CA_CERTS;
    await runSb(['auth', 'login', 'anthropic', '--with-api-key'], { environment, input: 'sk-ant-x\n' });
    const ask = await runSb(['ask', '--model', 'claude-opus-4-1', 'hi'], { environment });
    const login = await runSb(['auth', 'login', 'google', '--method', 'device', '--json'], { environment });
    results.push(ask, login);
    expect(ask.code).toBe(1);
    expect(ask.stderr).toMatch(
      /^sb: Cannot verify the TLS certificate of api\.anthropic\.test through the proxy http:\/\/corp-user:\*\*\*@127\.0\.0\.1:\d+ \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_\w+)[^\n]*NODE_EXTRA_CA_CERTS[^\n]*\n$/,
    );
    expect(login.code).toBe(1);
    expect(login.stdout).toContain('Cannot verify the TLS certificate of auth.test');
    for (const result of [ask, login]) expect(result.stdout + result.stderr).not.toMatch(/bug/i);
  });

  it('connects directly to NO_PROXY hosts, and never sends loopback through the proxy', async () => {
    const { sb } = await corporateHome('', { NO_PROXY: `localhost,${ANTHROPIC_HOST}`, HTTP_PROXY: proxyUrl });
    await sb(['auth', 'login', 'anthropic', '--with-api-key'], 'sk-ant-x\n');
    const before = tunnelsTo(ANTHROPIC_HOST).length;
    const bypassed = await sb(['ask', '--model', 'claude-opus-4-1', 'hi']);
    // Directly, the name does not resolve: proof the proxy was skipped.
    expect(bypassed.code).toBe(1);
    expect(tunnelsTo(ANTHROPIC_HOST).length).toBe(before);

    const { sb: loopbackSb } = await corporateHome(`[providers.mistral]\napi_base = "${upstream.baseUrls.mistral}"`, {
      HTTP_PROXY: proxyUrl,
      NO_PROXY: '',
    });
    await loopbackSb(['auth', 'login', 'mistral', '--with-api-key'], 'mistral-key\n');
    const seen = proxy.exchanges().length;
    const local = await loopbackSb(['ask', '--model', 'mistral-large-3', 'local']);
    expect(local.stderr).toBe('');
    expect(local.code).toBe(0);
    expect(proxy.exchanges().length).toBe(seen);
  });

  it('reports a wrong proxy password as a 407 in one line, without the password', async () => {
    const wrong = new URL(proxyUrl);
    wrong.password = `${PROXY_PASSWORD}-wrong`;
    const { sb } = await corporateHome('', { HTTPS_PROXY: wrong.href });
    await sb(['auth', 'login', 'anthropic', '--with-api-key'], 'sk-ant-x\n');
    const result = await sb(['ask', '--model', 'claude-opus-4-1', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^sb: The proxy http:\/\/corp-user:\*\*\*@127\.0\.0\.1:\d+ answered HTTP 407 for api\.anthropic\.test/,
    );
  });

  it('the gateway (sb serve --local) passes requests through the proxy to the upstream', async () => {
    const { env, sb, home } = await corporateHome();
    await sb(['auth', 'login', 'openai', '--with-api-key'], `sk-${API_CANARY}-gw\n`);
    const token = (await sb(['serve', '--print-token'])).stdout.trim();
    const serve = startSb(['serve', '--local', '--port', '0', '--json'], { environment: env });
    try {
      const listening = await serve.nextJson((line) => line.event === 'listening');
      const before = tunnelsTo(OPENAI_HOST).length;
      const response = await fetch(`${String(listening.url)}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'through the gateway' }] }),
      });
      const body = (await response.json()) as { choices?: { message?: { content?: string } }[] };
      expect(response.status).toBe(200);
      expect(body.choices?.[0]?.message?.content).toContain('through the gateway');
      expect(tunnelsTo(OPENAI_HOST).length).toBeGreaterThan(before);
      const logs = await home.readLogs();
      expect(logs).not.toContain(PROXY_PASSWORD);
    } finally {
      serve.child.kill('SIGINT');
      results.push(await serve.result);
    }
  });

  it("hands the vendor CLI (claude-code bridge) the proxy, loopback in NO_PROXY and the config's CA file", async () => {
    const claude = await installFakeClaude(join(caHome.home, 'bin'));
    const record = join(caHome.home, `claude-${Date.now()}.jsonl`);
    const { sb, home } = await corporateHome(`[network]\nca_file = "${caFile}"`, {
      SWITCHBOARD_CLAUDE_COMMAND: claude,
      FAKE_CLAUDE_RECORD_FILE: record,
      NODE_EXTRA_CA_CERTS: '',
      NO_PROXY: 'corp.test',
    });
    // Claude Code's own record of a signed-in account (what `sb` checks before using the CLI).
    await writeFile(
      join(home.environment.HOME!, '.claude.json'),
      JSON.stringify({ oauthAccount: { emailAddress: 'ada@example.test' } }),
    );
    expect((await sb(['auth', 'login', 'claude', '--method', 'claude-code'])).code).toBe(0);
    const result = await sb(['ask', '--model', 'claude-opus-4-1', 'hello', 'bridge']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('you said: hello bridge');
    const runs = (await readFile(record, 'utf8')).trim().split('\n');
    expect(JSON.parse(runs.at(-1)!).network).toEqual({
      HTTPS_PROXY: 'set',
      https_proxy: null,
      NO_PROXY: 'corp.test,localhost,127.0.0.1,::1',
      no_proxy: 'corp.test,localhost,127.0.0.1,::1',
      NODE_EXTRA_CA_CERTS: caFile,
    });
  });

  afterAll(() => {
    // Canary: the proxy password and the API keys never reach any output.
    const everything = results.map((result) => result.stdout + result.stderr).join('\n');
    expect(everything).not.toContain(PROXY_PASSWORD);
    expect(everything).not.toContain(API_CANARY);
  });
});
