import { SwitchboardError } from '@switchboard/core';
import type { Context } from 'hono';
import type { Principal, TeamAppEnv, TeamRole } from './principal.js';

/** The single text every refused sign-in gets, so a response never tells which part was wrong. */
export const SIGN_IN_REQUIRED_MESSAGE = 'Sign in to continue.';

/**
 * The one authorization check of the team app: the caller of `context`, who must be signed in
 * (any way) and, when `role` is `admin`, be an admin. Every route calls it, whatever the way in.
 */
export function requirePrincipal(context: Context<TeamAppEnv>, role: TeamRole = 'user'): Principal {
  const principal = context.get('principal');
  if (principal === undefined) throw new SwitchboardError('AUTH_FAILED', SIGN_IN_REQUIRED_MESSAGE);
  if (role === 'admin' && principal.role !== 'admin')
    throw new SwitchboardError('PERMISSION_DENIED', 'This needs an administrator of the workspace.');
  return principal;
}
