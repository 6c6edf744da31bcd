import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createTestCertificateAuthority,
  startFakeAwsSso,
  startInterceptingProxy,
  type FakeAwsSso,
  type InterceptingProxy,
} from '@switchboard/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamHome, type UpstreamHome } from './helpers/fake-upstream-home.js';

// The AWS SDK's own credential chain, in a real sb process: environment variables, a profile
// of the shared files, an SSO profile whose portal is reached only through a corporate proxy.
const CANARY = 'AWSCHAINCANARY9c41';
const secrets: Record<string, string> = {
  ASIAENVIRONMENT00001: `env-secret-${CANARY}-1`,
  AKIAPROFILEWORK00001: `profile-secret-${CANARY}-2`,
};
const ONLY_BEDROCK = '[routing]\nprefer = ["bedrock"]\nfallback = false';

let sso: FakeAwsSso;
let proxy: InterceptingProxy;
let caPem: string;
const homes: UpstreamHome[] = [];

beforeAll(async () => {
  const ca = createTestCertificateAuthority();
  caPem = ca.certificatePem;
  sso = await startFakeAwsSso({ secrets });
  proxy = await startInterceptingProxy({ ca, hosts: { 'portal.sso.us-east-1.amazonaws.com': sso.port } });
});
afterAll(async () => {
  await Promise.all([proxy?.close(), sso?.close()]);
});
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.close()));
});

async function awsHome(files: { config?: string; credentials?: string; ssoCache?: [string, string] } = {}) {
  // The fake Bedrock knows every secret the environment, the files and the SSO portal hand out.
  const home = await createUpstreamHome(ONLY_BEDROCK, {
    awsSecretAccessKeys: secrets,
    expectedCredentials: { bedrock: (accessKeyId) => accessKeyId in secrets },
  });
  homes.push(home);
  const aws = join(home.home.environment.HOME!, '.aws');
  await mkdir(join(aws, 'sso', 'cache'), { recursive: true });
  if (files.config) await writeFile(join(aws, 'config'), files.config);
  if (files.credentials) await writeFile(join(aws, 'credentials'), files.credentials);
  if (files.ssoCache) await writeFile(join(aws, 'sso', 'cache', files.ssoCache[0]), files.ssoCache[1]);
  const caFile = join(home.home.home, 'ca.pem');
  await writeFile(caFile, caPem);
  // No instance metadata probing on a machine that is not in AWS.
  const base = { AWS_EC2_METADATA_DISABLED: 'true', HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: caFile };
  return {
    home,
    sb: (args: string[], environment: Record<string, string> = {}) =>
      home.sb(args, { environment: { ...base, ...environment } }),
  };
}

async function expectNoLeak(home: UpstreamHome) {
  const output = home.results.map((result) => result.stdout + result.stderr).join('\n');
  expect(output).not.toContain(CANARY);
  expect(await readFile(join(home.home.home, 'auth.json'), 'utf8')).not.toContain(CANARY);
  expect(await home.home.readLogs()).not.toContain(CANARY);
}

describe('sb auth login bedrock --method aws without keys: the AWS credential chain', () => {
  it('uses temporary credentials from the environment (session token included), copying none', async () => {
    const { home, sb } = await awsHome();
    const environment = {
      AWS_ACCESS_KEY_ID: 'ASIAENVIRONMENT00001',
      AWS_SECRET_ACCESS_KEY: secrets['ASIAENVIRONMENT00001']!,
      AWS_SESSION_TOKEN: `session-${CANARY}`,
    };
    const login = await sb(['auth', 'login', 'bedrock', '--method', 'aws'], environment);
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const answer = await sb(['ask', '--model', 'claude-sonnet-4-5', 'hi'], environment);
    expect(answer.stderr).toBe('');
    expect(answer.stdout).toContain('you said: hi');
    expect(home.upstream.lastRequest('bedrock')?.headers['x-amz-security-token']).toBe(`session-${CANARY}`);
    await expectNoLeak(home);
  });

  it('uses a named profile of the shared credentials file (--profile)', async () => {
    const { home, sb } = await awsHome({
      credentials: `[work]\naws_access_key_id = AKIAPROFILEWORK00001\naws_secret_access_key = ${secrets['AKIAPROFILEWORK00001']}\n`,
    });
    const login = await sb(['auth', 'login', 'bedrock', '--method', 'aws', '--profile', 'work']);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('profile work');
    const answer = await sb(['ask', '--model', 'claude-sonnet-4-5', 'hello']);
    expect(answer.stdout).toContain('you said: hello');
    expect(home.upstream.lastRequest('bedrock')?.headers['authorization']).toContain(
      'Credential=AKIAPROFILEWORK00001/',
    );
    await expectNoLeak(home);
  });

  it('uses an SSO profile: role credentials from the portal, reached through the proxy', async () => {
    const login = sso.login({ profile: 'sso-dev' });
    const { home, sb } = await awsHome({
      config: login.configSection,
      ssoCache: [login.cacheFileName, login.cacheFile],
    });
    const result = await sb(['auth', 'login', 'bedrock', '--method', 'aws', '--profile', 'sso-dev']);
    expect(result.code, result.stderr).toBe(0);
    const answer = await sb(['ask', '--model', 'claude-sonnet-4-5', 'via sso']);
    expect(answer.stdout).toContain('you said: via sso');
    expect(sso.calls().at(-1)).toMatchObject({ accountId: '111122223333', roleName: 'BedrockUser', status: 200 });
    expect(proxy.exchanges()).toContainEqual(
      expect.objectContaining({ kind: 'connect', host: 'portal.sso.us-east-1.amazonaws.com' }),
    );
    expect(home.upstream.lastRequest('bedrock')?.headers['authorization']).toMatch(/Credential=ASIA/);
  });

  it('an expired SSO login says to run aws sso login for that profile', async () => {
    const login = sso.login({ profile: 'sso-stale', expired: true });
    const { sb } = await awsHome({ config: login.configSection, ssoCache: [login.cacheFileName, login.cacheFile] });
    const result = await sb(['auth', 'login', 'bedrock', '--method', 'aws', '--profile', 'sso-stale']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/aws sso login --profile sso-stale/);
  });

  it('with no credentials anywhere, says where the chain looked and how to fix it', async () => {
    const { sb } = await awsHome();
    const result = await sb(['auth', 'login', 'bedrock', '--method', 'aws']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/No AWS credentials found/);
    expect(result.stderr).toMatch(/aws configure|aws sso login/);
  });
});
