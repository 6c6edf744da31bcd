import { parseSessionRef, type SessionRef } from '@switchboard/core';
import type { ControllerContext } from './controller-context.js';
import { asSwitchboardError } from './describe-failure.js';

/**
 * `/logout <provider|provider/name>`: removes one named session, or every session of the
 * provider (revoking tokens where the provider can), and says so.
 */
export async function logoutProvider(context: ControllerContext, name: string): Promise<void> {
  let ref: SessionRef;
  try {
    ref = parseSessionRef(name);
  } catch (error) {
    return context.notice(asSwitchboardError(error).message, 'error');
  }
  const profileName = context.snapshot().config.providers[ref.provider].name;
  try {
    const result = await context.services.auth.logout(ref);
    const which = result.sessions.length > 0 ? ` (${result.sessions.join(', ')})` : '';
    if (!result.removed)
      context.notice(
        `You were not logged in to ${profileName}${ref.name ? ` as ${ref.provider}/${ref.name}` : ''}.`,
        'info',
      );
    else context.notice(`Logged out of ${profileName}${which}${result.revoked ? ' (tokens revoked)' : ''}.`, 'success');
  } catch (error) {
    context.notice(`Logout of ${profileName} failed: ${asSwitchboardError(error).message}`, 'error');
  }
  await context.refresh().catch(() => undefined);
}
