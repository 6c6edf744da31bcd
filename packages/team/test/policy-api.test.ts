import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamApp, migrateTeamDatabase } from '../src/index.js';
import type { Principal, TeamDatabase } from '../src/index.js';
import { createTestDatabase, DATABASE_KINDS } from './test-databases.js';
import type { TestDatabase } from './test-databases.js';

const PEOPLE: Record<string, Principal> = {
  admin: { userId: 'u-admin', role: 'admin', method: 'passkey' },
  user: { userId: 'u-user', role: 'user', method: 'sso' },
};

const POLICY = {
  allowProviders: ['openai', 'anthropic'],
  denyProviders: ['anthropic'],
  defaults: { chat: { model: 'gpt-5', userMayChange: false }, doc: { model: 'gpt-5-mini' } },
};

function appOn(database: TeamDatabase) {
  // Sign-in is another layer; here the caller is named by a test header.
  return createTeamApp({
    database,
    resolvePrincipal: async (request) => PEOPLE[request.headers.get('x-test-person') ?? ''],
  });
}

function call(app: ReturnType<typeof appOn>, method: string, path: string, person?: string, body?: unknown) {
  const headers: Record<string, string> = person === undefined ? {} : { 'x-test-person': person };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  return app.request(path, init);
}

describe.each(DATABASE_KINDS)('policy API on %s', (kind) => {
  let test: TestDatabase;
  let first: TeamDatabase;
  let second: TeamDatabase;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    first = await test.open();
    await migrateTeamDatabase(first);
    second = await test.open();
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
    await test.drop();
  });

  it.each([
    ['GET', '/api/policy', 'admin', 200],
    ['GET', '/api/policy', 'user', 200],
    ['GET', '/api/policy', undefined, 401],
    ['PUT', '/api/admin/policy', 'admin', 200],
    ['PUT', '/api/admin/policy', 'user', 403],
    ['PUT', '/api/admin/policy', undefined, 401],
  ])('%s %s as %s answers %i', async (method, path, person, status) => {
    const response = await call(appOn(first), method, path, person, method === 'PUT' ? {} : undefined);
    expect(response.status).toBe(status);
  });

  it('shows a policy saved through one instance to every instance, and records who changed it', async () => {
    const saved = await call(appOn(first), 'PUT', '/api/admin/policy', 'admin', POLICY);
    expect(saved.status).toBe(200);
    const expected = {
      allowProviders: ['openai', 'anthropic'],
      denyProviders: ['anthropic'],
      defaults: {
        chat: { model: 'gpt-5', userMayChange: false },
        doc: { model: 'gpt-5-mini', userMayChange: true },
      },
    };
    expect(await saved.json()).toEqual({ policy: expected });
    const seen = await call(appOn(second), 'GET', '/api/policy', 'user');
    expect(await seen.json()).toEqual({ policy: expected });

    const audit = await call(appOn(second), 'GET', '/api/admin/audit?limit=1', 'admin');
    const { events } = (await audit.json()) as { events: unknown[] };
    expect(events).toMatchObject([
      { actorUserId: 'u-admin', action: 'policy-changed', target: 'workspace', details: expected },
    ]);
  });

  it('refuses a bad policy with 400 and one line, keeping the saved one', async () => {
    await call(appOn(first), 'PUT', '/api/admin/policy', 'admin', POLICY);
    const unknown = await call(appOn(first), 'PUT', '/api/admin/policy', 'admin', { denyProviders: ['openia'] });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      error: { code: 'INVALID_REQUEST', message: 'denyProviders has an unknown provider "openia".' },
    });
    const notJson = await call(appOn(first), 'PUT', '/api/admin/policy', 'admin', '{"allowProviders":');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      error: { code: 'INVALID_REQUEST', message: 'The request body must be JSON.' },
    });
    const kept = (await (await call(appOn(second), 'GET', '/api/policy', 'user')).json()) as {
      policy: { denyProviders: string[] };
    };
    expect(kept.policy.denyProviders).toEqual(['anthropic']);
  });

  it('reports an unreadable stored policy clearly, keeps the row, and lets an admin replace it', async () => {
    await first.db
      .updateTable('team_setting')
      .set({ value: '{"allowProviders": 7' })
      .where('key', '=', 'policy')
      .execute();
    const broken = await call(appOn(first), 'GET', '/api/policy', 'user');
    expect(broken.status).toBeGreaterThanOrEqual(500);
    expect(await broken.json()).toEqual({
      error: {
        code: 'INVALID_CONFIG',
        message: 'The stored workspace policy is unreadable; an admin can save the policy again to replace it.',
      },
    });
    const row = await first.db
      .selectFrom('team_setting')
      .select('value')
      .where('key', '=', 'policy')
      .executeTakeFirst();
    expect(row?.value).toBe('{"allowProviders": 7');

    expect((await call(appOn(first), 'PUT', '/api/admin/policy', 'admin', { denyProviders: ['bedrock'] })).status).toBe(
      200,
    );
    const fixed = (await (await call(appOn(second), 'GET', '/api/policy', 'user')).json()) as {
      policy: { denyProviders: string[] };
    };
    expect(fixed.policy.denyProviders).toEqual(['bedrock']);
  });
});
