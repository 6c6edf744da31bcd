import { SwitchboardError } from '@switchboard/core';

/** Sign-in attempts a client may make per minute: `SWITCHBOARD_TEAM_SIGN_IN_LIMIT` (default 30). */
export const SIGN_IN_LIMIT_VARIABLE = 'SWITCHBOARD_TEAM_SIGN_IN_LIMIT';
/** `1`: behind a reverse proxy that appends the client to `X-Forwarded-For`; limit by that address. */
export const TRUST_PROXY_VARIABLE = 'SWITCHBOARD_TEAM_TRUST_PROXY';

/**
 * The operator's sign-in settings from the environment.
 * @throws SwitchboardError `INVALID_CONFIG` naming the variable and what it takes.
 */
export function signInSettingsFrom(environment: Readonly<Record<string, string | undefined>>): {
  attemptsPerMinute?: number;
  trustProxy: boolean;
} {
  const limit = environment[SIGN_IN_LIMIT_VARIABLE];
  const proxy = environment[TRUST_PROXY_VARIABLE];
  if (proxy !== undefined && proxy !== '' && proxy !== '0' && proxy !== '1')
    throw new SwitchboardError('INVALID_CONFIG', `${TRUST_PROXY_VARIABLE} takes 1 (behind a reverse proxy) or 0.`);
  const trustProxy = proxy === '1';
  if (limit === undefined || limit === '') return { trustProxy };
  const attemptsPerMinute = Number(limit);
  if (!Number.isInteger(attemptsPerMinute) || attemptsPerMinute < 1)
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `${SIGN_IN_LIMIT_VARIABLE} must be a whole number of sign-in attempts per minute (e.g. 30), not "${limit}".`,
    );
  return { attemptsPerMinute, trustProxy };
}
