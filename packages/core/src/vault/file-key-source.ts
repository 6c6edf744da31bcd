import type { SwitchboardPaths } from '../config/paths.js';
import { writeFileAtomic } from '../internal/write-file-atomic.js';
import { decodeDataKey, encodeDataKey, generateDataKey, type DataKey, type DataKeySource } from './data-key.js';
import { readTextIfExists } from '../config/read-text-if-exists.js';
import { moveAsideAdvice, storeCorruptError } from './store-corrupt-error.js';
import { tightenMode } from '../config/tighten-mode.js';

/** The data key in `auth.key` (mode 0600), used when no OS keychain holds it. */
export function createFileKeySource(paths: Pick<SwitchboardPaths, 'authKey' | 'authStore'>): DataKeySource {
  return {
    kind: 'file',
    description: `key in ${paths.authKey}`,
    async load(): Promise<DataKey | undefined> {
      const text = await readTextIfExists(paths.authKey);
      if (text === undefined) return undefined;
      await tightenMode(paths.authKey, 0o600);
      const key = decodeDataKey(text);
      if (!key) {
        throw storeCorruptError(
          paths.authKey,
          'is damaged, so the encrypted sessions cannot be read',
          moveAsideAdvice(paths.authStore, paths.authKey),
        );
      }
      return key;
    },
    async create(): Promise<DataKey> {
      const key = generateDataKey();
      await writeFileAtomic(paths.authKey, encodeDataKey(key), { mode: 0o600, directoryMode: 0o700 });
      return key;
    },
  };
}
