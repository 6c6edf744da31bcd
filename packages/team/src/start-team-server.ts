import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { join } from 'node:path';
import { createCatalog, createPaths, createProviderRegistry, loadConfig, resolveHome } from '@switchboard/core';
import { createGatewayLogger } from '@switchboard/server';
import { createTeamGateway } from './gateway/create-team-gateway.js';
import { createTeamRuntime } from './gateway/create-team-runtime.js';
import { createTeamUsageLog } from './usage/create-team-usage-log.js';
import { createPolicyStore } from './policy/create-policy-store.js';
import { createApiKeyStore } from './users/create-api-key-store.js';
import { createUserStore } from './users/create-user-store.js';
import type { Environment } from '@switchboard/core';
import { createCredentialStore } from './credentials/create-credential-store.js';
import { createTokenMinter } from './credentials/create-token-minter.js';
import { createCredentialChecker } from './credentials/create-credential-checker.js';
import { openTeamKeyring } from './credentials/open-team-keyring.js';
import { checkStoredCredentials } from './credentials/check-stored-credentials.js';
import { createTeamApp } from './app/create-team-app.js';
import { readAuthSecret } from './auth/read-auth-secret.js';
import { signInSettingsFrom } from './auth/sign-in-settings.js';
import { teamPublicUrl } from './auth/team-public-url.js';
import type { PrincipalResolver } from './app/principal.js';
import { migrateTeamDatabase } from './storage/migrate-team-database.js';
import { openTeamDatabase, teamDatabaseTarget } from './storage/open-team-database.js';
import type { TeamDatabase, TeamDatabaseTarget } from './storage/open-team-database.js';

/** The port `sb serve --team` listens on without `--port`. */
export const DEFAULT_TEAM_PORT = 4180;

/** Options of {@link startTeamServer}. */
export interface StartTeamServerOptions {
  /** Reads `SWITCHBOARD_HOME` and `DATABASE_URL`. */
  readonly environment: Environment;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to listen on (default 127.0.0.1; `0.0.0.0` behind a TLS proxy). */
  readonly host?: string;
  /** Overrides the database chosen from the environment (tests). */
  readonly database?: TeamDatabaseTarget;
  /**
   * The web app's public URL (passkeys are bound to its host). Default: `SWITCHBOARD_TEAM_URL`,
   * else `http://localhost:<port>` (a passkey's RP ID must be a name, never 127.0.0.1).
   */
  readonly publicUrl?: string;
  /** Reaches identity providers (tests: the testkit's OAuth server). */
  readonly fetch?: typeof globalThis.fetch;
  /** Who calls a request that carries no API key or session (tests). */
  readonly resolvePrincipal?: PrincipalResolver;
  readonly onUnexpectedError?: (error: unknown) => void;
  /** The built web app to serve at the public URL (`@switchboard/web`'s `dist/`); none: the API only. */
  readonly webRoot?: string;
  /** How often stored provider credentials are checked at their providers (default 6 hours). */
  readonly credentialCheckIntervalMs?: number;
}

/** A listening team server. */
export interface RunningTeamServer {
  readonly url: string;
  /** The public URL sign-in is bound to (enrollment links start with it). */
  readonly publicUrl: string;
  readonly port: number;
  readonly database: TeamDatabase;
  /** Migrations this start applied. */
  readonly migrationsApplied: readonly string[];
  close(): Promise<void>;
}

/** Opens and migrates the team database, then serves the team app. */
export async function startTeamServer(options: StartTeamServerOptions): Promise<RunningTeamServer> {
  const target = options.database ?? teamDatabaseTarget(options.environment, resolveHome(options.environment));
  const database = await openTeamDatabase(target);
  let applied: readonly string[];
  try {
    ({ applied } = await migrateTeamDatabase(database));
  } catch (error) {
    await database.close();
    throw error;
  }
  let keyring;
  let config;
  try {
    keyring = await openTeamKeyring(options.environment);
    // Provider API bases (and their overrides) come from the home's config.toml, as for `sb`.
    config = await loadConfig(createPaths(resolveHome(options.environment)).config);
  } catch (error) {
    await database.close();
    throw error;
  }
  const credentialStore = keyring
    ? createCredentialStore({
        db: database.db,
        keyring,
        // Vertex key files and Azure apps: tokens from Google and the configured Entra ID endpoint.
        minter: createTokenMinter({
          db: database.db,
          keyring,
          ...(config.providers.azure.oauth ? { azureOAuth: config.providers.azure.oauth } : {}),
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
      })
    : undefined;
  const registry = createProviderRegistry();
  const checkCredential = createCredentialChecker({ registry, config });
  const users = createUserStore({ db: database.db });
  const apiKeys = createApiKeyStore({ db: database.db });
  // The model endpoints' access log (never bodies or keys), beside the home's other logs.
  const gatewayLog = credentialStore
    ? createGatewayLogger({
        destination: { file: join(createPaths(resolveHome(options.environment)).logs, 'team-gateway.log') },
      })
    : undefined;
  const policyStore = createPolicyStore({ db: database.db });
  const raw = config.raw as Record<string, unknown>;
  const catalog = createCatalog({
    customModels: raw['models'],
    endpoints: raw['endpoints'],
    configPath: createPaths(resolveHome(options.environment)).config,
  });
  const usage = createTeamUsageLog({ db: database.db });
  const runtime = createTeamRuntime({
    catalog,
    credentials: credentialStore,
    policy: policyStore,
    config,
    registry,
    usageLog: usage,
  });
  const gateway = gatewayLog
    ? createTeamGateway({ keys: apiKeys, users, runtime, catalog, logger: gatewayLog.logger, policy: policyStore })
    : undefined;
  // The app is built once the port is known: with port 0, the public URL names the one chosen.
  let app: Awaited<ReturnType<typeof createTeamApp>> | undefined;
  const server = createAdaptorServer({
    fetch: (request: Request, env: unknown) =>
      app ? app.fetch(request, env as never) : new Response('Starting', { status: 503 }),
  }) as Server;
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  let publicUrl: string;
  try {
    publicUrl = teamPublicUrl(options.environment, (server.address() as AddressInfo).port, options.publicUrl);
    const settings = signInSettingsFrom(options.environment);
    app = createTeamApp({
      database,
      signIn: {
        publicUrl,
        ...settings,
        secret: await readAuthSecret(database.db),
        ...(keyring ? { keyring } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      },
      ...(options.resolvePrincipal ? { resolvePrincipal: options.resolvePrincipal } : {}),
      users,
      apiKeys,
      policyStore,
      models: { catalog, runtime },
      usage,
      ...(credentialStore ? { credentialStore } : {}),
      ...(gateway ? { gateway } : {}),
      checkCredential,
      ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
      ...(options.onUnexpectedError ? { onUnexpectedError: options.onUnexpectedError } : {}),
    });
  } catch (error) {
    server.close();
    await database.close();
    throw error;
  }
  // A credential revoked at its provider shows up as such between saves; never keeps the process alive.
  const checkTimer = credentialStore
    ? setInterval(
        () => void checkStoredCredentials(credentialStore, checkCredential).catch(() => undefined),
        options.credentialCheckIntervalMs ?? 6 * 3_600_000,
      ).unref()
    : undefined;
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    publicUrl,
    port,
    database,
    migrationsApplied: applied,
    close() {
      closing ??= (async () => {
        if (checkTimer) clearInterval(checkTimer);
        await gatewayLog?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await database.close();
      })();
      return closing;
    },
  };
}
