import type { AvailableCredential, CredentialSource } from '@switchboard/core';
import { PROVIDER_IDS } from '@switchboard/core';
import type { CredentialOwner, CredentialStore } from './create-credential-store.js';

/**
 * The team's two credential levels for core's resolver: each user's own keys (`user`, over)
 * the workspace's keys (`workspace`). The request names its user in the credential context.
 * `isAllowed` (the workspace policy's allow and deny lists, read per request) hides a provider
 * the admin has not allowed, at both levels: no way in reaches it.
 */
export function createTeamCredentialSources(
  store: CredentialStore,
  isAllowed: (provider: string) => Promise<boolean> = async () => true,
): CredentialSource[] {
  const source = (level: 'user' | 'workspace'): CredentialSource => {
    const ownerFor = (userId: string | undefined): CredentialOwner | undefined =>
      level === 'workspace' ? { scope: 'workspace' } : userId ? { scope: 'user', userId } : undefined;
    return {
      level,
      async available(context) {
        const owner = ownerFor(context.userId);
        if (!owner) return [];
        const listed = await store.list(owner);
        const allowed = await Promise.all(listed.map((entry) => isAllowed(entry.provider)));
        return listed.flatMap((entry, index): AvailableCredential[] =>
          allowed[index] && (PROVIDER_IDS as readonly string[]).includes(entry.provider)
            ? [
                {
                  provider: entry.provider as AvailableCredential['provider'],
                  method: entry.method as AvailableCredential['method'],
                },
              ]
            : [],
        );
      },
      async find(lookup) {
        const owner = ownerFor(lookup.context.userId);
        if (!owner || !(await isAllowed(lookup.provider))) return undefined;
        const credential = await store.read(owner, lookup.provider);
        return credential && lookup.methods.includes(credential.method) ? credential : undefined;
      },
    };
  };
  return [source('user'), source('workspace')];
}
