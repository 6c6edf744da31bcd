import type { AuditLog } from '../audit/create-audit-log.js';
import type { SecretKeyring } from '@switchboard/core';
import type { IdentityProviderChecker } from './sso/register-identity-provider-routes.js';
import { createRateLimiter } from '../security/create-rate-limiter.js';
import { createSignInGuard, type SignInGuard } from './create-sign-in-guard.js';
import type { TeamDatabase } from '../storage/open-team-database.js';
import type { UserStore } from '../users/create-user-store.js';
import { createEnrollmentStore, type EnrollmentStore } from './create-enrollment-store.js';
import { createTeamAuth, type TeamAuth } from './create-team-auth.js';
import { createIdentityProviderStore, type IdentityProviderStore } from './sso/create-identity-provider-store.js';
import { createIdentityStore, type IdentityStore } from './sso/create-identity-store.js';

/** Options of the team app's sign-in. */
export interface SignInOptions {
  /** The web app's public URL: passkeys are bound to its host, cookies to its origin. */
  readonly publicUrl: string;
  /** Signs cookies: the team's own, made once and kept in the database (`readAuthSecret`). */
  readonly secret: string;
  /** Seals identity providers' client secrets; without it only public clients can be added. */
  readonly keyring?: SecretKeyring;
  /** Reaches identity providers. */
  readonly fetch?: typeof globalThis.fetch;
  /** Checks an identity provider before it is saved. Default: OpenID discovery at its issuer. */
  readonly checkIdentityProvider?: IdentityProviderChecker;
  /** Sign-in attempts allowed per client address and minute. Default 30. */
  readonly attemptsPerMinute?: number;
  /**
   * The server sits behind a reverse proxy that appends the client's address to
   * `X-Forwarded-For`: limit by that address, not the proxy's. Default false.
   */
  readonly trustProxy?: boolean;
}

/** Everything sign-in is made of, built once per app. */
export interface SignIn {
  readonly auth: TeamAuth;
  readonly guard: SignInGuard;
  readonly publicUrl: string;
  readonly stores: {
    readonly enrollments: EnrollmentStore;
    readonly identityProviders: IdentityProviderStore;
    readonly identities: IdentityStore;
  };
}

/** Builds the team's sign-in over its database. */
export function createSignIn(
  database: TeamDatabase,
  options: SignInOptions,
  users: UserStore,
  auditLog: AuditLog,
): SignIn {
  const enrollments = createEnrollmentStore({ db: database.db });
  const identityProviders = createIdentityProviderStore({
    db: database.db,
    ...(options.keyring ? { keyring: options.keyring } : {}),
  });
  const identities = createIdentityStore({ db: database.db });
  const auth = createTeamAuth({
    database,
    publicUrl: options.publicUrl,
    secret: options.secret,
    users,
    enrollments,
    identityProviders,
    identities,
    auditLog,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    auth,
    guard: createSignInGuard({
      limiter: createRateLimiter({ db: database.db, limit: options.attemptsPerMinute ?? 30, windowMs: 60_000 }),
      trustProxy: options.trustProxy ?? false,
    }),
    publicUrl: options.publicUrl,
    stores: { enrollments, identityProviders, identities },
  };
}
