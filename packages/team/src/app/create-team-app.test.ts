import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTeamDatabase } from '../storage/migrate-team-database.js';
import { openTeamDatabase } from '../storage/open-team-database.js';
import type { TeamDatabase } from '../storage/open-team-database.js';
import { createTeamApp } from './create-team-app.js';
import type { Principal } from './principal.js';
import { requirePrincipal, SIGN_IN_REQUIRED_MESSAGE } from './require-principal.js';

const CANARY = 'sk-canary-team-app-7f3e9c';
const PEOPLE: Record<string, Principal> = {
  admin: { userId: 'u-admin', role: 'admin', method: 'passkey' },
  user: { userId: 'u-user', role: 'user', method: 'api-key' },
};

let directory: string;
let database: TeamDatabase;
const unexpected: unknown[] = [];

function buildApp() {
  // The principal comes from a test header here; the sign-in layer supplies the real resolver.
  const app = createTeamApp({
    database,
    resolvePrincipal: async (request) => PEOPLE[request.headers.get('x-test-person') ?? ''],
    onUnexpectedError: (error) => unexpected.push(error),
  });
  app.get('/api/admin-only', (context) => context.json({ by: requirePrincipal(context, 'admin').userId }));
  app.get('/api/explode', () => {
    throw new Error(`database password ${CANARY}`);
  });
  app.post('/api/change', (context) => context.json({ by: requirePrincipal(context).userId }));
  app.get('/api/busy', () => {
    throw new SwitchboardError('RATE_LIMITED', 'Too many attempts; wait a minute.');
  });
  return app;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sb-team-app-'));
  database = await openTeamDatabase({ kind: 'sqlite', file: join(directory, 'team.sqlite') });
  await migrateTeamDatabase(database);
});
afterAll(async () => {
  await database.close();
  await rm(directory, { recursive: true, force: true });
});

function get(path: string, person?: string) {
  return buildApp().request(path, { headers: person ? { 'x-test-person': person } : {} });
}

describe('createTeamApp', () => {
  it('answers health without a principal', async () => {
    const response = await get('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, storage: 'sqlite' });
  });

  it('gives the signed-in caller their principal and refuses anonymous callers with the generic text', async () => {
    expect(await (await get('/api/me', 'user')).json()).toEqual({ userId: 'u-user', role: 'user', method: 'api-key' });
    const anonymous = await get('/api/me');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'AUTH_FAILED', message: SIGN_IN_REQUIRED_MESSAGE } });
  });

  it('lets only admins through an admin check', async () => {
    expect((await get('/api/admin-only', 'admin')).status).toBe(200);
    const user = await get('/api/admin-only', 'user');
    expect(user.status).toBe(403);
    expect(((await user.json()) as { error: { code: string } }).error.code).toBe('PERMISSION_DENIED');
    expect((await get('/api/admin-only')).status).toBe(401);
    expect(await (await get('/api/admin/audit', 'admin')).json()).toEqual({ events: [] });
    expect((await get('/api/admin/audit', 'user')).status).toBe(403);
    expect((await get('/api/admin/audit')).status).toBe(401);
  });

  it('maps errors once: a SwitchboardError keeps its status, anything else is a bare 500 that leaks nothing', async () => {
    expect((await get('/api/busy', 'user')).status).toBe(429);
    const crash = await get('/api/explode', 'user');
    expect(crash.status).toBe(500);
    const text = await crash.text();
    expect(text).not.toContain(CANARY);
    expect(JSON.parse(text)).toEqual({
      error: { code: 'INTERNAL', message: 'The team server failed to answer; see its log.' },
    });
    expect(unexpected.some((error) => String(error).includes(CANARY))).toBe(true);
    const missing = await get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('INVALID_REQUEST');
  });

  it('checks Origin on cookie-bearing state-changing requests before anything else', async () => {
    const forged = await buildApp().request('http://team.test/api/change', {
      method: 'POST',
      headers: { 'x-test-person': 'user', cookie: 'session=1', origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    const same = await buildApp().request('http://team.test/api/change', {
      method: 'POST',
      headers: { 'x-test-person': 'user', cookie: 'session=1', origin: 'http://team.test' },
    });
    expect(await same.json()).toEqual({ by: 'u-user' });
  });
});
