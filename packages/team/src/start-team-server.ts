import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { resolveHome } from '@switchboard/core';
import type { Environment } from '@switchboard/core';
import { createTeamApp } from './app/create-team-app.js';
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
  /** Who calls each request; until sign-in is configured, everyone is anonymous. */
  readonly resolvePrincipal?: PrincipalResolver;
  readonly onUnexpectedError?: (error: unknown) => void;
}

/** A listening team server. */
export interface RunningTeamServer {
  readonly url: string;
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
  const app = createTeamApp({
    database,
    resolvePrincipal: options.resolvePrincipal ?? (async () => undefined),
    ...(options.onUnexpectedError ? { onUnexpectedError: options.onUnexpectedError } : {}),
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
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
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    database,
    migrationsApplied: applied,
    close() {
      closing ??= (async () => {
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
