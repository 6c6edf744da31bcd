import type { Kysely } from 'kysely';
import { identitiesThatSignIn } from '../auth/count-sign-in-methods.js';
import type { TeamTables } from '../storage/team-schema.js';

/** How a member can sign in: their passkeys and linked identities, counted. */
export interface SignInMethodCounts {
  readonly passkeys: number;
  readonly identities: number;
}

/**
 * Every member's sign-in methods, in two grouped queries (not one per member): what tells an
 * admin who has not enrolled yet, or who lost their last way in and needs a new enrollment link.
 * Members with none are absent from the map.
 */
export async function listSignInMethods(db: Kysely<TeamTables>): Promise<Map<string, SignInMethodCounts>> {
  const [passkeys, identities] = await Promise.all([
    db
      .selectFrom('auth_passkey')
      .select(['userId', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('userId')
      .execute(),
    identitiesThatSignIn(db)
      .select(['team_identity.user_id', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('team_identity.user_id')
      .execute(),
  ]);
  const counts = new Map<string, { passkeys: number; identities: number }>();
  const entry = (userId: string) => {
    let found = counts.get(userId);
    if (!found) counts.set(userId, (found = { passkeys: 0, identities: 0 }));
    return found;
  };
  for (const row of passkeys) entry(row.userId).passkeys = Number(row.count);
  for (const row of identities) entry(row.user_id).identities = Number(row.count);
  return counts;
}
