import { randomBytes } from 'node:crypto';
import type { SecretStore } from '@switchboard/core';

/** Name of the local gateway's bearer token among the vault's named secrets. */
export const LOCAL_TOKEN_SECRET = 'gateway.localToken';

/** A new local gateway token: `sbl_` and 32 random bytes, base64url. */
export function createLocalToken(): string {
  return `sbl_${randomBytes(32).toString('base64url')}`;
}

/**
 * The local gateway's bearer token, generated and stored in the vault on first use. Reads
 * first and writes only when there is none, so an existing token never changes; the write
 * re-checks under the store's lock, so two first starts agree on one token.
 */
export async function ensureLocalToken(store: SecretStore): Promise<{ token: string; created: boolean }> {
  const existing = (await store.read()).secrets[LOCAL_TOKEN_SECRET];
  if (existing) return { token: existing, created: false };
  let created = false;
  const document = await store.update((current) => {
    if (!current.secrets[LOCAL_TOKEN_SECRET]) {
      current.secrets[LOCAL_TOKEN_SECRET] = createLocalToken();
      created = true;
    }
  });
  const token = document.secrets[LOCAL_TOKEN_SECRET];
  if (!token) throw new Error('The vault did not keep the gateway token.');
  return { token, created };
}
