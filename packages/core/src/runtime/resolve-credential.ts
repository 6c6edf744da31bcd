import type { ResolvedCredential } from '../auth/types.js';
import { loginCommand } from '../auth/login-command.js';
import { SwitchboardError } from '../errors.js';
import {
  CREDENTIAL_LEVELS,
  type CredentialLevel,
  type CredentialLookup,
  type CredentialSource,
} from './credential-source.js';

/** A credential and the level it came from. */
export interface CredentialResolution {
  credential: ResolvedCredential;
  level: CredentialLevel;
}

/** Sources sorted by precedence (request > user > workspace > session), stable within a level. */
export function sortCredentialSources(sources: readonly CredentialSource[]): CredentialSource[] {
  return [...sources].sort(
    (left, right) => CREDENTIAL_LEVELS.indexOf(left.level) - CREDENTIAL_LEVELS.indexOf(right.level),
  );
}

/** The runtime's source lists are built once: each is sorted once (a list is never changed after). */
const sortedLists = new WeakMap<readonly CredentialSource[], readonly CredentialSource[]>();

function sortedOnce(sources: readonly CredentialSource[]): readonly CredentialSource[] {
  let sorted = sortedLists.get(sources);
  if (!sorted) {
    sorted = sortCredentialSources(sources);
    sortedLists.set(sources, sorted);
  }
  return sorted;
}

/**
 * The one credential resolution of Switchboard, used by the CLI and the server alike: the first
 * level that holds a credential the route can carry wins — per-request reference > user key
 * (BYOK) > workspace / global key (the environment, for the CLI) > the AuthManager session.
 * The order is the levels', not the order `sources` are given in.
 *
 * Errors a source throws (an expired session, a refresh that failed) propagate: they say more
 * than "not logged in".
 * @throws SwitchboardError `LOGIN_REQUIRED` naming the login command when no level has one.
 */
export async function resolveCredential(
  lookup: CredentialLookup,
  sources: readonly CredentialSource[],
  options: { providerName?: string } = {},
): Promise<CredentialResolution> {
  for (const source of sortedOnce(sources)) {
    const credential = await source.find(lookup);
    if (credential && credential.provider === lookup.provider && lookup.methods.includes(credential.method)) {
      return { credential, level: source.level };
    }
  }
  const name = options.providerName ?? lookup.provider;
  const command = loginCommand(lookup.provider, lookup.session);
  const what =
    lookup.session === undefined
      ? `${name} credential for ${lookup.methods.join(' or ')}`
      : `${name} session ${lookup.provider}/${lookup.session} of a method this route can use`;
  throw new SwitchboardError('LOGIN_REQUIRED', `No ${what}. Run ${command}`, {
    provider: lookup.provider,
    hint: command,
  });
}
