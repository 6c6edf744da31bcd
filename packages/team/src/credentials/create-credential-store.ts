import { createHash, randomUUID } from 'node:crypto';
import {
  openSecret,
  sealSecret,
  type ProviderId,
  type ResolvedCredential,
  type SecretKeyring,
} from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';
import { createTokenMinter, type TokenMinter } from './create-token-minter.js';
import { credentialOf, isTokenSecret, readTeamSecret, secretHint, type TeamSecret } from './team-secret.js';

/** Whose credential: the workspace's, or one user's own. */
export type CredentialOwner = { scope: 'workspace' } | { scope: 'user'; userId: string };

/** A stored credential as the API shows it: never the secret, only its last four characters. */
export interface CredentialSummary {
  readonly scope: 'workspace' | 'user';
  readonly provider: string;
  readonly method: string;
  readonly hint: string;
  readonly updatedAt: string;
  /** When it was last checked at its provider, and the failure code when that failed. */
  readonly checkedAt: string | null;
  readonly checkCode: string | null;
}

/** The workspace's and the users' provider credentials, sealed under the master keyring. */
export interface CredentialStore {
  /** Stores (or replaces) `owner`'s credential for `provider`, sealed with the current key. */
  save(owner: CredentialOwner, provider: ProviderId, secret: TeamSecret, checkedAt: string): Promise<CredentialSummary>;
  list(owner: CredentialOwner): Promise<CredentialSummary[]>;
  remove(owner: CredentialOwner, provider: ProviderId): Promise<boolean>;
  /**
   * The credential to put on a request, opened with whichever key version sealed it — for a key
   * file or an app's client credentials, an access token minted from them (shared, see `createTokenMinter`).
   */
  read(owner: CredentialOwner, provider: ProviderId): Promise<ResolvedCredential | undefined>;
  /** The credential `secret` puts on a request (a fresh token for a key file or app): the check before saving. */
  credentialFor(provider: ProviderId, secret: TeamSecret): Promise<ResolvedCredential>;
  /** Every stored credential's owner and provider (for the periodic check). */
  all(): Promise<Array<{ owner: CredentialOwner; provider: ProviderId }>>;
  recordCheck(owner: CredentialOwner, provider: ProviderId, checkedAt: string, code: string | null): Promise<void>;
  /**
   * Re-seals every credential not sealed with the current key. Row by row, each written only if
   * nobody changed it meanwhile: instances keep serving throughout (they open either version).
   */
  rotate(): Promise<{ resealed: number; total: number }>;
}

const ownerId = (owner: CredentialOwner) => (owner.scope === 'user' ? owner.userId : '');
const ownerOf = (scope: string, userId: string): CredentialOwner =>
  scope === 'user' ? { scope: 'user', userId } : { scope: 'workspace' };

/** Options of {@link createCredentialStore}. */
export interface CredentialStoreOptions {
  readonly db: Kysely<TeamTables>;
  readonly keyring: SecretKeyring;
  /** Mints access tokens for key files and apps. Default: `createTokenMinter` over the same database. */
  readonly minter?: TokenMinter;
  readonly now?: () => Date;
}

/** The credential store in the team database. */
export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const { db, keyring } = options;
  const now = options.now ?? (() => new Date());
  const minter = options.minter ?? createTokenMinter({ db, keyring });
  /** Tokens minted from a credential go with it. */
  const forgetTokens = (owner: CredentialOwner, provider: ProviderId) =>
    db
      .deleteFrom('credential_token')
      .where('key', 'like', `${owner.scope}/${ownerId(owner)}/${provider}/%`)
      .execute();
  const rows = (owner: CredentialOwner) =>
    db.selectFrom('provider_credential').where('scope', '=', owner.scope).where('owner_user_id', '=', ownerId(owner));
  const summary = (row: {
    scope: string;
    provider: string;
    method: string;
    hint: string;
    updated_at: string;
    checked_at: string | null;
    check_code: string | null;
  }): CredentialSummary => ({
    scope: row.scope === 'user' ? 'user' : 'workspace',
    provider: row.provider,
    method: row.method,
    hint: row.hint,
    updatedAt: row.updated_at,
    checkedAt: row.checked_at,
    checkCode: row.check_code,
  });

  return {
    async save(owner, provider, secret, checkedAt) {
      const { sealed, keyVersion } = sealSecret(JSON.stringify(secret), keyring);
      const at = now().toISOString();
      const values = {
        id: randomUUID(),
        scope: owner.scope,
        owner_user_id: ownerId(owner),
        provider,
        method: secret.method,
        sealed,
        key_version: keyVersion,
        hint: secretHint(secret),
        created_at: at,
        updated_at: at,
        checked_at: checkedAt,
        check_code: null,
      };
      await db
        .insertInto('provider_credential')
        .values(values)
        .onConflict((conflict) =>
          conflict.columns(['scope', 'owner_user_id', 'provider']).doUpdateSet({
            method: values.method,
            sealed,
            key_version: keyVersion,
            hint: values.hint,
            updated_at: at,
            checked_at: checkedAt,
            check_code: null,
          }),
        )
        .execute();
      await forgetTokens(owner, provider);
      return summary(values);
    },
    async list(owner) {
      const found = await rows(owner).selectAll().orderBy('provider').execute();
      return found.map(summary);
    },
    async remove(owner, provider) {
      await forgetTokens(owner, provider);
      const result = await db
        .deleteFrom('provider_credential')
        .where('scope', '=', owner.scope)
        .where('owner_user_id', '=', ownerId(owner))
        .where('provider', '=', provider)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async read(owner, provider) {
      const row = await rows(owner).select(['sealed']).where('provider', '=', provider).executeTakeFirst();
      if (!row) return undefined;
      const secret = readTeamSecret(openSecret(row.sealed, keyring, `${provider} credential`));
      if (!isTokenSecret(secret)) return credentialOf(provider, secret);
      // Per owner, provider and stored secret: a replaced secret never serves the old one's token.
      const digest = createHash('sha256').update(row.sealed).digest('hex').slice(0, 16);
      return minter.credential(provider, secret, `${owner.scope}/${ownerId(owner)}/${provider}/${digest}`);
    },
    credentialFor(provider, secret) {
      return isTokenSecret(secret)
        ? minter.credential(provider, secret)
        : Promise.resolve(credentialOf(provider, secret));
    },
    async all() {
      const found = await db.selectFrom('provider_credential').select(['scope', 'owner_user_id', 'provider']).execute();
      return found.map((row) => ({
        owner: ownerOf(row.scope, row.owner_user_id),
        provider: row.provider as ProviderId,
      }));
    },
    async recordCheck(owner, provider, checkedAt, code) {
      await db
        .updateTable('provider_credential')
        .set({ checked_at: checkedAt, check_code: code })
        .where('scope', '=', owner.scope)
        .where('owner_user_id', '=', ownerId(owner))
        .where('provider', '=', provider)
        .execute();
    },
    async rotate() {
      const found = await db
        .selectFrom('provider_credential')
        .select(['id', 'sealed', 'key_version', 'provider'])
        .execute();
      let resealed = 0;
      for (const row of found) {
        if (row.key_version === keyring.current.version) continue;
        const plaintext = openSecret(row.sealed, keyring, `${row.provider} credential`);
        const { sealed, keyVersion } = sealSecret(plaintext, keyring);
        const result = await db
          .updateTable('provider_credential')
          .set({ sealed, key_version: keyVersion })
          .where('id', '=', row.id)
          .where('sealed', '=', row.sealed)
          .executeTakeFirst();
        resealed += Number(result.numUpdatedRows);
      }
      return { resealed, total: found.length };
    },
  };
}
