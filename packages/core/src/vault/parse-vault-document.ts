import { defaultSessionName } from './session-name.js';
import type { StoredSession, VaultDocument } from './session.js';

/** The document version this Switchboard writes. */
export const VAULT_DOCUMENT_VERSION = 2;

/**
 * Checks that `value` has the shape of a {@link VaultDocument} and returns it, or `undefined`
 * when it does not. A version 1 document (at most one session per provider, keyed by provider)
 * is upgraded: each session is filed under `provider/<default name>`, losing nothing. Sessions
 * without `metadata` get an empty one.
 */
export function parseVaultDocument(value: unknown): VaultDocument | undefined {
  return readVaultDocument(value)?.document;
}

/** {@link parseVaultDocument}, also saying which version the value was written in. */
export function readVaultDocument(value: unknown): { document: VaultDocument; version: 1 | 2 } | undefined {
  if (!isPlainObject(value) || (value.version !== 1 && value.version !== 2)) return undefined;
  const { sessions, secrets } = value;
  if (!isPlainObject(sessions) || !isPlainObject(secrets)) return undefined;
  for (const session of Object.values(sessions)) {
    if (!isPlainObject(session)) return undefined;
    if (typeof session.provider !== 'string' || typeof session.method !== 'string') return undefined;
    if (session.metadata === undefined) session.metadata = {};
    else if (!isPlainObject(session.metadata)) return undefined;
  }
  if (!Object.values(secrets).every((secret) => typeof secret === 'string')) return undefined;
  const typed = sessions as Record<string, StoredSession>;
  if (value.version === 1) {
    return {
      document: { version: 2, sessions: upgradeSessions(typed), secrets: secrets as Record<string, string> },
      version: 1,
    };
  }
  for (const [key, session] of Object.entries(typed)) {
    const slash = key.indexOf('/');
    if (slash === -1 || key.slice(0, slash) !== session.provider) return undefined;
  }
  return { document: { version: 2, sessions: typed, secrets: secrets as Record<string, string> }, version: 2 };
}

function upgradeSessions(sessions: Record<string, StoredSession>): Record<string, StoredSession> {
  const upgraded: Record<string, StoredSession> = {};
  for (const session of Object.values(sessions)) {
    const provider = session.provider;
    const taken = new Set(
      Object.keys(upgraded)
        .filter((key) => key.startsWith(`${provider}/`))
        .map((key) => key.slice(provider.length + 1)),
    );
    upgraded[`${provider}/${defaultSessionName(session, taken)}`] = session;
  }
  return upgraded;
}

/** True for `{…}` (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON round trip: drops `undefined`, refuses what JSON cannot hold. */
export function cloneAsJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
