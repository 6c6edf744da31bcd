import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';

/**
 * The linked identities that are a way to sign in: those of an identity provider the team still
 * has (one an admin deleted signs nobody in; one disabled for now still counts). The one rule
 * for the last-way-in check and the admin's member list.
 */
export function identitiesThatSignIn(db: Kysely<TeamTables>) {
  return db
    .selectFrom('team_identity')
    .innerJoin('identity_provider', 'identity_provider.id', 'team_identity.provider_id');
}

/**
 * How many ways a member has to sign in: passkeys plus {@link identitiesThatSignIn}. Removing
 * one is refused when it is the last, so nobody locks themselves out (an admin's enrollment link
 * is then the only way back).
 */
export async function countSignInMethods(db: Kysely<TeamTables>, userId: string): Promise<number> {
  const [passkeys, identities] = await Promise.all([
    db
      .selectFrom('auth_passkey')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow(),
    identitiesThatSignIn(db)
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('team_identity.user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return Number(passkeys.count) + Number(identities.count);
}
