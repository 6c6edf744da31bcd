import type { Adapter, AdapterPayload } from 'oidc-provider';

/** Models whose instances belong to a grant and die with it. */
const GRANT_BOUND_MODELS = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/** oidc-provider storage for one server, plus the ability to revoke every grant at once. */
export interface MemoryStore {
  /** The `adapter` factory for the provider configuration. */
  adapterFor(model: string): Adapter;
  revokeAllGrants(): void;
}

/**
 * An in-memory oidc-provider adapter. oidc-provider checks expiry itself on every lookup,
 * so entries are not expired here; a test server lives for one test file at most.
 */
export function createMemoryStore(): MemoryStore {
  const entries = new Map<string, AdapterPayload>();
  const grantMembers = new Map<string, Set<string>>();
  const keyBySessionUid = new Map<string, string>();
  const keyByUserCode = new Map<string, string>();

  function revokeGrant(grantId: string): void {
    for (const key of grantMembers.get(grantId) ?? []) {
      entries.delete(key);
    }
    grantMembers.delete(grantId);
    entries.delete(`Grant:${grantId}`);
  }

  function adapterFor(model: string): Adapter {
    const keyOf = (id: string): string => `${model}:${id}`;
    return {
      async upsert(id, payload) {
        const key = keyOf(id);
        entries.set(key, payload);
        if (GRANT_BOUND_MODELS.has(model) && payload.grantId) {
          const members = grantMembers.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          grantMembers.set(payload.grantId, members);
        }
        if (model === 'Session' && payload.uid) keyBySessionUid.set(payload.uid, key);
        if (payload.userCode) keyByUserCode.set(payload.userCode, key);
      },
      async find(id) {
        return entries.get(keyOf(id));
      },
      async findByUid(uid) {
        const key = keyBySessionUid.get(uid);
        return key === undefined ? undefined : entries.get(key);
      },
      async findByUserCode(userCode) {
        const key = keyByUserCode.get(userCode);
        return key === undefined ? undefined : entries.get(key);
      },
      async consume(id) {
        const payload = entries.get(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        revokeGrant(grantId);
      },
    };
  }

  return {
    adapterFor,
    revokeAllGrants() {
      for (const grantId of [...grantMembers.keys()]) revokeGrant(grantId);
      for (const key of [...entries.keys()]) {
        if (key.startsWith('Grant:')) entries.delete(key);
      }
    },
  };
}
