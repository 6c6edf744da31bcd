import type { ProviderId } from '../ids.js';
import type { StoredSession, VaultDocument } from './session.js';
import { defaultSessionName } from './session-name.js';

/** A stored session with its name (the part of its key after the provider). */
export interface NamedSession {
  /** `openai/work`. */
  key: string;
  /** `work`. */
  name: string;
  session: StoredSession;
}

/** The sessions of `provider` (or of every provider), sorted by key: a stable order for people and planning. */
export function sessionsOf(document: VaultDocument, provider?: ProviderId): NamedSession[] {
  return Object.entries(document.sessions)
    .filter(([, session]) => provider === undefined || session.provider === provider)
    .map(([key, session]) => ({ key, name: key.slice(key.indexOf('/') + 1), session }))
    .sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
}

/** The session `provider/name`, when it exists. */
export function findSession(document: VaultDocument, provider: ProviderId, name: string): NamedSession | undefined {
  const key = `${provider}/${name}`;
  const session = document.sessions[key];
  return session ? { key, name, session } : undefined;
}

/** Files `session` under `provider/name` (its default name when none is given) and returns the key. */
export function addSession(document: VaultDocument, session: StoredSession, name?: string): string {
  const taken = new Set(sessionsOf(document, session.provider).map((entry) => entry.name));
  const key = `${session.provider}/${name ?? defaultSessionName(session, taken)}`;
  document.sessions[key] = session;
  return key;
}
