import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';

/**
 * How many ways a member has to sign in: passkeys plus linked identities. Removing one is
 * refused when it is the last, so nobody locks themselves out (an admin's enrollment link is
 * then the only way back).
 */
export async function countSignInMethods(db: Kysely<TeamTables>, userId: string): Promise<number> {
  const [passkeys, identities] = await Promise.all([
    db
      .selectFrom('auth_passkey')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('team_identity')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return Number(passkeys.count) + Number(identities.count);
}
