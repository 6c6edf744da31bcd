import { resolveProviderId, SwitchboardError, type AuthMethod, type LogoutResult } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/** `sb auth logout <provider> | --all`: removes sessions, revoking tokens where the provider supports it. */
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
  const provider = providerName === undefined ? undefined : resolveProviderId(providerName);
  const { auth, config } = await openCliSwitchboard(io);
  const methods = new Map((await auth.status()).map((status) => [status.provider, status.method]));
  const results = provider === undefined ? await auth.logoutAll() : [await auth.logout(provider)];

  if (options.json) {
    writeJsonLine(io.stdout, {
      providers: results.map(({ provider, removed, revoked }) => ({ provider, removed, revoked })),
    });
    return 0;
  }
  const shown = provider === undefined ? results.filter((result) => result.removed) : results;
  if (shown.length === 0) io.stdout.write('You were not logged in to any provider.\n');
  for (const result of shown)
    io.stdout.write(
      `${describeLogout(result, config.providers[result.provider].name, methods.get(result.provider) ?? null)}\n`,
    );
  return 0;
}

function describeLogout(result: LogoutResult, name: string, method: AuthMethod | null): string {
  if (!result.removed) return `Not logged in to ${name}; nothing to do.`;
  if (result.revoked) return `✅ Logged out of ${name}; ${name} confirmed the revocation.`;
  if (method === 'service-account')
    return `✅ Logged out of ${name}; the key is removed from Switchboard, but it stays valid in Google Cloud IAM until you delete it there.`;
  if (method === 'adc')
    return `✅ Logged out of ${name}; Switchboard no longer uses your Application Default Credentials (they are unchanged).`;
  if (method === 'oauth' || method === 'client-credentials') {
    return `✅ Logged out of ${name}; removed here, but ${name} did not confirm a revocation (the token expires on its own).`;
  }
  return `✅ Logged out of ${name}; removed from Switchboard (an API key stays valid at ${name} until you delete it there).`;
}
