import { describe, expect, it } from 'vitest';
import { createTeamApp, migrateTeamDatabase, type Principal } from '../src/index.js';
import { createTestDatabase, DATABASE_KINDS } from './test-databases.js';

const PEOPLE: Record<string, Principal> = {
  ada: { userId: 'u-ada', role: 'user', method: 'passkey' },
  bob: { userId: 'u-bob', role: 'user', method: 'sso' },
};

describe.each(DATABASE_KINDS)('member preferences on %s', (kind) => {
  it('keeps each member’s choices on the server, seen by every instance, and refuses bad ones', async () => {
    const test = await createTestDatabase(kind);
    const [first, second] = [await test.open(), await test.open()];
    try {
      await migrateTeamDatabase(first);
      // The signed-in member is played by a header here; sign-in itself is tested elsewhere.
      const appOn = (database: typeof first) =>
        createTeamApp({ database, resolvePrincipal: async (request) => PEOPLE[request.headers.get('x-person') ?? ''] });
      const [one, two] = [appOn(first), appOn(second)];
      const call = (app: typeof one, person: string, method: string, body?: unknown) =>
        app.request('/api/me/preferences', {
          method,
          headers: { 'x-person': person, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      expect(await (await call(one, 'ada', 'GET')).json()).toEqual({ preferences: { chatModel: null, providers: [] } });
      expect((await call(one, 'ada', 'PATCH', { chatModel: 'claude-opus-4-1', providers: ['anthropic'] })).status).toBe(
        200,
      );
      expect((await call(two, 'ada', 'PATCH', { providers: ['anthropic', 'openai'] })).status).toBe(200);
      expect(await (await call(one, 'ada', 'GET')).json()).toEqual({
        preferences: { chatModel: 'claude-opus-4-1', providers: ['anthropic', 'openai'] },
      });
      // Bob's are his own.
      expect(await (await call(two, 'bob', 'GET')).json()).toEqual({ preferences: { chatModel: null, providers: [] } });
      const bad = await call(one, 'ada', 'PATCH', { providers: ['nowhere'] });
      expect(bad.status).toBe(400);
      expect((await call(one, '', 'GET')).status).toBe(401);
      // A stored value that no longer reads is answered as the defaults, and the next change replaces it.
      await first.db.updateTable('user_preference').set({ value: '{broken' }).where('user_id', '=', 'u-ada').execute();
      expect(await (await call(one, 'ada', 'GET')).json()).toEqual({ preferences: { chatModel: null, providers: [] } });
      expect(await (await call(one, 'ada', 'PATCH', { chatModel: 'gpt-5' })).json()).toEqual({
        preferences: { chatModel: 'gpt-5', providers: [] },
      });
    } finally {
      await first.close();
      await second.close();
      await test.drop();
    }
  });
});
