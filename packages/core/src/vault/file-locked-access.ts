import { assertLockHeld, withFileLock, type FileLockOptions } from '../config/file-lock.js';
import type { SecretStore } from './secret-store.js';
import type { VaultDocument } from './session.js';

/** What a task holding a store's lock may do: read, and write without locking again. */
export type StoreAccess = Parameters<Parameters<SecretStore['withLock']>[0]>[0];

/** Options of {@link fileLockedAccess}. */
export interface FileLockedAccessOptions {
  /** The store's lock file in the Switchboard home (`auth.lock`). */
  lockPath: string;
  /** Cross-process lock tuning; a call's own `timeoutMs` wins. */
  lock: FileLockOptions | undefined;
  /** The store's unlocked read and write. */
  access: StoreAccess;
}

/**
 * `withLock` and `update` of a store whose read-modify-write needs the cross-process file lock:
 * a write is refused (`STORE_LOCKED`) once the lock was lost while held.
 */
export function fileLockedAccess(options: FileLockedAccessOptions): Pick<SecretStore, 'withLock' | 'update'> {
  const { access } = options;
  const withLock: SecretStore['withLock'] = (task, timeoutMs) =>
    withFileLock(
      options.lockPath,
      (held) =>
        task({
          read: access.read,
          async write(document) {
            assertLockHeld(held);
            await access.write(document);
          },
        }),
      timeoutMs === undefined ? options.lock : { ...options.lock, timeoutMs },
    );
  return { withLock, update: (mutate) => updateUnderLock(withLock, mutate) };
}

/** `SecretStore.update` over a store's `withLock`: read, mutate, write, all under the lock. */
export function updateUnderLock(
  withLock: SecretStore['withLock'],
  mutate: Parameters<SecretStore['update']>[0],
): Promise<VaultDocument> {
  return withLock(async ({ read, write }) => {
    const document = await read();
    const result = (await mutate(document)) ?? document;
    await write(result);
    return result;
  });
}
