import { randomBytes } from 'node:crypto';
import { createCatalog, parseSecretKeyring, resolveConfig, type StreamEvent } from '@switchboard/core';
import {
  createCloudHostsFetch,
  createHostMappingFetch,
  startFakeGoogleAuth,
  startFakeUpstream,
  startOAuthServer,
  type FakeGoogleAuth,
  type FakeUpstream,
  type OAuthServer,
} from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCredentialChecker,
  createCredentialStore,
  createPolicyStore,
  createTeamApp,
  createTeamRuntime,
  createTokenMinter,
  migrateTeamDatabase,
  type Principal,
  type TeamDatabase,
} from '../src/index.js';
import { createProviderRegistry } from '@switchboard/core';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './test-databases.js';

const ADMIN: Principal = { userId: 'u-admin', role: 'admin', method: 'passkey' };

let google: FakeGoogleAuth;
let entra: OAuthServer;
let upstream: FakeUpstream;
let network: typeof fetch;
beforeAll(async () => {
  google = await startFakeGoogleAuth({ tokenLifetimeSeconds: 3600 });
  entra = await startOAuthServer();
  upstream = await startFakeUpstream({
    expectedCredentials: {
      // Vertex takes only tokens Google issued; Azure, never the app's secret itself.
      vertex: (token) => google.isIssued(token),
      azure: (token) => token.length > 20 && token !== entra.confidentialClientSecret,
    },
  });
  // The code under test addresses oauth2.googleapis.com and the regional Vertex host itself.
  network = createHostMappingFetch({ mappings: [google.mapping], fetch: createCloudHostsFetch(upstream) });
});
afterAll(async () => {
  await Promise.all([google?.close(), entra?.close(), upstream?.close()]);
});

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const all: StreamEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe.each(DATABASE_KINDS)('enterprise credentials of the workspace on %s', (kind) => {
  let test: TestDatabase;
  let databases: TeamDatabase[];
  const keyring = parseSecretKeyring(`1:${randomBytes(32).toString('base64')}`, 'test');
  const config = resolveConfig({
    providers: {
      azure: {
        api_base: '',
        oauth: { token_endpoint: '', client_id: 'unused', scopes: ['api.read'] },
      },
      vertex: { settings: { location: 'europe-west4' } },
    },
  });
  const storeOn = (database: TeamDatabase) =>
    createCredentialStore({
      db: database.db,
      keyring,
      minter: createTokenMinter({
        db: database.db,
        keyring,
        azureOAuth: { ...config.providers.azure.oauth!, tokenEndpoint: entra.endpoints.token },
        fetch: network,
      }),
    });
  const appOn = (database: TeamDatabase) =>
    createTeamApp({
      database,
      resolvePrincipal: async () => ADMIN,
      credentialStore: storeOn(database),
      checkCredential: createCredentialChecker({
        registry: createProviderRegistry(),
        config: {
          providers: {
            ...config.providers,
            azure: { ...config.providers.azure, apiBase: upstream.baseUrls.azure },
          },
        },
        fetch: network,
      }),
    });
  const put = (database: TeamDatabase, provider: string, body: unknown) =>
    appOn(database).request(`/api/admin/credentials/${provider}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    databases = [await test.open(), await test.open()];
    await migrateTeamDatabase(databases[0]!);
  });
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.close()));
    await test.drop();
  });

  it('keeps a Vertex service-account key: checked by getting a token, sealed, served with minted tokens', async () => {
    const account = google.createServiceAccount({ projectId: 'team-project' });
    const saved = await put(databases[0]!, 'vertex', { method: 'service-account', serviceAccountKey: account.keyFile });
    const text = await saved.text();
    expect(saved.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ credential: { method: 'service-account', scope: 'workspace' } });
    expect(text).not.toContain('PRIVATE KEY');
    // A key Google does not know is refused before anything is stored.
    const stranger = (await startFakeGoogleAuth()).createServiceAccount();
    const refused = await put(databases[0]!, 'vertex', {
      method: 'service-account',
      serviceAccountKey: stranger.keyFile,
    });
    expect(refused.status).toBe(422);
    const notAKey = await put(databases[0]!, 'vertex', { method: 'service-account', serviceAccountKey: '{"x":1}' });
    expect(notAKey.status).toBe(400);

    const runtime = createTeamRuntime({
      catalog: createCatalog(),
      credentials: storeOn(databases[1]!),
      policy: createPolicyStore({ db: databases[1]!.db }),
      config,
      fetch: network,
    });
    const events = await collect(
      runtime.stream({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }], credentialContext: {} }),
    );
    expect(events[0]).toMatchObject({ type: 'start', route: { provider: 'vertex', method: 'service-account' } });
    const sent = upstream.lastRequest('vertex');
    expect(google.isIssued(sent?.credential ?? '')).toBe(true);
    expect(sent?.path).toContain('/projects/team-project/');
  });

  it('keeps an Azure app: its client credentials get one token, minted once for every instance', async () => {
    const wrong = await put(databases[0]!, 'azure', {
      method: 'client-credentials',
      clientId: entra.confidentialClientId,
      clientSecret: 'not-the-secret-0000',
    });
    expect(wrong.status).toBe(422);
    const saved = await put(databases[0]!, 'azure', {
      method: 'client-credentials',
      clientId: entra.confidentialClientId,
      clientSecret: entra.confidentialClientSecret,
    });
    expect(saved.status).toBe(200);
    const text = await saved.text();
    expect(text).not.toContain(entra.confidentialClientSecret);

    // Two instances (each its own connection and minter) ask for the workspace's Azure token at once
    // — on PostgreSQL; SQLite has one server process, whose requests share one minting.
    const before = entra.grantsServed().client_credentials;
    const stores = kind === 'postgres' ? databases.map(storeOn) : [storeOn(databases[0]!)];
    const credentials = await Promise.all(
      Array.from({ length: 12 }, (_, index) => stores[index % stores.length]!.read({ scope: 'workspace' }, 'azure')),
    );
    expect(entra.grantsServed().client_credentials - before).toBe(1);
    const tokens = new Set(credentials.map((credential) => (credential as { accessToken: string }).accessToken));
    expect(tokens.size).toBe(1);
    expect(await entra.isTokenActive([...tokens][0]!)).toBe(true);
    // The shared token is sealed in the database, never in clear.
    const rows = await databases[0]!.db.selectFrom('credential_token').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain([...tokens][0]!);
  });
});
