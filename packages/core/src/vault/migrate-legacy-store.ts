import { stat, unlink } from 'node:fs/promises';
import type { SwitchboardPaths } from '../config/paths.js';
import { convertLegacyStore, type LegacyConversion } from './convert-legacy-store.js';
import { backupLegacyFile } from '../config/backup-legacy-file.js';
import { readTextIfExists } from '../config/read-text-if-exists.js';
import type { SecretStore } from './secret-store.js';
import { emptyVaultDocument } from './session.js';

/** Options for {@link migrateLegacyStore}. */
export interface MigrateLegacyStoreOptions {
  paths: Pick<SwitchboardPaths, 'authStore'>;
  /**
   * The store to migrate into: the encrypted file store of the same `auth.json` (which then
   * replaces the plaintext file) or another store such as the keychain store (then
   * `auth.json` is removed once its content is stored and backed up).
   */
  store: SecretStore;
  now?: () => number;
}

/** What {@link migrateLegacyStore} did. */
export interface LegacyMigration {
  format: LegacyConversion['format'];
  /** Where the original bytes were kept, mode 0600. */
  backup: string;
}

/**
 * Moves a plaintext `auth.json` of an older layout (see `convertLegacyStore`) into `store`,
 * keeping the original bytes as `auth.json.bak` (0600). Runs under the store's lock and
 * re-reads inside it, so concurrent openers migrate once; a second run finds nothing to do.
 * Sessions already in the target win over legacy ones for the same provider (the legacy
 * ones remain in the backup). Resolves `undefined` when there was nothing to migrate.
 */
export async function migrateLegacyStore(options: MigrateLegacyStoreOptions): Promise<LegacyMigration | undefined> {
  const { paths, store } = options;
  const now = options.now ?? Date.now;
  // Cheap check first, without the lock: the common case is an encrypted or absent file.
  if (!(await readLegacy(paths.authStore, now()))) return undefined;
  return store.withLock(async ({ read, write }) => {
    const legacy = await readLegacy(paths.authStore, now());
    if (!legacy) return undefined;
    const backup = await backupLegacyFile(paths.authStore, legacy.text);
    // The file store's own file is the legacy one: there is nothing else in it to keep.
    const target = store.kind === 'file' ? emptyVaultDocument() : await read();
    const providersHere = new Set(Object.values(target.sessions).map((session) => session.provider));
    for (const [key, session] of Object.entries(legacy.conversion.document.sessions)) {
      if (!providersHere.has(session.provider)) target.sessions[key] = session;
    }
    for (const [name, secret] of Object.entries(legacy.conversion.document.secrets)) {
      target.secrets[name] ??= secret;
    }
    await write(target);
    if (store.kind !== 'file') await unlink(paths.authStore);
    return { format: legacy.conversion.format, backup };
  });
}

async function readLegacy(
  file: string,
  now: number,
): Promise<{ text: string; conversion: LegacyConversion } | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const modifiedAt = (await stat(file).catch(() => undefined))?.mtimeMs;
  const conversion = convertLegacyStore(value, {
    now,
    ...(modifiedAt === undefined ? {} : { modifiedAt: Math.round(modifiedAt) }),
  });
  return conversion ? { text, conversion } : undefined;
}
