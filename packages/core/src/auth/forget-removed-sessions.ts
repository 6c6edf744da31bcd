import type { ConfigOwner } from '../config/config-owner.js';
import type { ProviderId } from '../ids.js';
import type { VaultDocument } from '../vault/session.js';
import { sessionsOf, type NamedSession } from '../vault/session-entries.js';

/**
 * After a logout, clears the config's choices that named the removed sessions — decided again
 * under the config lock, since another process may have switched meanwhile: the provider's
 * active session name; for the active provider, the method of the session that now serves, or
 * the active provider itself when none is left.
 */
export async function forgetRemovedSessions(
  configOwner: ConfigOwner,
  provider: ProviderId,
  removed: readonly NamedSession[],
  remaining: VaultDocument | undefined,
): Promise<void> {
  const config = await configOwner.reload();
  const names = new Set(removed.map((entry) => entry.name));
  const activeName = config.activeSessions[provider];
  if (!(activeName !== undefined && names.has(activeName)) && config.activeAuthProvider !== provider) return;
  const left = remaining ? sessionsOf(remaining, provider) : [];
  await configOwner.update((document) => {
    const named = document.active_sessions?.[provider];
    if (document.active_sessions && named !== undefined && names.has(named)) delete document.active_sessions[provider];
    if (document.active_auth_provider !== provider) return;
    const next =
      left.find((entry) => entry.name === document.active_sessions?.[provider]) ??
      left.find((entry) => entry.session.method === document.active_auth_method) ??
      left[0];
    if (next) {
      document.active_auth_method = next.session.method;
      return;
    }
    delete document.active_auth_provider;
    delete document.active_auth_method;
  });
}
