import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { parseSecretKeyring } from '@switchboard/core';
import { startFakeUpstream } from '@switchboard/testkit';
import { createCredentialStore, openTeamDatabase, TEAM_MIGRATIONS, teamDatabaseTarget } from '@switchboard/team';
import { createTestDatabase, DATABASE_KINDS } from '../../team/test/test-databases.js';
import type { TestDatabase } from '../../team/test/test-databases.js';

const sb = fileURLToPath(new URL('../bin/sb.js', import.meta.url));
const WORKSPACE_KEY = 'sk-proj-TEAM-E2E-CANARY-workspace-0001';

/** The environment that points `sb` at a test database: a home, plus DATABASE_URL for PostgreSQL. */
function environmentFor(home: string, database: TestDatabase): Record<string, string> {
  const environment: Record<string, string> = { SWITCHBOARD_HOME: home, HOME: home, PATH: process.env['PATH'] ?? '' };
  if (database.target.kind === 'postgres') {
    const url = new URL(database.target.url);
    url.searchParams.set('options', `-c search_path=${database.target.schema ?? 'public'}`);
    environment['DATABASE_URL'] = url.toString();
  }
  return environment;
}

describe.each(DATABASE_KINDS)('sb serve --team and sb team migrate on %s', (kind) => {
  let home: string;
  let database: TestDatabase;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'sb-serve-team-'));
    database = await createTestDatabase(kind);
    // The schema must exist before a DATABASE_URL can name it in its search_path.
    await (await database.open()).close();
  });
  afterAll(async () => {
    await database.drop();
    await rm(home, { recursive: true, force: true });
  });

  it('migrates with sb team migrate, then serves on the given port until Ctrl-C', async () => {
    const environment = environmentFor(home, database);
    const migrate = spawnSync(process.execPath, [sb, 'team', 'migrate', '--json'], {
      env: environment,
      encoding: 'utf8',
    });
    expect(migrate.stderr).toBe('');
    expect(JSON.parse(migrate.stdout)).toEqual({
      event: 'migrated',
      storage: kind,
      applied: Object.keys(TEAM_MIGRATIONS),
    });

    const child = spawn(process.execPath, [sb, 'serve', '--team', '--port', '0', '--json'], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const listening = JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;
    expect(listening).toMatchObject({ event: 'listening', storage: kind, migrationsApplied: [] });
    expect(listening['url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${String(listening['url'])}/api/health`);
    expect(await health.json()).toEqual({ ok: true, storage: kind });

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(JSON.parse(String((await lines.next()).value))).toEqual({ event: 'stopped' });
    expect(await exited).toBe(0);
  });

  it('a real team server: sb team add-user gives members keys; the admin stores the workspace key; a member asks a model through /v1', async () => {
    const upstream = await startFakeUpstream({ expectedCredentials: { openai: WORKSPACE_KEY } });
    const environment = {
      ...environmentFor(home, database),
      SWITCHBOARD_TEAM_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}`,
    };
    await writeFile(join(home, 'config.toml'), `[providers.openai]\napi_base = "${upstream.baseUrls.openai}"\n`);
    const add = (email: string, role: string) =>
      JSON.parse(
        spawnSync(process.execPath, [sb, 'team', 'add-user', '--email', email, '--role', role, '--json'], {
          env: environment,
          encoding: 'utf8',
        }).stdout,
      ) as { apiKey: string; role: string };
    const admin = add(`admin-${kind}@example.test`, 'admin');
    const member = add(`member-${kind}@example.test`, 'user');
    expect(admin.apiKey).toMatch(/^sbk_/);
    const child = spawn(process.execPath, [sb, 'serve', '--team', '--port', '0', '--json'], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const url = String((JSON.parse(String((await lines.next()).value)) as { url: string }).url);
      const as = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
      // A member may not store the workspace's key; the admin may, checked at the provider first.
      expect(
        (
          await fetch(`${url}/api/admin/credentials/openai`, {
            method: 'PUT',
            headers: as(member.apiKey),
            body: JSON.stringify({ apiKey: WORKSPACE_KEY }),
          })
        ).status,
      ).toBe(403);
      const saved = await fetch(`${url}/api/admin/credentials/openai`, {
        method: 'PUT',
        headers: as(admin.apiKey),
        body: JSON.stringify({ apiKey: WORKSPACE_KEY }),
      });
      expect(saved.status).toBe(200);
      expect(await saved.text()).not.toContain(WORKSPACE_KEY);
      const answer = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: as(member.apiKey),
        body: JSON.stringify({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'ping from a member' }] }),
      });
      expect(answer.status).toBe(200);
      expect(JSON.stringify(await answer.json())).toContain('ping from a member');
      expect(
        upstream.requests.filter((request) => !request.path.endsWith('/models')).map((request) => request.credential),
      ).toEqual([WORKSPACE_KEY]);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      await upstream.close();
      await rm(join(home, 'config.toml'), { force: true });
    }
  });

  it('sb team rotate-key re-seals stored credentials with the newest master key; without a key it says which variable to set', async () => {
    const environment = environmentFor(home, database);
    const one = `1:${randomBytes(32).toString('base64')}`;
    const two = `2:${randomBytes(32).toString('base64')}`;
    // The database sb itself opens from this environment (the home's team.sqlite, or DATABASE_URL).
    const target = teamDatabaseTarget(environment, home);
    const stored = await openTeamDatabase(target);
    try {
      const store = createCredentialStore({ db: stored.db, keyring: parseSecretKeyring(one, 'test') });
      await store.save(
        { scope: 'workspace' },
        'openai',
        { method: 'api-key', apiKey: 'sk-proj-rotate-test-0001' },
        'now',
      );
    } finally {
      await stored.close();
    }
    const rotate = spawnSync(process.execPath, [sb, 'team', 'rotate-key', '--json'], {
      env: { ...environment, SWITCHBOARD_TEAM_MASTER_KEYS: `${one},${two}` },
      encoding: 'utf8',
    });
    expect(rotate.stderr).toBe('');
    expect(JSON.parse(rotate.stdout)).toEqual({ event: 'rotated', keyVersion: 2, resealed: 1, total: 1 });
    const reopened = await openTeamDatabase(target);
    try {
      const newOnly = createCredentialStore({ db: reopened.db, keyring: parseSecretKeyring(two, 'test') });
      expect(await newOnly.read({ scope: 'workspace' }, 'openai')).toMatchObject({
        apiKey: 'sk-proj-rotate-test-0001',
      });
    } finally {
      await reopened.close();
    }
    const keyless = spawnSync(process.execPath, [sb, 'team', 'rotate-key'], { env: environment, encoding: 'utf8' });
    expect(keyless.status).toBe(1);
    expect(keyless.stderr).toContain('SWITCHBOARD_TEAM_MASTER_KEYS');
    const short = spawnSync(process.execPath, [sb, 'team', 'rotate-key'], {
      env: { ...environment, SWITCHBOARD_TEAM_MASTER_KEYS: '1:c2hvcnQ=' },
      encoding: 'utf8',
    });
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('Key version 1 in SWITCHBOARD_TEAM_MASTER_KEYS is not 32 bytes');
    expect(short.stderr).not.toContain('c2hvcnQ');
  });
});

describe('sb serve --team usage', () => {
  it('refuses --team with --local (exit 2)', () => {
    const result = spawnSync(process.execPath, [sb, 'serve', '--team', '--local'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--team cannot be combined with --local/);
  });
});
