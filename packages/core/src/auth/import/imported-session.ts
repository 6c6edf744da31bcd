import { isAbsolute, resolve } from 'node:path';
import type { Environment } from '../../config/environment.js';
import type { StoredSession } from '../../vault/session.js';
import type { ImportSource } from './import-types.js';

/** Fields of a session read from another CLI, before provenance is stamped on. */
export type ImportedSessionFields = Omit<StoredSession, 'metadata' | 'createdAt' | 'updatedAt'> & {
  metadata?: Record<string, string | undefined>;
};

/**
 * A {@link StoredSession} with `metadata.importedFrom = '<source>:<path>'` and timestamps,
 * dropping fields that are undefined.
 */
export function importedSession(
  fields: ImportedSessionFields,
  origin: { source: ImportSource; path: string; now: () => number },
): StoredSession {
  const time = origin.now();
  const session: StoredSession = {
    ...withoutUndefined(fields),
    metadata: { ...withoutUndefined(fields.metadata ?? {}), importedFrom: `${origin.source}:${origin.path}` },
    createdAt: time,
    updatedAt: time,
  } as StoredSession;
  return session;
}

/**
 * The directory named by an environment variable (resolved to an absolute path), or
 * `undefined` when it is unset or blank, as the tools themselves treat it.
 */
export function directoryFromEnvironment(environment: Environment, name: string): string | undefined {
  const value = environment[name];
  if (value === undefined || value.trim() === '') return undefined;
  return isAbsolute(value) ? value : resolve(value);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
