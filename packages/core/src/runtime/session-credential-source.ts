import type { AuthManager } from '../auth/auth-manager-types.js';
import { isSwitchboardError } from '../errors.js';
import type { AvailableCredential, CredentialSource } from './credential-source.js';

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
}

/**
 * The AuthManager's stored sessions: the lowest credential level. `find` returns a token that
 * is valid now (refreshed inside its window, single-flight), or a forced refresh after a 401.
 */
export function createSessionCredentialSource(options: SessionCredentialSourceOptions): CredentialSource {
  const { auth } = options;
  const now = options.now ?? Date.now;
  const ttl = options.listingTtlMs ?? 2_000;
  let listing: { at: number; value: Promise<AvailableCredential[]> } | undefined;
  auth.on((event) => {
    if (event.type !== 'refresh') listing = undefined;
  });

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
    async find(lookup) {
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
    },
  };
}
