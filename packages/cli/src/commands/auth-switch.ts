import { resolveProviderId } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { methodLabel } from '../io/format-status.js';
import { writeJsonLine } from '../io/json-line.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/** `sb auth switch <provider>`: makes a logged-in provider the active one (persisted). */
export async function runAuthSwitch(io: CliIo, providerName: string, options: { json?: boolean }): Promise<number> {
  const provider = resolveProviderId(providerName);
  const { auth } = await openCliSwitchboard(io);
  await auth.switchProvider(provider);
  const status = await auth.statusOf(provider);
  if (options.json) {
    writeJsonLine(io.stdout, { active: { provider: status.provider, method: status.method } });
  } else {
    const details = [status.method ? methodLabel(status.method) : null, status.account].filter(Boolean).join(' · ');
    io.stdout.write(`Switched to ${status.name}${details ? ` (${details})` : ''}.\n`);
  }
  return 0;
}
