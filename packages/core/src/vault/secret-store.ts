import type { VaultDocument } from './session.js';

/** Which backend holds the secrets. */
export type SecretStoreKind = 'keychain' | 'file' | 'memory';

/**
 * Where sessions and secrets are kept. Every implementation is safe across processes:
 * `update` runs read-modify-write under a cross-process lock, and `withLock` lets callers
 * (the refresh path) hold that lock across a network call and re-read inside it.
 */
export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** Human description for `sb auth status` (e.g. "encrypted file ~/.switchboard/auth.json"). */
  readonly description: string;
  /**
   * Reads the current document (an empty one when nothing is stored yet), frozen: it may be the
   * same object other readers get (the file store decodes once per change of the file, not once
   * per read). Change the store with `update`.
   */
  read(): Promise<VaultDocument>;
  /**
   * Read-modify-write under the lock. `mutate` may change the document in place or return
   * a new one; the result is written atomically and returned.
   */
  update(
    mutate: (document: VaultDocument) => VaultDocument | void | Promise<VaultDocument | void>,
  ): Promise<VaultDocument>;
  /**
   * Runs `task` holding the store's cross-process lock. Inside, use the given `read` and
   * `write` (which do not lock again). `timeoutMs` bounds the wait for the lock (the
   * refresh path waits longer than a plain update, since the holder may be on the network).
   */
  withLock<T>(
    task: (access: { read(): Promise<VaultDocument>; write(document: VaultDocument): Promise<void> }) => Promise<T>,
    timeoutMs?: number,
  ): Promise<T>;
}
