import type { AvailableCredential, CredentialSource } from '@switchboard/core';
import { isProviderId } from '@switchboard/core';
import type { CredentialOwner, CredentialStore } from './create-credential-store.js';

/**
 * The team's two credential levels for core's resolver: each user's own keys (`user`, over)
 * the workspace's keys (`workspace`). The request names its user in the credential context.
 * `readAllowed` reads the workspace policy's allow and deny lists once per lookup and returns
 * the test for it; a provider the admin has not allowed is hidden at both levels, so no way in
 * reaches it.
 */
export function createTeamCredentialSources(
  store: CredentialStore,
  readAllowed: () => Promise<(provider: string) => boolean> = async () => () => true,
): CredentialSource[] {
  const source = (level: 'user' | 'workspace'): CredentialSource => {
    const ownerFor = (userId: string | undefined): CredentialOwner | undefined =>
      level === 'workspace' ? { scope: 'workspace' } : userId ? { scope: 'user', userId } : undefined;
    return {
      level,
      async available(context) {
        const owner = ownerFor(context.userId);
        if (!owner) return [];
        const [listed, isAllowed] = await Promise.all([store.list(owner), readAllowed()]);
        return listed.flatMap((entry): AvailableCredential[] =>
          isProviderId(entry.provider) && isAllowed(entry.provider)
            ? [
                {
                  provider: entry.provider,
                  method: entry.method as AvailableCredential['method'],
                },
              ]
            : [],
        );
      },
      async find(lookup) {
        const owner = ownerFor(lookup.context.userId);
        if (!owner || !(await readAllowed())(lookup.provider)) return undefined;
        const credential = await store.read(owner, lookup.provider);
        return credential && lookup.methods.includes(credential.method) ? credential : undefined;
      },
    };
  };
  return [source('user'), source('workspace')];
}
