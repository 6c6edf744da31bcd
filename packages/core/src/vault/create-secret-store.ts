import { pathExists } from '../config/path-exists.js';
import { SwitchboardError } from '../errors.js';
import type { SwitchboardPaths } from '../config/paths.js';
import type { FileLockOptions } from '../config/file-lock.js';
import type { DataKeySource } from './data-key.js';
import { createEncryptedFileStore } from './encrypted-file-store.js';
import { createFileKeySource } from './file-key-source.js';
import { createKeychainKeySource } from './keychain-key-source.js';
import { createKeychainStore } from './keychain-store.js';
import { DEFAULT_KEYCHAIN_TIMEOUT_MS, createOsKeychain, probeKeychain, type Keychain } from './keychain.js';
import { createMemoryStore } from './memory-store.js';
import { migrateLegacyStore } from './migrate-legacy-store.js';
import { readTextIfExists } from '../config/read-text-if-exists.js';
import type { SecretStore } from './secret-store.js';
import { hasVaultFormat, readVaultHeader, type VaultHeader } from './vault-envelope.js';

/** `[auth] store` in config.toml, plus `memory` for tests and the server. */
export type SecretStoreChoice = 'auto' | 'keychain' | 'file' | 'memory';

/** Options for {@link createSecretStore}. */
export interface CreateSecretStoreOptions {
  paths: SwitchboardPaths;
  kind: SecretStoreChoice;
  /** Default: the OS keychain ({@link createOsKeychain}). */
  keychain?: Keychain;
  /** Bound on every keychain call, including the probe, default 5 s. */
  keychainTimeoutMs?: number;
  /** Cross-process lock tuning. */
  lock?: FileLockOptions;
  now?: () => number;
}

/**
 * Opens the configured secret store and migrates a legacy plaintext auth.json into it.
 *
 * - `auto`: encrypted auth.json whose data key lives in the OS keychain when one answers,
 *   else in a 0600 auth.key. An existing auth.key, or a vault whose header says where its
 *   key is, always wins, so existing data is never stranded.
 * - `file`: encrypted auth.json with auth.key (again unless the existing vault's key is in the keychain).
 * - `keychain`: the whole document in the OS keychain; `STORE_UNAVAILABLE` when there is none.
 * - `memory`: nothing persisted.
 */
export async function createSecretStore(options: CreateSecretStoreOptions): Promise<SecretStore> {
  if (options.kind === 'memory') return createMemoryStore();
  const { paths } = options;
  const timeoutMs = options.keychainTimeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  const keychain = options.keychain ?? createOsKeychain({ timeoutMs });
  const lock = options.lock === undefined ? {} : { lock: options.lock };
  let store: SecretStore;
  if (options.kind === 'keychain') {
    const probe = await probeKeychain(keychain, timeoutMs);
    if (!probe.available) {
      throw new SwitchboardError(
        'STORE_UNAVAILABLE',
        `[auth] store = "keychain" needs an OS keychain, and none is usable here: ${asSentence(probe.reason)} Use store = "auto" or "file" in ${paths.config} to keep sessions in an encrypted file instead.`,
      );
    }
    store = createKeychainStore({ keychain, paths, timeoutMs, ...lock });
  } else {
    const kind = options.kind;
    const choose = () => chooseKeySource(kind, paths, keychain, timeoutMs);
    // Nothing stored yet: the key's place is chosen at the first write, so starting on an
    // empty home (every `sb` command before the first login) never probes the keychain.
    const nothingStored = !(await pathExists(paths.authKey)) && !(await pathExists(paths.authStore));
    store = createEncryptedFileStore({ paths, keySource: nothingStored ? choose : await choose(), ...lock });
  }
  await migrateLegacyStore({ paths, store, ...(options.now ? { now: options.now } : {}) });
  return store;
}

async function chooseKeySource(
  kind: 'auto' | 'file',
  paths: SwitchboardPaths,
  keychain: Keychain,
  timeoutMs: number,
): Promise<DataKeySource> {
  const fileSource = createFileKeySource(paths);
  if (await pathExists(paths.authKey)) return fileSource;
  const header = await peekVaultHeader(paths.authStore);
  if (header?.keyStore === 'file' || (header === undefined && kind === 'file')) return fileSource;
  const probe = await probeKeychain(keychain, timeoutMs);
  if (probe.available) return createKeychainKeySource({ keychain, paths, timeoutMs });
  if (header?.keyStore === 'keychain') {
    throw new SwitchboardError(
      'STORE_UNAVAILABLE',
      `${paths.authStore} is encrypted with a key kept in the OS keychain, which is not usable now: ${asSentence(probe.reason)} Unlock or start the keychain and try again; nothing was changed.`,
    );
  }
  return fileSource;
}

async function peekVaultHeader(file: string): Promise<VaultHeader | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return hasVaultFormat(value) ? readVaultHeader(value) : undefined;
  } catch {
    // Unreadable files are reported (as STORE_CORRUPT) by the store itself, on first read.
    return undefined;
  }
}

function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
