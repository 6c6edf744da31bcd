import { resolve } from 'node:path';
import { SwitchboardError } from '../errors.js';
import type { SwitchboardPaths } from '../config/paths.js';
import type { FileLockOptions } from '../config/file-lock.js';
import { fileLockedAccess } from './file-locked-access.js';
import { DEFAULT_KEYCHAIN_TIMEOUT_MS, KEYCHAIN_SERVICE, withKeychainTimeout, type Keychain } from './keychain.js';
import { cloneAsJson, parseVaultDocument, readVaultDocument } from './parse-vault-document.js';
import type { SecretStore } from './secret-store.js';
import { emptyVaultDocument, type VaultDocument } from './session.js';
import { storeCorruptError } from './store-corrupt-error.js';
import { deepFreeze } from '../internal/deep-freeze.js';

/** Options for {@link createKeychainStore}. */
export interface KeychainStoreOptions {
  keychain: Keychain;
  paths: Pick<SwitchboardPaths, 'home' | 'authLock'>;
  /** Per keychain call, default 5 s. */
  timeoutMs?: number;
  /** Cross-process lock tuning. */
  lock?: FileLockOptions;
}

/** The keychain account holding the whole document of the vault in `home`. */
export function vaultAccount(home: string): string {
  return `vault:${resolve(home)}`;
}

/**
 * The whole session document as one OS-keychain entry (`[auth] store = "keychain"`).
 * Read-modify-write still holds the file lock in the Switchboard home, so processes do not
 * lose each other's updates. A damaged entry is `STORE_CORRUPT` and never overwritten.
 */
export function createKeychainStore(options: KeychainStoreOptions): SecretStore {
  const { keychain, paths } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  const account = vaultAccount(paths.home);
  const entry = `The OS keychain entry (service "${KEYCHAIN_SERVICE}", account "${account}")`;
  let lastGoodText: string | undefined;
  // A version 1 entry this instance read: copied to a backup entry before it is first replaced.
  let olderVersionText: string | undefined;

  async function readText(): Promise<string | null> {
    return withKeychainTimeout(() => keychain.getPassword(KEYCHAIN_SERVICE, account), timeoutMs);
  }

  function decode(text: string): VaultDocument {
    let parsed: ReturnType<typeof readVaultDocument>;
    try {
      parsed = readVaultDocument(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (!parsed) {
      throw storeCorruptError(
        entry,
        'does not hold a valid session store',
        'Delete that entry with your keychain tool and log in again.',
      );
    }
    lastGoodText = text;
    if (parsed.version === 1) olderVersionText = text;
    return parsed.document;
  }

  async function read(): Promise<VaultDocument> {
    const text = await readText();
    return text === null ? emptyVaultDocument() : decode(text);
  }

  async function write(document: VaultDocument): Promise<void> {
    const next = parseVaultDocument(cloneAsJson(document));
    if (!next)
      throw new SwitchboardError(
        'INVALID_INPUT',
        'Refusing to write an invalid session store to the OS keychain; nothing was changed.',
      );
    const current = await readText();
    if (current !== null && current !== lastGoodText) decode(current);
    if (current !== null && current === olderVersionText)
      await withKeychainTimeout(
        () => keychain.setPassword(KEYCHAIN_SERVICE, `${account}:v1-backup`, current),
        timeoutMs,
      );
    const text = JSON.stringify(next);
    await withKeychainTimeout(() => keychain.setPassword(KEYCHAIN_SERVICE, account, text), timeoutMs);
    lastGoodText = text;
  }

  const locked = fileLockedAccess({ lockPath: paths.authLock, lock: options.lock, access: { read, write } });

  return {
    kind: 'keychain',
    description: `OS keychain (service "${KEYCHAIN_SERVICE}", account "${account}")`,
    // Unlocked readers get the document frozen (as every store hands it out); lock holders a copy.
    read: async () => deepFreeze(await read()),
    ...locked,
  };
}
