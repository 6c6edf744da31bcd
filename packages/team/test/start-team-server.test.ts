import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTeamServer, TEAM_MIGRATIONS } from '../src/index.js';
import { createTestDatabase, DATABASE_KINDS } from './test-databases.js';

describe.each(DATABASE_KINDS)('startTeamServer on %s', (kind) => {
  it('migrates at start, serves the app on an ephemeral port, and a restart applies nothing', async () => {
    const test = await createTestDatabase(kind);
    try {
      const first = await startTeamServer({ environment: {}, port: 0, database: test.target });
      expect(first.migrationsApplied).toEqual(Object.keys(TEAM_MIGRATIONS));
      const health = await fetch(`${first.url}/api/health`);
      expect(await health.json()).toEqual({ ok: true, storage: kind });
      expect((await fetch(`${first.url}/api/me`)).status).toBe(401);
      await first.close();
      const second = await startTeamServer({ environment: {}, port: 0, database: test.target });
      expect(second.migrationsApplied).toEqual([]);
      await second.close();
    } finally {
      await test.drop();
    }
  });
});

describe('startTeamServer storage choice', () => {
  it('keeps its SQLite file in SWITCHBOARD_HOME when DATABASE_URL is unset', async () => {
    const home = await mkdtemp(join(tmpdir(), 'sb-team-home-'));
    try {
      const server = await startTeamServer({ environment: { SWITCHBOARD_HOME: home }, port: 0 });
      expect(server.database.kind).toBe('sqlite');
      await server.close();
      expect((await stat(join(home, 'team.sqlite'))).isFile()).toBe(true);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
