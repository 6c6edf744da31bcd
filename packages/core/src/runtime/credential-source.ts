import type { AuthMethod, ProviderId } from '../ids.js';
import type { ResolvedCredential } from '../auth/types.js';

/**
 * Where a credential comes from, highest precedence first: a per-request credential reference,
 * the user's own key (BYOK), the workspace's (or, for the CLI, the environment's) key, and last
 * the AuthManager's stored session.
 */
export const CREDENTIAL_LEVELS = ['request', 'user', 'workspace', 'session'] as const;
/** One level of {@link CREDENTIAL_LEVELS}. */
export type CredentialLevel = (typeof CREDENTIAL_LEVELS)[number];

/** Who a request is made for; sources of the `request`, `user` and `workspace` levels read it. */
export interface CredentialContext {
  /** An opaque reference to one credential (e.g. a stored key id the server resolves). */
  reference?: string;
  userId?: string;
  workspaceId?: string;
}

/** A (provider, method) pair a source can serve: no secret, nothing refreshed. */
export interface AvailableCredential {
  provider: ProviderId;
  method: AuthMethod;
  /** The stored session's name (`work`), for the session level: a provider may have several. */
  session?: string;
  /** True for the provider's active session (what serves when nothing is pinned). */
  active?: boolean;
}

/** What {@link CredentialSource.find} is asked for. */
export interface CredentialLookup {
  provider: ProviderId;
  /** Methods the route can carry; a credential of another method is of no use. */
  methods: readonly AuthMethod[];
  context: CredentialContext;
  /** Refresh even when the token looks valid (after an upstream 401). */
  forceRefresh?: boolean;
  /** One named stored session (the route planner's choice); other levels ignore it. */
  session?: string;
}

/**
 * One level of credentials. The CLI plugs in the environment and the AuthManager; the server
 * adds request references, users' and workspaces' keys.
 */
export interface CredentialSource {
  readonly level: CredentialLevel;
  /** Cheap listing for planning and `sb models`: reads no secret and refreshes nothing. */
  available(context: CredentialContext): Promise<readonly AvailableCredential[]>;
  /** The credential for `lookup`, or undefined when this level has none of those methods. */
  find(lookup: CredentialLookup): Promise<ResolvedCredential | undefined>;
}
