import type { AuthMethod, ProviderId } from '../ids.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import type { VaultDocument } from '../vault/session.js';
import { findSession, sessionsOf, type NamedSession } from '../vault/session-entries.js';

type ActiveChoice = Pick<SwitchboardConfig, 'activeSessions' | 'activeAuthProvider' | 'activeAuthMethod'>;

/**
 * The provider's active session: the one named in `active_sessions`, else (for the active
 * provider) the first of the active method, else the first by name. Undefined without sessions.
 */
export function activeSessionOf(
  document: VaultDocument,
  provider: ProviderId,
  config: ActiveChoice,
): NamedSession | undefined {
  const sessions = sessionsOf(document, provider);
  const named = config.activeSessions[provider];
  const byName = named === undefined ? undefined : sessions.find((entry) => entry.name === named);
  if (byName) return byName;
  const byMethod =
    config.activeAuthProvider === provider && config.activeAuthMethod !== undefined
      ? sessions.find((entry) => entry.session.method === config.activeAuthMethod)
      : undefined;
  return byMethod ?? sessions[0];
}

/** Which stored session a request or command wants. */
export interface SessionSelector {
  /** One named session; nothing else will do. */
  name?: string | undefined;
  /** Methods the caller can use; the active session is taken when it has one of them. */
  methods?: readonly AuthMethod[] | undefined;
}

/**
 * The session that serves `selector`: the named one, or the provider's active session when its
 * method fits, else the first session (by name) of a fitting method.
 */
export function selectSession(
  document: VaultDocument,
  provider: ProviderId,
  selector: SessionSelector,
  config: ActiveChoice,
): NamedSession | undefined {
  if (selector.name !== undefined) {
    const found = findSession(document, provider, selector.name);
    if (found && selector.methods && !selector.methods.includes(found.session.method)) return undefined;
    return found;
  }
  const fits = (entry: NamedSession) => !selector.methods || selector.methods.includes(entry.session.method);
  const active = activeSessionOf(document, provider, config);
  if (active && fits(active)) return active;
  return sessionsOf(document, provider).find(fits);
}
