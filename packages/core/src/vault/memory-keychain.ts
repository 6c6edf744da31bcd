import type { Keychain } from './keychain.js';

/**
 * A {@link Keychain} kept in this process's memory: for tests and for embedding Switchboard
 * where no OS keychain should be touched.
 */
export function createMemoryKeychain(): Keychain {
  const entries = new Map<string, string>();
  const keyOf = (service: string, account: string) => JSON.stringify([service, account]);
  return {
    async getPassword(service, account) {
      return entries.get(keyOf(service, account)) ?? null;
    },
    async setPassword(service, account, password) {
      entries.set(keyOf(service, account), password);
    },
    async deletePassword(service, account) {
      return entries.delete(keyOf(service, account));
    },
  };
}
