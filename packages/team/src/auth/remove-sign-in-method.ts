import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';
import { countSignInMethods, identitiesThatSignIn } from './count-sign-in-methods.js';

/** One of a member's ways to sign in: a passkey or a linked identity, by its id. */
export interface SignInMethodRef {
  readonly kind: 'passkey' | 'identity';
  readonly id: string;
}

/** What {@link removeSignInMethod} did: removed it, found no such method of the member's, or kept their last one. */
export type SignInMethodRemoval = 'removed' | 'missing' | 'last';

/**
 * Removes one of `userId`'s ways to sign in unless it is their last, in one transaction that
 * first writes the member's own row: two removals for one member (a passkey here, an identity
 * there, sent at the same instant) then take turns — PostgreSQL holds the row lock until the
 * first commits, SQLite runs one write transaction at a time — so the second counts what the
 * first left and nobody ends with no way in.
 */
export async function removeSignInMethod(
  db: Kysely<TeamTables>,
  userId: string,
  method: SignInMethodRef,
): Promise<SignInMethodRemoval> {
  return db.transaction().execute(async (transaction) => {
    await transaction
      .updateTable('team_user')
      .set((expression) => ({ id: expression.ref('id') }))
      .where('id', '=', userId)
      .execute();
    const found =
      method.kind === 'passkey'
        ? await transaction
            .selectFrom('auth_passkey')
            .select('id')
            .where('id', '=', method.id)
            .where('userId', '=', userId)
            .executeTakeFirst()
        : await transaction
            .selectFrom('team_identity')
            .select('id')
            .where('id', '=', method.id)
            .where('user_id', '=', userId)
            .executeTakeFirst();
    if (!found) return 'missing';
    // An identity of a deleted identity provider is no way in: it may always go.
    const isWayIn =
      method.kind === 'passkey' ||
      (await identitiesThatSignIn(transaction)
        .select('team_identity.id')
        .where('team_identity.id', '=', method.id)
        .executeTakeFirst()) !== undefined;
    if (isWayIn && (await countSignInMethods(transaction, userId)) <= 1) return 'last';
    if (method.kind === 'passkey')
      await transaction.deleteFrom('auth_passkey').where('id', '=', method.id).where('userId', '=', userId).execute();
    else
      await transaction.deleteFrom('team_identity').where('id', '=', method.id).where('user_id', '=', userId).execute();
    return 'removed';
  });
}
