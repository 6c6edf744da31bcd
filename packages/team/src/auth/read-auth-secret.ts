import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';

const SETTING_KEY = 'auth.cookie-secret';

/**
 * The secret better-auth signs its cookies with: made once, at random, by whichever instance
 * starts first (insert-if-absent, so two starting together agree), and read by every instance.
 * It only signs cookies: sessions themselves are random tokens checked against the database.
 */
export async function readAuthSecret(db: Kysely<TeamTables>, now: () => Date = () => new Date()): Promise<string> {
  await db
    .insertInto('team_setting')
    .values({
      key: SETTING_KEY,
      value: JSON.stringify(randomBytes(32).toString('base64url')),
      updated_at: now().toISOString(),
    })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('team_setting')
    .select(['value'])
    .where('key', '=', SETTING_KEY)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.value) as string;
}
