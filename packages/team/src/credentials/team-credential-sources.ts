import type { AvailableCredential, CredentialContext, CredentialSource } from '@switchboard/core';
import { isProviderId } from '@switchboard/core';
import type { CredentialOwner, CredentialStore } from './create-credential-store.js';

/**
 * The team's credential levels for core's resolver: the credential a request names (`request`:
 * `workspace` or `personal`, when the admin allows naming one — then it serves alone), else each
 * user's own keys (`user`) over the workspace's keys (`workspace`). The request names its user in
 * the credential context. `readAllowed` reads the workspace policy's allow and deny lists once per
 * lookup and returns the test for it; a provider the admin has not allowed is hidden at every
 * level, so no way in reaches it.
 */
export function createTeamCredentialSources(
  store: CredentialStore,
  readAllowed: () => Promise<(provider: string) => boolean> = async () => () => true,
): CredentialSource[] {
  const source = (level: 'request' | 'user' | 'workspace'): CredentialSource => {
    const ownerFor = (context: CredentialContext): CredentialOwner | undefined => {
      if (level === 'request') {
        if (context.reference === 'workspace') return { scope: 'workspace' };
        return context.reference === 'personal' && context.userId
          ? { scope: 'user', userId: context.userId }
          : undefined;
      }
      // A named credential serves alone.
      if (context.reference !== undefined) return undefined;
      return level === 'workspace'
        ? { scope: 'workspace' }
        : context.userId
          ? { scope: 'user', userId: context.userId }
          : undefined;
    };
    return {
      level,
      async available(context) {
        const owner = ownerFor(context);
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
        const owner = ownerFor(lookup.context);
        if (!owner || !(await readAllowed())(lookup.provider)) return undefined;
        const credential = await store.read(owner, lookup.provider);
        return credential && lookup.methods.includes(credential.method) ? credential : undefined;
      },
    };
  };
  return [source('request'), source('user'), source('workspace')];
}
