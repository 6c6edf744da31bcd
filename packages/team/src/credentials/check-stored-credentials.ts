import { SwitchboardError } from '@switchboard/core';
import type { CredentialChecker } from './create-credential-checker.js';
import type { CredentialStore } from './create-credential-store.js';

/**
 * Checks every stored credential at its provider and records the outcome (`checkedAt`,
 * `checkCode`): what the periodic check of a running server does. One provider's slowness only
 * delays its own rows.
 */
export async function checkStoredCredentials(
  store: CredentialStore,
  check: CredentialChecker,
  now: () => Date = () => new Date(),
): Promise<{ checked: number; failed: number }> {
  const all = await store.all();
  const outcomes = await Promise.all(
    all.map(async ({ owner, provider }) => {
      let code: string | null;
      try {
        const credential = await store.read(owner, provider);
        code = credential ? ((await check(provider, credential))?.code ?? null) : null;
      } catch (error) {
        code = error instanceof SwitchboardError ? error.code : 'INTERNAL';
      }
      await store.recordCheck(owner, provider, now().toISOString(), code);
      return code;
    }),
  );
  return { checked: outcomes.length, failed: outcomes.filter((code) => code !== null).length };
}
