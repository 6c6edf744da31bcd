import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { TeamAppEnv } from '../app/principal.js';
import { readJsonBody } from '../app/read-json-body.js';
import { requirePrincipal } from '../app/require-principal.js';
import type { TeamTables } from '../storage/team-schema.js';
import { DEFAULT_USER_PREFERENCES, parseUserPreferences, type UserPreferences } from './user-preferences.js';

/**
 * `GET /api/me/preferences` and `PATCH /api/me/preferences` `{ chatModel?, providers? }`: each
 * member's choices in the web app (the header's model, the settings' provider filter), kept on
 * the server so they follow the member to another browser. A stored value that no longer reads
 * is answered as the defaults and replaced by the next change.
 */
export function registerPreferenceRoutes(
  app: Hono<TeamAppEnv>,
  options: { db: Kysely<TeamTables>; now?: () => Date },
): void {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const read = async (userId: string): Promise<UserPreferences> => {
    const row = await db.selectFrom('user_preference').select('value').where('user_id', '=', userId).executeTakeFirst();
    if (!row) return DEFAULT_USER_PREFERENCES;
    try {
      return parseUserPreferences(JSON.parse(row.value), DEFAULT_USER_PREFERENCES);
    } catch {
      return DEFAULT_USER_PREFERENCES;
    }
  };
  app.get('/api/me/preferences', async (context) => {
    const { userId } = requirePrincipal(context);
    return context.json({ preferences: await read(userId) });
  });
  app.patch('/api/me/preferences', async (context) => {
    const { userId } = requirePrincipal(context);
    const preferences = parseUserPreferences(await readJsonBody(context.req.raw), await read(userId));
    const value = JSON.stringify(preferences);
    const at = now().toISOString();
    await db
      .insertInto('user_preference')
      .values({ user_id: userId, value, updated_at: at })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ value, updated_at: at }))
      .execute();
    return context.json({ preferences });
  });
}
