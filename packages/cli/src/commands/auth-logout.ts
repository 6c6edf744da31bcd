import { parseSessionRef, SwitchboardError, type AuthMethod, type LogoutResult } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/**
 * `sb auth logout <provider|provider/name> | --all`: removes one named session, or every session
 * of the provider, revoking tokens where the provider supports it.
 */
export async function runAuthLogout(
  io: CliIo,
  providerName: string | undefined,
  options: { all?: boolean; json?: boolean },
): Promise<number> {
  if ((providerName === undefined) === (options.all !== true)) {
    throw new SwitchboardError('INVALID_INPUT', 'Name one provider or pass --all (not both).', {
      hint: 'Run `sb auth logout --help` for usage.',
    });
  }
  const ref = providerName === undefined ? undefined : parseSessionRef(providerName);
  const { auth, config } = await openCliSwitchboard(io);
  // The method of each session, read before it is gone, says what "logged out" means for it.
  const methods = new Map(
    (await auth.status()).flatMap((status) => status.sessions.map((session) => [session.ref, session.method] as const)),
  );
  const results = ref === undefined ? await auth.logoutAll() : [await auth.logout(ref)];

  if (options.json) {
    writeJsonLine(io.stdout, {
      providers: results.map(({ provider, removed, revoked, sessions }) => ({ provider, removed, revoked, sessions })),
    });
    return 0;
  }
  const shown = ref === undefined ? results.filter((result) => result.removed) : results;
  if (shown.length === 0) io.stdout.write('You were not logged in to any provider.\n');
  for (const result of shown) {
    const name = config.providers[result.provider].name;
    const method = result.sessions.length === 1 ? (methods.get(result.sessions[0] ?? '') ?? null) : null;
    const which = result.sessions.length > 0 ? ` (${result.sessions.join(', ')})` : '';
    const asked = ref?.name === undefined ? name : `${name} session ${ref.provider}/${ref.name}`;
    io.stdout.write(`${describeLogout(result, name, asked, which, method)}\n`);
  }
  return 0;
}

function describeLogout(
  result: LogoutResult,
  name: string,
  asked: string,
  which: string,
  method: AuthMethod | null,
): string {
  if (!result.removed) return `Not logged in to ${asked}; nothing to do.`;
  return describeRemoved(result, `${name}${which}`, name, method);
}

function describeRemoved(result: LogoutResult, label: string, name: string, method: AuthMethod | null): string {
  if (result.revoked) return `✅ Logged out of ${label}; ${name} confirmed the revocation.`;
  if (method === 'service-account')
    return `✅ Logged out of ${label}; the key is removed from Switchboard, but it stays valid in Google Cloud IAM until you delete it there.`;
  if (method === 'adc')
    return `✅ Logged out of ${label}; Switchboard no longer uses your Application Default Credentials (they are unchanged).`;
  if (method === 'oauth' || method === 'client-credentials') {
    return `✅ Logged out of ${label}; removed here, but ${name} did not confirm a revocation (the token expires on its own).`;
  }
  if (method === null) return `✅ Logged out of ${label}; removed from Switchboard.`;
  return `✅ Logged out of ${label}; removed from Switchboard (an API key stays valid at ${name} until you delete it there).`;
}
