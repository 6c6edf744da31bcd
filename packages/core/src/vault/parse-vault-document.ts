import type { VaultDocument } from './session.js';

/**
 * Checks that `value` has the shape of a {@link VaultDocument} (version 1, a session object
 * per provider, string secrets) and returns it, or `undefined` when it does not.
 * Sessions without `metadata` get an empty one.
 */
export function parseVaultDocument(value: unknown): VaultDocument | undefined {
  if (!isPlainObject(value) || value.version !== 1) return undefined;
  const { sessions, secrets } = value;
  if (!isPlainObject(sessions) || !isPlainObject(secrets)) return undefined;
  for (const session of Object.values(sessions)) {
    if (!isPlainObject(session)) return undefined;
    if (typeof session.provider !== 'string' || typeof session.method !== 'string') return undefined;
    if (session.metadata === undefined) session.metadata = {};
    else if (!isPlainObject(session.metadata)) return undefined;
  }
  if (!Object.values(secrets).every((secret) => typeof secret === 'string')) return undefined;
  return {
    version: 1,
    sessions: sessions as VaultDocument['sessions'],
    secrets: secrets as Record<string, string>,
  };
}

/** True for `{…}` (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON round trip: drops `undefined`, refuses what JSON cannot hold. */
export function cloneAsJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
