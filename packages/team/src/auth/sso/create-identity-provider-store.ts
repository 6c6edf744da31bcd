import { openSecret, sealSecret, SwitchboardError, type SecretKeyring } from '@switchboard/core';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../storage/is-unique-violation.js';
import type { TeamTables } from '../../storage/team-schema.js';

/** Which kind of identity provider: any OpenID Connect issuer, or a preset. */
export type IdentityProviderPreset = 'oidc' | 'google' | 'chatgpt';

/** An identity provider as the API shows it: never the client secret, only its last four characters. */
export interface IdentityProvider {
  readonly id: string;
  readonly name: string;
  readonly preset: IdentityProviderPreset;
  readonly issuer: string;
  readonly clientId: string;
  /** `…3f2a`, or null for a public client (PKCE only). */
  readonly secretHint: string | null;
  readonly scopes: readonly string[];
  /** An unknown identity may create a member; otherwise only an enrollment link brings one in. */
  readonly allowSignUp: boolean;
  /** Link to the member with the same verified email, when this provider verified it too. */
  readonly linkByVerifiedEmail: boolean;
  readonly enabled: boolean;
  readonly updatedAt: string;
}

/** What an admin gives to add or change a provider. */
export interface IdentityProviderInput {
  readonly id: string;
  readonly name: string;
  readonly preset: IdentityProviderPreset;
  readonly issuer: string;
  readonly clientId: string;
  /** Omitted on a change: keeps the stored one. `null`: a public client. */
  readonly clientSecret?: string | null;
  readonly scopes: readonly string[];
  readonly allowSignUp: boolean;
  readonly linkByVerifiedEmail: boolean;
  readonly enabled: boolean;
}

/** The identity providers members sign in with; client secrets sealed under the master key. */
export interface IdentityProviderStore {
  list(): Promise<IdentityProvider[]>;
  get(id: string): Promise<IdentityProvider | undefined>;
  /** The client secret, opened (only the sign-in flow asks). */
  clientSecret(id: string): Promise<string | undefined>;
  create(input: IdentityProviderInput): Promise<IdentityProvider>;
  update(input: IdentityProviderInput): Promise<IdentityProvider | undefined>;
  remove(id: string): Promise<boolean>;
  /** Re-seals every secret not sealed with the current master key. */
  rotate(): Promise<{ resealed: number; total: number }>;
}

const hintOf = (secret: string) => `…${secret.slice(-4)}`;

/**
 * The identity provider store in the team database. Without a master keyring it still lists and
 * serves public clients; storing a secret then fails with `INVALID_CONFIG` (never in clear).
 */
export function createIdentityProviderStore(options: {
  db: Kysely<TeamTables>;
  keyring?: SecretKeyring;
  now?: () => Date;
}): IdentityProviderStore {
  const { db, keyring } = options;
  const now = options.now ?? (() => new Date());
  const seal = (secret: string) => {
    if (!keyring)
      throw new SwitchboardError(
        'INVALID_CONFIG',
        'No master key is configured, so a client secret cannot be stored: set SWITCHBOARD_TEAM_MASTER_KEYS.',
      );
    return sealSecret(secret, keyring);
  };
  const get = async (id: string) => {
    const row = await db.selectFrom('identity_provider').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? providerOf(row) : undefined;
  };
  return {
    async list() {
      const rows = await db.selectFrom('identity_provider').selectAll().orderBy('name').execute();
      return rows.map(providerOf);
    },
    get,
    async clientSecret(id) {
      const row = await db
        .selectFrom('identity_provider')
        .select(['sealed_secret'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row?.sealed_secret) return undefined;
      if (!keyring)
        throw new SwitchboardError('INVALID_CONFIG', 'No master key is configured to open the client secret.');
      return openSecret(row.sealed_secret, keyring, `identity provider ${id} client secret`);
    },
    async create(input) {
      const at = now().toISOString();
      const sealed = input.clientSecret ? seal(input.clientSecret) : undefined;
      await db
        .insertInto('identity_provider')
        .values({
          ...columnsOf(input),
          sealed_secret: sealed?.sealed ?? null,
          key_version: sealed?.keyVersion ?? null,
          secret_hint: input.clientSecret ? hintOf(input.clientSecret) : null,
          created_at: at,
          updated_at: at,
        })
        .execute()
        .catch((error: unknown) => {
          throw isUniqueViolation(error)
            ? new SwitchboardError('INVALID_REQUEST', `An identity provider "${input.id}" exists already.`, {
                status: 409,
              })
            : error;
        });
      return (await get(input.id))!;
    },
    async update(input) {
      const sealed = input.clientSecret ? seal(input.clientSecret) : undefined;
      const secretColumns =
        input.clientSecret === undefined
          ? {}
          : {
              sealed_secret: sealed?.sealed ?? null,
              key_version: sealed?.keyVersion ?? null,
              secret_hint: input.clientSecret ? hintOf(input.clientSecret) : null,
            };
      const result = await db
        .updateTable('identity_provider')
        .set({ ...columnsOf(input), ...secretColumns, updated_at: now().toISOString() })
        .where('id', '=', input.id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0 ? get(input.id) : undefined;
    },
    async remove(id) {
      const result = await db.deleteFrom('identity_provider').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async rotate() {
      const rows = await db
        .selectFrom('identity_provider')
        .select(['id', 'sealed_secret', 'key_version'])
        .where('sealed_secret', 'is not', null)
        .execute();
      let resealed = 0;
      for (const row of rows) {
        if (!keyring || row.key_version === keyring.current.version) continue;
        const plaintext = openSecret(row.sealed_secret!, keyring, `identity provider ${row.id} client secret`);
        const { sealed, keyVersion } = sealSecret(plaintext, keyring);
        const result = await db
          .updateTable('identity_provider')
          .set({ sealed_secret: sealed, key_version: keyVersion })
          .where('id', '=', row.id)
          .where('sealed_secret', '=', row.sealed_secret)
          .executeTakeFirst();
        resealed += Number(result.numUpdatedRows);
      }
      return { resealed, total: rows.length };
    },
  };
}

function columnsOf(input: IdentityProviderInput) {
  return {
    id: input.id,
    name: input.name,
    preset: input.preset,
    issuer: input.issuer,
    client_id: input.clientId,
    scopes: input.scopes.join(' '),
    allow_sign_up: input.allowSignUp ? 1 : 0,
    link_by_verified_email: input.linkByVerifiedEmail ? 1 : 0,
    enabled: input.enabled ? 1 : 0,
  };
}

function providerOf(row: TeamTables['identity_provider']): IdentityProvider {
  return {
    id: row.id,
    name: row.name,
    preset: row.preset === 'google' || row.preset === 'chatgpt' ? row.preset : 'oidc',
    issuer: row.issuer,
    clientId: row.client_id,
    secretHint: row.secret_hint,
    scopes: row.scopes.split(' ').filter(Boolean),
    allowSignUp: row.allow_sign_up === 1,
    linkByVerifiedEmail: row.link_by_verified_email === 1,
    enabled: row.enabled === 1,
    updatedAt: row.updated_at,
  };
}
