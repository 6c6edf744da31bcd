import { parseSessionRef } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { methodLabel } from '../io/format-status.js';
import { writeJsonLine } from '../io/json-line.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/**
 * `sb auth switch <provider|provider/name>`: makes a logged-in provider — and, when named, one
 * of its sessions (`openai/work`) — the active one (persisted).
 */
export async function runAuthSwitch(io: CliIo, target: string, options: { json?: boolean }): Promise<number> {
  const ref = parseSessionRef(target);
  const { auth } = await openCliSwitchboard(io);
  const switched = await auth.switchProvider(ref);
  const status = await auth.statusOf(ref.provider);
  const session = status.sessions.find((entry) => entry.name === switched.session);
  if (options.json) {
    writeJsonLine(io.stdout, {
      active: { provider: status.provider, method: switched.method, session: switched.session ?? null },
    });
  } else {
    const details = [methodLabel(switched.method), session?.account ?? status.account].filter(Boolean).join(' · ');
    const which = session ? ` ${session.ref}` : '';
    io.stdout.write(`Switched to ${status.name}${which}${details ? ` (${details})` : ''}.\n`);
  }
  return 0;
}
