import { SwitchboardError } from '../errors.js';
import { cloneAsJson, parseVaultDocument } from './parse-vault-document.js';
import type { SecretStore } from './secret-store.js';
import { updateUnderLock, type StoreAccess } from './file-locked-access.js';
import { emptyVaultDocument, type VaultDocument } from './session.js';
import { deepFreeze } from '../internal/deep-freeze.js';

/** Options for {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The starting document (copied). */
  initial?: VaultDocument;
}

/**
 * A {@link SecretStore} that lives only in this process (tests, the team server, which keeps
 * user secrets in its database). `update` and `withLock` are serialized in-process; their
 * callers get copies, so changing one changes nothing until it is written.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SecretStore {
  const initial = parseVaultDocument(cloneAsJson(options.initial ?? emptyVaultDocument()));
  if (!initial) throw new SwitchboardError('INVALID_INPUT', 'The initial session store document is invalid.');
  let current: VaultDocument = initial;
  let queue: Promise<unknown> = Promise.resolve();

  const access: StoreAccess = {
    async read() {
      return structuredClone(current);
    },
    async write(document) {
      const next = parseVaultDocument(cloneAsJson(document));
      if (!next) throw new SwitchboardError('INVALID_INPUT', 'Refusing to store an invalid session store document.');
      current = next;
    },
  };

  function withLock<T>(task: (lockedAccess: StoreAccess) => Promise<T>): Promise<T> {
    const run = queue.then(() => task(access));
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    kind: 'memory',
    description: 'memory (not persisted)',
    // Unlocked readers get a frozen copy, as from every store; lock holders a copy to change.
    read: async () => deepFreeze(structuredClone(current)),
    withLock,
    update: (mutate) => updateUnderLock(withLock, mutate),
  };
}
