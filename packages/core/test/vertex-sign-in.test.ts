import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCloudHostsFetch,
  createHostMappingFetch,
  startFakeGoogleAuth,
  startFakeUpstream,
  type FakeGoogleAuth,
  type FakeUpstream,
} from '@switchboard/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createCatalog,
  createProviderRegistry,
  createRuntime,
  isSwitchboardError,
  loadConfig,
  openSwitchboard,
  type SwitchboardHome,
} from '../src/index.js';
import { ask, collect, textOf } from './runtime-fixtures.js';

let google: FakeGoogleAuth;
let upstream: FakeUpstream;
let network: typeof fetch;
const directories: string[] = [];

beforeAll(async () => {
  google = await startFakeGoogleAuth({ tokenLifetimeSeconds: 3600 });
  // Vertex accepts only the tokens Google issued: a token minted any other way is refused.
  upstream = await startFakeUpstream({ expectedCredentials: { vertex: (token) => google.isIssued(token) } });
  // The code under test addresses oauth2.googleapis.com and {location}-aiplatform.googleapis.com itself.
  network = createHostMappingFetch({ mappings: [google.mapping], fetch: createCloudHostsFetch(upstream) });
});
afterAll(async () => {
  await google.close();
  await upstream.close();
});
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

async function home(environment: Record<string, string> = {}, now?: () => number): Promise<SwitchboardHome> {
  const directory = await mkdtemp(join(tmpdir(), 'sb-vertex-'));
  directories.push(directory);
  await writeFile(
    join(directory, 'config.toml'),
    '[auth]\nstore = "file"\n\n[providers.vertex.settings]\nlocation = "europe-west4"\n',
  );
  return openSwitchboard({
    environment: { SWITCHBOARD_HOME: directory, HOME: directory, ...environment },
    fetch: network,
    ...(now ? { now } : {}),
  });
}

async function askVertex(sb: SwitchboardHome, environment: Record<string, string> = {}) {
  const runtime = createRuntime({
    catalog: createCatalog(),
    registry: createProviderRegistry(),
    config: await loadConfig(sb.paths.config),
    auth: sb.auth,
    environment: { ...environment },
    fetch: network,
  });
  return textOf(await collect(runtime.stream({ ...ask('gemini-2.5-pro', 'hi') })));
}

describe('Vertex sign-in with a service-account key (JWT-bearer through google-auth-library)', () => {
  it('signs in, stores the key encrypted, and a request reaches the regional host with the minted token', async () => {
    const account = google.createServiceAccount({ projectId: 'sa-project' });
    const sb = await home();
    const status = await sb.auth.login('vertex', { method: 'service-account', serviceAccountKey: account.keyFile });
    expect(status).toMatchObject({
      loggedIn: true,
      method: 'service-account',
      account: account.clientEmail,
      refreshable: true,
    });
    expect(google.requests().at(-1)).toMatchObject({ kind: 'jwt-bearer', account: account.clientEmail });

    expect(await askVertex(sb)).toContain('you said: hi');
    const request = upstream.lastRequest('vertex');
    expect(request?.headers['x-forwarded-host']).toBe('europe-west4-aiplatform.googleapis.com');
    // The project comes from the key file when neither config.toml nor the environment names one.
    expect(request?.path).toContain('/projects/sa-project/locations/europe-west4/');
    const vault = await readFile(sb.paths.authStore, 'utf8');
    expect(vault).not.toContain('PRIVATE KEY');
    expect(vault).not.toContain(account.clientEmail);
  });

  it('mints a new token once the old one is inside the refresh window', async () => {
    const account = google.createServiceAccount({ name: 'refresher' });
    let clock = Date.now();
    const sb = await home({}, () => clock);
    await sb.auth.login('vertex', { method: 'service-account', serviceAccountKey: account.keyFile });
    const first = await sb.auth.getCredential('vertex');
    clock += 58 * 60_000;
    const second = await sb.auth.getCredential('vertex');
    expect('accessToken' in second && 'accessToken' in first && second.accessToken !== first.accessToken).toBe(true);
    expect(google.requests().filter((entry) => entry.account === account.clientEmail)).toHaveLength(2);
  });

  it('answers a 401 from Vertex by minting a new token once and retrying', async () => {
    const account = google.createServiceAccount({ name: 'revoked-token' });
    const sb = await home();
    await sb.auth.login('vertex', { method: 'service-account', serviceAccountKey: account.keyFile });
    // Vertex no longer accepts the token Switchboard holds (as after a revocation).
    google.revokeAll();
    expect(await askVertex(sb)).toContain('you said: hi');
    expect(google.requests().filter((entry) => entry.account === account.clientEmail)).toHaveLength(2);
  });

  it('refuses a key Google does not know, saying so, and stores nothing', async () => {
    const elsewhere = await startFakeGoogleAuth();
    const stranger = elsewhere.createServiceAccount({ name: 'stranger' });
    await elsewhere.close();
    const sb = await home();
    const error = await sb.auth
      .login('vertex', { method: 'service-account', serviceAccountKey: stranger.keyFile })
      .catch((caught: unknown) => caught);
    expect(isSwitchboardError(error) && error.code).toBe('AUTH_FAILED');
    expect((error as Error).message).toMatch(/Google refused the service-account key of stranger@.*invalid_grant/);
    expect((error as Error).message).not.toContain('PRIVATE KEY');
    expect((await sb.auth.statusOf('vertex')).loggedIn).toBe(false);
  });

  it('refuses a file that is not a service-account key, without quoting it', async () => {
    const sb = await home();
    const user = google.createAuthorizedUser();
    for (const [text, reason] of [
      ['not json', /not JSON/],
      [user.adcFile, /gcloud user credentials.*--method adc/],
      [
        JSON.stringify({
          type: 'service_account',
          client_email: 'a@b.test',
          private_key: '-----BEGIN PRIVATE KEY-----\nxx',
        }),
        /not a readable PEM key/,
      ],
    ] as const) {
      const error = await sb.auth
        .login('vertex', { method: 'service-account', serviceAccountKey: text })
        .catch((caught: unknown) => caught);
      expect(isSwitchboardError(error) && error.code).toBe('INVALID_INPUT');
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).not.toContain(user.refreshToken);
    }
  });
});

describe('Vertex sign-in with Application Default Credentials', () => {
  it('uses the key file GOOGLE_APPLICATION_CREDENTIALS names, storing no secret', async () => {
    const account = google.createServiceAccount({ name: 'adc-key', projectId: 'adc-project' });
    const directory = await mkdtemp(join(tmpdir(), 'sb-adc-'));
    directories.push(directory);
    const keyPath = join(directory, 'key.json');
    await writeFile(keyPath, account.keyFile);
    const environment = { GOOGLE_APPLICATION_CREDENTIALS: keyPath };
    const sb = await home(environment);
    const status = await sb.auth.login('vertex', { method: 'adc' });
    expect(status).toMatchObject({ method: 'adc', account: account.clientEmail });
    expect(await askVertex(sb, environment)).toContain('you said: hi');
    expect(upstream.lastRequest('vertex')?.path).toContain('/projects/adc-project/');
    expect(await readFile(sb.paths.authStore, 'utf8')).not.toContain('PRIVATE KEY');
  });

  it('uses gcloud’s application-default file (authorized user, refresh_token grant)', async () => {
    const user = google.createAuthorizedUser({ quotaProjectId: 'quota-project' });
    const gcloud = await mkdtemp(join(tmpdir(), 'sb-gcloud-'));
    directories.push(gcloud);
    await writeFile(join(gcloud, 'application_default_credentials.json'), user.adcFile);
    const environment = { CLOUDSDK_CONFIG: gcloud };
    const sb = await home(environment);
    const status = await sb.auth.login('vertex', { method: 'adc' });
    expect(status).toMatchObject({ method: 'adc', account: 'gcloud application-default credentials' });
    expect(google.requests().at(-1)).toMatchObject({ kind: 'refresh_token' });
    expect(await askVertex(sb, environment)).toContain('you said: hi');
    expect(upstream.lastRequest('vertex')?.path).toContain('/projects/quota-project/');
  });

  it('says how to set ADC up when GOOGLE_APPLICATION_CREDENTIALS names a missing file', async () => {
    const sb = await home({ GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/key.json' });
    const error = await sb.auth.login('vertex', { method: 'adc' }).catch((caught: unknown) => caught);
    expect(isSwitchboardError(error) && error.code).toBe('INVALID_CONFIG');
    expect((error as Error).message).toBe(
      'GOOGLE_APPLICATION_CREDENTIALS names /nonexistent/key.json, but it does not exist.',
    );
  });
});
