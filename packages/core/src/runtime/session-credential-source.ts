import type { AuthManager } from '../auth/auth-manager-types.js';
import type { ResolvedCredential } from '../auth/types.js';
import { isSwitchboardError } from '../errors.js';
import type { AvailableCredential, CredentialLookup, CredentialSource } from './credential-source.js';

/** Options of {@link createSessionCredentialSource}. */
export interface SessionCredentialSourceOptions {
  auth: AuthManager;
  /** Clock, epoch ms. */
  now?: () => number;
  /**
   * How long the listing of logged-in sessions is reused (default 2 s). Logins, logouts and
   * switches of this AuthManager clear it at once; the time bound covers other processes.
   */
  listingTtlMs?: number;
  /**
   * How long a found credential serves again without asking the AuthManager (default 1 s): the
   * gateway looks one up for every request, and the AuthManager's answer takes a read of the
   * vault and several promise turns. Every event of this AuthManager but a login starting clears
   * it (a login, logout, switch or refresh changes what it would answer); the time bound covers
   * other processes, as the listing's does. A token is reused only while it is far from its
   * refresh window ({@link CREDENTIAL_REUSE_MARGIN_MS} before it expires), so a reused one is
   * always the one the AuthManager would have answered.
   */
  credentialTtlMs?: number;
}

/**
 * A token is reused only while it expires later than this: beyond the AuthManager's default
 * refresh window (5 minutes) and any reuse time, so reusing never skips an early refresh.
 */
export const CREDENTIAL_REUSE_MARGIN_MS = 10 * 60_000;

/**
 * The AuthManager's stored sessions: the lowest credential level. `find` returns a token that
 * is valid now (refreshed inside its window, single-flight), or a forced refresh after a 401.
 */
export function createSessionCredentialSource(options: SessionCredentialSourceOptions): CredentialSource {
  const { auth } = options;
  const now = options.now ?? Date.now;
  const ttl = options.listingTtlMs ?? 2_000;
  const credentialTtl = options.credentialTtlMs ?? 1_000;
  let listing: { at: number; value: Promise<AvailableCredential[]> } | undefined;
  // Found credentials by lookup (provider, methods, session), and when each was found.
  const found = new Map<string, { at: number; value: Promise<ResolvedCredential | undefined> }>();
  auth.on((event) => {
    if (event.type !== 'refresh') listing = undefined;
    if (event.type !== 'login-started') found.clear();
  });

  async function lookUp(lookup: CredentialLookup): Promise<ResolvedCredential | undefined> {
    try {
      const credential = await auth.getCredential(lookup.provider, {
        methods: lookup.methods,
        ...(lookup.session === undefined ? {} : { session: lookup.session }),
        ...(lookup.forceRefresh ? { forceRefresh: true } : {}),
      });
      return lookup.methods.includes(credential.method) ? credential : undefined;
    } catch (error) {
      if (isSwitchboardError(error, 'LOGIN_REQUIRED')) return undefined;
      throw error;
    }
  }

  return {
    level: 'session',
    available() {
      const at = now();
      if (!listing || at - listing.at >= ttl || at < listing.at) {
        const value = auth.status().then((statuses) =>
          statuses.flatMap((status): AvailableCredential[] => {
            if (status.sessions.length > 0)
              return status.sessions.map((session) => ({
                provider: status.provider,
                method: session.method,
                session: session.name,
                active: session.active,
              }));
            // An environment key stands in for a session (the AuthManager's own fallback).
            return status.loggedIn && status.method ? [{ provider: status.provider, method: status.method }] : [];
          }),
        );
        // A failed listing must not be reused.
        value.catch(() => {
          listing = undefined;
        });
        listing = { at, value };
      }
      return listing.value;
    },
    find(lookup) {
      const key = `${lookup.provider}\n${lookup.methods.join(',')}\n${lookup.session ?? ''}`;
      const at = now();
      if (lookup.forceRefresh) found.delete(key);
      else {
        const reused = found.get(key);
        if (reused && at - reused.at < credentialTtl && at >= reused.at) return reused.value;
      }
      const value = lookUp(lookup);
      found.set(key, { at, value });
      // Only a credential far from its expiry is reused; a failure or none is asked again.
      value.then(
        (credential) => {
          if (!reusable(credential, at) && found.get(key)?.value === value) found.delete(key);
        },
        () => {
          if (found.get(key)?.value === value) found.delete(key);
        },
      );
      return value;
    },
  };
}

function reusable(credential: ResolvedCredential | undefined, at: number): boolean {
  if (!credential) return false;
  if (!('expiresAt' in credential) || credential.expiresAt === undefined) return true;
  return credential.expiresAt - at > CREDENTIAL_REUSE_MARGIN_MS;
}
