import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';
import { parsePort } from './parse-port.js';

/** Options of `sb serve --team`. */
export interface ServeTeamOptions {
  /** The raw `--port` value; the team server's default port when absent. */
  port?: string;
  /** The web app's public URL; passkeys are bound to its host. */
  publicUrl?: string;
  json?: boolean;
}

/**
 * The built web app (`@switchboard/web`'s `dist/`, from `npm run build`), found through the
 * installed package; undefined when it is not built, and then the server answers the API only.
 */
export function findWebAppRoot(): string | undefined {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('@switchboard/web/package.json');
  } catch {
    return undefined;
  }
  const root = join(dirname(manifest), 'dist');
  return existsSync(join(root, 'index.html')) ? root : undefined;
}

/**
 * `sb serve --team [--port N]`: the team server — storage in `$SWITCHBOARD_HOME/team.sqlite`,
 * or PostgreSQL when `DATABASE_URL` is set, migrated at start. Ctrl-C stops it.
 */
export async function runServeTeam(io: CliIo, options: ServeTeamOptions): Promise<number> {
  const team = await import('@switchboard/team');
  const port = parsePort(options.port, team.DEFAULT_TEAM_PORT);
  const webRoot = findWebAppRoot();
  const server = await team.startTeamServer({
    environment: io.environment,
    port,
    ...(webRoot === undefined ? {} : { webRoot }),
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    onUnexpectedError: (error) =>
      io.stderr.write(`team server error: ${error instanceof Error ? error.name : 'unknown'}\n`),
  });
  const stopped = new Promise<void>((resolve) => {
    const stopListening = io.onInterrupt(() => {
      stopListening();
      void server.close().then(resolve);
    });
  });
  if (options.json) {
    writeJsonLine(io.stdout, {
      event: 'listening',
      url: server.url,
      publicUrl: server.publicUrl,
      storage: server.database.kind,
      migrationsApplied: server.migrationsApplied,
    });
  } else {
    io.stdout.write(
      `Switchboard team server listening on ${server.url} (storage: ${server.database.kind === 'postgres' ? 'PostgreSQL' : 'SQLite'})\n` +
        `Open ${server.publicUrl} to sign in${server.publicUrl.startsWith('http://localhost') ? '' : ' (behind your TLS proxy)'}; the first admin's link comes from: sb team create-admin --email you@example.com\n` +
        (server.migrationsApplied.length > 0 ? `Applied migrations: ${server.migrationsApplied.join(', ')}\n` : '') +
        'Ctrl-C stops the server.\n',
    );
  }
  await stopped;
  if (options.json) writeJsonLine(io.stdout, { event: 'stopped' });
  else io.stderr.write('Team server stopped.\n');
  return 0;
}

/** `sb team migrate`: brings the team database to the newest schema and says what it applied. */
export async function runTeamMigrate(io: CliIo, options: { json?: boolean }): Promise<number> {
  const team = await import('@switchboard/team');
  const { resolveHome } = await import('@switchboard/core');
  const database = await team.openTeamDatabase(team.teamDatabaseTarget(io.environment, resolveHome(io.environment)));
  try {
    const { applied } = await team.migrateTeamDatabase(database);
    if (options.json) writeJsonLine(io.stdout, { event: 'migrated', storage: database.kind, applied });
    else
      io.stdout.write(
        applied.length > 0 ? `Applied migrations: ${applied.join(', ')}\n` : 'The team database is up to date.\n',
      );
    return 0;
  } finally {
    await database.close();
  }
}
