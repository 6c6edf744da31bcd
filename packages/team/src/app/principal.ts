/** A team member's role. Admins manage the workspace; users manage only what is theirs. */
export type TeamRole = 'admin' | 'user';

/** How the request's caller proved who they are. Authorization never depends on it. */
export type SignInMethod = 'passkey' | 'sso' | 'api-key';

/** The authenticated caller of a request. */
export interface Principal {
  readonly userId: string;
  readonly role: TeamRole;
  readonly method: SignInMethod;
}

/**
 * Finds the caller of a request (session cookie, personal API key, …) or `undefined` for an
 * anonymous request. Throwing rejects the request with the thrown error.
 */
export type PrincipalResolver = (request: Request) => Promise<Principal | undefined>;

/** Hono's typed context variables of the team app. */
export interface TeamAppEnv {
  Variables: {
    principal: Principal | undefined;
  };
}
