import { presentedToken } from '@switchboard/server';
import type { Principal, PrincipalResolver } from '../app/principal.js';
import type { ApiKeyStore } from './create-api-key-store.js';
import { PERSONAL_KEY_PREFIX } from './create-api-key-store.js';
import type { UserStore } from './create-user-store.js';

/**
 * The member a personal API key belongs to, when the key is live and the member enabled: the
 * one check every key-authenticated way in (the team API, the gateway endpoints) goes through.
 */
export async function principalOfApiKey(
  key: string,
  stores: { keys: ApiKeyStore; users: UserStore },
): Promise<Principal | undefined> {
  const owner = await stores.keys.resolve(key);
  if (!owner) return undefined;
  const user = await stores.users.get(owner.userId);
  if (!user || user.disabled) return undefined;
  return { userId: user.id, role: user.role, method: 'api-key' };
}

/**
 * Finds the caller by a personal API key (`Authorization: Bearer sbk_…` or `x-api-key`), else
 * asks `next` (the sign-in layer's cookie session). A presented key that is wrong or revoked
 * makes the request anonymous: it never falls through to another way in.
 */
export function createApiKeyPrincipalResolver(
  stores: { keys: ApiKeyStore; users: UserStore },
  next: PrincipalResolver,
): PrincipalResolver {
  return async (request) => {
    const presented = presentedToken(request.headers);
    if (presented?.startsWith(PERSONAL_KEY_PREFIX)) return principalOfApiKey(presented, stores);
    return next(request);
  };
}
