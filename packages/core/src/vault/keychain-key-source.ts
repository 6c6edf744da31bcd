import { resolve } from 'node:path';
import type { SwitchboardPaths } from '../config/paths.js';
import { decodeDataKey, encodeDataKey, generateDataKey, type DataKey, type DataKeySource } from './data-key.js';
import { DEFAULT_KEYCHAIN_TIMEOUT_MS, KEYCHAIN_SERVICE, withKeychainTimeout, type Keychain } from './keychain.js';
import { moveAsideAdvice, storeCorruptError } from './store-corrupt-error.js';

/** Options for {@link createKeychainKeySource}. */
export interface KeychainKeySourceOptions {
  keychain: Keychain;
  paths: Pick<SwitchboardPaths, 'home' | 'authStore'>;
  timeoutMs?: number;
}

/** The keychain account of the data key of the vault in `home` (one per Switchboard home). */
export function dataKeyAccount(home: string): string {
  return `data-key:${resolve(home)}`;
}

/** The file store's data key held in the OS keychain. */
export function createKeychainKeySource(options: KeychainKeySourceOptions): DataKeySource {
  const { keychain, paths } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  const account = dataKeyAccount(paths.home);
  const entry = `the OS keychain entry (service "${KEYCHAIN_SERVICE}", account "${account}")`;
  return {
    kind: 'keychain',
    description: `key in ${entry}`,
    async load(): Promise<DataKey | undefined> {
      const text = await withKeychainTimeout(() => keychain.getPassword(KEYCHAIN_SERVICE, account), timeoutMs);
      if (text === null) return undefined;
      const key = decodeDataKey(text);
      if (!key)
        throw storeCorruptError(
          `The key of ${paths.authStore} in ${entry}`,
          'is damaged',
          moveAsideAdvice(paths.authStore),
        );
      return key;
    },
    async create(): Promise<DataKey> {
      const key = generateDataKey();
      await withKeychainTimeout(() => keychain.setPassword(KEYCHAIN_SERVICE, account, encodeDataKey(key)), timeoutMs);
      return key;
    },
  };
}
