import { SwitchboardError } from '../errors.js';
import { resolveProviderId, type ProviderId } from '../ids.js';
import { isValidSessionName } from '../vault/session-name.js';

/**
 * Which session a command means: a provider (its active session, or all of them for `logout`)
 * or one named session of it (`openai/work`).
 */
export interface SessionRef {
  provider: ProviderId;
  /** The session's short name; absent when only the provider was named. */
  name?: string;
}

/**
 * The name as given, checked.
 * @throws SwitchboardError `INVALID_INPUT` saying which names are allowed.
 */
export function checkSessionName(name: string): string {
  const trimmed = name.trim().toLowerCase();
  if (!isValidSessionName(trimmed))
    throw new SwitchboardError(
      'INVALID_INPUT',
      `"${name}" cannot name a session: use 1–40 letters, digits, ".", "_" or "-" (for example work or personal).`,
    );
  return trimmed;
}

/**
 * Parses `openai`, `chatgpt`, `openai/work` or `chatgpt/work` (aliases as everywhere).
 * @throws SwitchboardError `UNKNOWN_PROVIDER` or `INVALID_INPUT`.
 */
export function parseSessionRef(text: string): SessionRef {
  const slash = text.indexOf('/');
  if (slash === -1) return { provider: resolveProviderId(text) };
  const provider = resolveProviderId(text.slice(0, slash));
  return { provider, name: checkSessionName(text.slice(slash + 1)) };
}

/** `openai/work`: the key of a session in the store and how people name it. */
export function sessionKey(provider: ProviderId, name: string): string {
  return `${provider}/${name}`;
}

/** `openai/work`, or `openai` when no name was given. */
export function formatSessionRef(ref: SessionRef): string {
  return ref.name === undefined ? ref.provider : sessionKey(ref.provider, ref.name);
}
