import type { AvailableCredential, CredentialSource } from '@switchboard/core';
import { PROVIDER_IDS } from '@switchboard/core';
import type { CredentialOwner, CredentialStore } from './create-credential-store.js';

/**
 * The team's two credential levels for core's resolver: each user's own keys (`user`, over)
 * the workspace's keys (`workspace`). The request names its user in the credential context.
 */
export function createTeamCredentialSources(store: CredentialStore): CredentialSource[] {
  const source = (level: 'user' | 'workspace'): CredentialSource => {
    const ownerFor = (userId: string | undefined): CredentialOwner | undefined =>
      level === 'workspace' ? { scope: 'workspace' } : userId ? { scope: 'user', userId } : undefined;
    return {
      level,
      async available(context) {
        const owner = ownerFor(context.userId);
        if (!owner) return [];
        return (await store.list(owner)).flatMap((entry): AvailableCredential[] =>
          (PROVIDER_IDS as readonly string[]).includes(entry.provider)
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
        if (!owner) return undefined;
        const credential = await store.read(owner, lookup.provider);
        return credential && lookup.methods.includes(credential.method) ? credential : undefined;
      },
    };
  };
  return [source('user'), source('workspace')];
}
