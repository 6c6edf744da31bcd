import {
  createGoogleTokenSource,
  openSecret,
  parseServiceAccountKey,
  requestClientCredentialsToken,
  resolveConfig,
  sealSecret,
  SwitchboardError,
  type OAuthProfile,
  type ProviderId,
  type ResolvedCredential,
  type SecretKeyring,
} from '@switchboard/core';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';
import type { TokenSecret } from './team-secret.js';

/** A token is minted anew this long before it expires: five minutes. */
const EARLY_MS = 5 * 60_000;

/** Exchanges stored enterprise credentials for access tokens. */
export interface TokenMinter {
  /**
   * The credential to put on a request: an access token for `secret`. With `cacheKey`, a token
   * minted earlier — by this instance or another — serves until five minutes before it expires,
   * and one instance at a time mints the next one (a PostgreSQL advisory lock on the key);
   * without, a fresh token (a check before saving).
   */
  credential(provider: ProviderId, secret: TokenSecret, cacheKey?: string): Promise<ResolvedCredential>;
}

/** Options of {@link createTokenMinter}. */
export interface TokenMinterOptions {
  readonly db: Kysely<TeamTables>;
  /** Seals the shared tokens. */
  readonly keyring: SecretKeyring;
  /** Azure's token endpoint and scope (`[providers.azure.oauth]`); default the built-in one. */
  readonly azureOAuth?: OAuthProfile;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

interface Minted {
  accessToken: string;
  expiresAt: number;
  projectId?: string;
}

/**
 * Tokens from a Vertex service-account key (JWT-bearer grant, google-auth-library) and from an
 * Azure app's client credentials (RFC 6749 §4.4 at Entra ID: the tenant from the credential, else
 * the configured endpoint's), cached per credential in memory and, sealed, in the database.
 */
export function createTokenMinter(options: TokenMinterOptions): TokenMinter {
  const { db, keyring } = options;
  const now = options.now ?? Date.now;
  const fetch = options.fetch ?? globalThis.fetch;
  const azureOAuth = options.azureOAuth ?? resolveConfig({}).providers.azure.oauth;
  const google = createGoogleTokenSource({ fetch, environment: {} });
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const memory = new Map<string, Minted>();
  const inFlight = new Map<string, Promise<Minted>>();

  async function mint(secret: TokenSecret): Promise<Minted> {
    if (secret.method === 'service-account') {
      const key = parseServiceAccountKey(secret.serviceAccountKey);
      const token = await google.serviceAccountToken(key);
      return {
        accessToken: token.accessToken,
        expiresAt: token.expiresAt ?? now() + 3_600_000,
        ...(key.projectId ? { projectId: key.projectId } : {}),
      };
    }
    if (!azureOAuth?.tokenEndpoint)
      throw new SwitchboardError('INVALID_CONFIG', 'Azure has no token endpoint: set [providers.azure.oauth].');
    const tokenEndpoint = secret.tenantId
      ? azureOAuth.tokenEndpoint.replace(/\/(organizations|common|[^/]+)\/oauth2\//, `/${secret.tenantId}/oauth2/`)
      : azureOAuth.tokenEndpoint;
    const tokens = await requestClientCredentialsToken({
      profile: { ...azureOAuth, tokenEndpoint, clientId: secret.clientId, clientSecret: secret.clientSecret },
      fetch,
      now,
      provider: 'azure',
    });
    return { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt ?? now() + 3_600_000 };
  }

  // A token sealed with a key version since removed from the keyring is simply minted again.
  const openMinted = (sealed: string): Minted | undefined => {
    try {
      return JSON.parse(openSecret(sealed, keyring, 'minted token')) as Minted;
    } catch {
      return undefined;
    }
  };
  const fresh = (minted: Minted | undefined): minted is Minted =>
    minted !== undefined && minted.expiresAt - EARLY_MS > now();

  /** The shared token of `key`, or a new one minted while holding the key's lock. */
  async function shared(key: string, secret: TokenSecret): Promise<Minted> {
    // SQLite has one server process (its callers are already single-flight here): no lock, and no
    // write transaction held open across a token request.
    if (!postgres) return readOrMint(db, key, secret);
    return db.transaction().execute(async (transaction) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(transaction);
      return readOrMint(transaction, key, secret);
    });
  }

  async function readOrMint(transaction: Kysely<TeamTables>, key: string, secret: TokenSecret): Promise<Minted> {
    {
      const row = await transaction
        .selectFrom('credential_token')
        .select(['sealed'])
        .where('key', '=', key)
        .executeTakeFirst();
      const stored = row ? openMinted(row.sealed) : undefined;
      if (fresh(stored)) return stored;
      const minted = await mint(secret);
      const sealed = sealSecret(JSON.stringify(minted), keyring).sealed;
      const expires = new Date(minted.expiresAt).toISOString();
      await transaction
        .insertInto('credential_token')
        .values({ key, sealed, expires_at: expires })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ sealed, expires_at: expires }))
        .execute();
      return minted;
    }
  }

  return {
    async credential(provider, secret, cacheKey) {
      let minted: Minted;
      if (cacheKey === undefined) minted = await mint(secret);
      else {
        const cached = memory.get(cacheKey);
        if (fresh(cached)) minted = cached;
        else {
          let flight = inFlight.get(cacheKey);
          if (!flight) {
            flight = shared(cacheKey, secret).finally(() => inFlight.delete(cacheKey));
            inFlight.set(cacheKey, flight);
          }
          minted = await flight;
          memory.set(cacheKey, minted);
        }
      }
      return {
        provider,
        method: secret.method,
        accessToken: minted.accessToken,
        expiresAt: minted.expiresAt,
        ...(minted.projectId ? { projectId: minted.projectId } : {}),
      };
    },
  };
}
