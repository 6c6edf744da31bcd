import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createTestCertificateAuthority,
  startFakeGoogleAuth,
  startFakeUpstream,
  startInterceptingProxy,
  type FakeGoogleAuth,
  type FakeUpstream,
  type InterceptingProxy,
} from '@switchboard/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSb, type SbResult } from './helpers/sb-process.js';
import { createTestHome, type TestHome } from './helpers/switchboard-home.js';

// google-auth-library sends its token requests to https://oauth2.googleapis.com/token, a name
// fixed in the library: here the only way there is an intercepting proxy with its own CA, so the
// sign-in also proves the library's calls go through Switchboard's proxy and CA settings.
let google: FakeGoogleAuth;
let upstream: FakeUpstream;
let proxy: InterceptingProxy;
let caFile: string;
let caHome: TestHome;
const homes: TestHome[] = [];
const results: SbResult[] = [];

beforeAll(async () => {
  const ca = createTestCertificateAuthority();
  google = await startFakeGoogleAuth();
  upstream = await startFakeUpstream({ expectedCredentials: { vertex: (token) => google.isIssued(token) } });
  proxy = await startInterceptingProxy({ ca, hosts: { 'oauth2.googleapis.com': Number(new URL(google.url).port) } });
  caHome = await createTestHome();
  caFile = join(caHome.home, 'corporate-ca.pem');
  await writeFile(caFile, ca.certificatePem);
});
afterAll(async () => {
  await Promise.all([proxy?.close(), upstream?.close(), google?.close(), caHome?.remove()]);
});
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.remove()));
});

async function vertexHome(environment: Record<string, string> = {}) {
  // Vertex itself is the fake upstream on loopback (never proxied); the token endpoint is not.
  const home = await createTestHome(
    `[providers.vertex]\napi_base = "${upstream.baseUrls.vertex}/v1"\n\n[providers.vertex.settings]\nlocation = "us-central1"\n`,
  );
  homes.push(home);
  const env = { ...home.environment, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: caFile, ...environment };
  const sb = async (args: string[], input?: string) => {
    const result = await runSb(args, { environment: env, ...(input === undefined ? {} : { input }) });
    results.push(result);
    return result;
  };
  return { home, sb };
}

/** A line of the key's base64 body: if any of it shows up anywhere, the key leaked. */
function keyCanary(privateKeyPem: string): string {
  return privateKeyPem.split('\n')[5]!;
}

describe('sb auth login vertex (real sb process, token endpoint behind a corporate proxy)', () => {
  it('signs in with a service-account key file, answers through Vertex, and never shows the key', async () => {
    const account = google.createServiceAccount({ name: 'e2e', projectId: 'fake-project' });
    const { home, sb } = await vertexHome();
    const keyPath = join(home.home, '..', 'key.json');
    await writeFile(keyPath, account.keyFile);

    const login = await sb(['auth', 'login', 'vertex', '--method', 'service-account', '--key-file', keyPath]);
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(account.clientEmail);
    expect(proxy.exchanges()).toContainEqual(
      expect.objectContaining({ kind: 'connect', host: 'oauth2.googleapis.com' }),
    );

    const answer = await sb(['ask', '--model', 'gemini-2.5-pro', 'hi']);
    expect(answer.stderr).toBe('');
    expect(answer.stdout).toContain('you said: hi');
    const status = JSON.parse((await sb(['auth', 'status', 'vertex', '--json'])).stdout) as {
      providers: Record<string, unknown>[];
    };
    expect(status.providers[0]).toMatchObject({
      loggedIn: true,
      method: 'service-account',
      account: account.clientEmail,
    });

    const canary = keyCanary(account.privateKeyPem);
    for (const result of results) expect(result.stdout + result.stderr).not.toContain(canary);
    expect(await readFile(join(home.home, 'auth.json'), 'utf8')).not.toContain(canary);
    expect(await home.readLogs()).not.toContain(canary);
  });

  it('says what is wrong with a file that is not a key, in one line, and exits 2', async () => {
    const { home, sb } = await vertexHome();
    const path = join(home.home, '..', 'not-a-key.json');
    await writeFile(path, google.createAuthorizedUser().adcFile);
    const result = await sb(['auth', 'login', 'vertex', '--method', 'service-account', '--key-file', path]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')[0]).toMatch(
      /not a Google service-account key file: it holds gcloud user credentials/,
    );
    const missing = await sb([
      'auth',
      'login',
      'vertex',
      '--method',
      'service-account',
      '--key-file',
      '/nonexistent.json',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read the key file \/nonexistent\.json \(ENOENT\)/);
  });

  it('signs in with Application Default Credentials from the metadata server (GCE, Cloud Run)', async () => {
    const account = google.createServiceAccount({ name: 'instance', projectId: 'fake-project' });
    google.enableMetadataServer(account);
    // As docs/network.md says: behind a proxy, the metadata server belongs in NO_PROXY (the
    // library's metadata client reads the proxy variables itself).
    const { sb } = await vertexHome({ GCE_METADATA_HOST: google.metadataHost, NO_PROXY: '127.0.0.1' });
    const login = await sb(['auth', 'login', 'vertex', '--method', 'adc', '--json']);
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout.trim())).toMatchObject({ event: 'logged_in', provider: 'vertex', method: 'adc' });
    const answer = await sb(['ask', '--model', 'gemini-2.5-pro', 'from gce']);
    expect(answer.stdout).toContain('you said: from gce');
    expect(google.requests()).toContainEqual(
      expect.objectContaining({
        kind: 'metadata',
        path: '/computeMetadata/v1/instance/service-accounts/default/token',
      }),
    );
    expect(google.requests().filter((request) => request.kind === 'metadata' && request.refusal)).toEqual([]);
  });

  it('without any Application Default Credentials, says how to set them up', async () => {
    const { sb } = await vertexHome({ METADATA_SERVER_DETECTION: 'none' });
    const result = await sb(['auth', 'login', 'vertex', '--method', 'adc']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/No Application Default Credentials found/);
    expect(result.stderr).toMatch(/gcloud auth application-default login/);
  });
});
