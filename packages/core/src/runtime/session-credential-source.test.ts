import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthManager } from '../auth/create-auth-manager.js';
import type { ResolvedCredential } from '../auth/types.js';
import { resolveConfig } from '../config/load-config.js';
import { createPaths } from '../config/paths.js';
import { createMemoryStore } from '../vault/memory-store.js';
import type { CredentialLookup } from './credential-source.js';
import { CREDENTIAL_REUSE_MARGIN_MS, createSessionCredentialSource } from './session-credential-source.js';

const homes: string[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => rm(home, { recursive: true, force: true })));
});

/** Two AuthManagers over one store: this process's, and another process's (`sb auth login` elsewhere). */
async function twoProcesses() {
  const home = await mkdtemp(join(tmpdir(), 'sb-session-source-'));
  homes.push(home);
  const store = createMemoryStore();
  // One clock for the AuthManagers and the source, as the runtime gives them.
  let clock = Date.now();
  const make = () =>
    createAuthManager({
      paths: createPaths(home),
      config: resolveConfig({}),
      store,
      environment: {},
      now: () => clock,
    });
  const ours = make();
  const source = createSessionCredentialSource({ auth: ours, now: () => clock, credentialTtlMs: 1_000 });
  return {
    store,
    now: () => clock,
    ours,
    other: make(),
    source,
    advance: (milliseconds: number) => {
      clock += milliseconds;
    },
  };
}

const LOOKUP: CredentialLookup = { provider: 'mistral', methods: ['api-key'], context: {} };
const keyOf = (credential: ResolvedCredential | undefined) =>
  credential?.method === 'api-key' ? credential.apiKey : credential?.method;

describe('createSessionCredentialSource', () => {
  it("serves a found key again for a second, then sees another process's change", async () => {
    const { ours, other, source, advance } = await twoProcesses();
    await ours.login('mistral', { method: 'api-key', apiKey: 'mistral-key-first-0001' });
    expect(keyOf(await source.find(LOOKUP))).toBe('mistral-key-first-0001');

    // Another process logs out: this one does not hear of it, and within the time bound the key
    // it found keeps serving, as its listing of sessions does.
    await other.logout('mistral');
    advance(999);
    expect(keyOf(await source.find(LOOKUP))).toBe('mistral-key-first-0001');
    advance(1);
    expect(await source.find(LOOKUP)).toBeUndefined();

    // A miss is not kept: a login elsewhere serves on the very next request.
    await other.login('mistral', { method: 'api-key', apiKey: 'mistral-key-second-0002' });
    expect(keyOf(await source.find(LOOKUP))).toBe('mistral-key-second-0002');
  });

  it("this AuthManager's own logout and login count at once", async () => {
    const { ours, source } = await twoProcesses();
    await ours.login('mistral', { method: 'api-key', apiKey: 'mistral-key-first-0001' });
    expect(keyOf(await source.find(LOOKUP))).toBe('mistral-key-first-0001');
    await ours.logout('mistral');
    expect(await source.find(LOOKUP)).toBeUndefined();
    await ours.login('mistral', { method: 'api-key', apiKey: 'mistral-key-second-0002' });
    expect(keyOf(await source.find(LOOKUP))).toBe('mistral-key-second-0002');
  });

  it('a token is kept only while it is far from expiring', async () => {
    const { store, source, advance, now: clock } = await twoProcesses();
    const now = clock();
    const seed = async (accessToken: string, expiresAt: number) =>
      store.update((document) => {
        document.sessions['anthropic/main'] = {
          provider: 'anthropic',
          method: 'oauth',
          accessToken,
          refreshToken: 'anthropic-refresh-canary-0001',
          expiresAt,
          metadata: {},
          createdAt: now,
          updatedAt: now,
        };
      });
    const lookup: CredentialLookup = { provider: 'anthropic', methods: ['oauth'], context: {} };
    const tokenOf = (credential: ResolvedCredential | undefined) =>
      credential && 'accessToken' in credential ? credential.accessToken : undefined;

    // Far from expiring: found once, then kept for the time bound.
    await seed('anthropic-access-far-0001', clock() + CREDENTIAL_REUSE_MARGIN_MS + 3_600_000);
    expect(tokenOf(await source.find(lookup))).toBe('anthropic-access-far-0001');
    await seed('anthropic-access-next-0002', clock() + CREDENTIAL_REUSE_MARGIN_MS + 3_600_000);
    expect(tokenOf(await source.find(lookup))).toBe('anthropic-access-far-0001');
    advance(1_000);
    expect(tokenOf(await source.find(lookup))).toBe('anthropic-access-next-0002');

    // Within the margin (but outside the AuthManager's refresh window): asked for every time.
    await seed('anthropic-access-near-0003', clock() + CREDENTIAL_REUSE_MARGIN_MS - 60_000);
    advance(1_000);
    expect(tokenOf(await source.find(lookup))).toBe('anthropic-access-near-0003');
    await seed('anthropic-access-near-0004', clock() + CREDENTIAL_REUSE_MARGIN_MS - 60_000);
    expect(tokenOf(await source.find(lookup))).toBe('anthropic-access-near-0004');

    // A forced refresh (after an upstream 401) always reaches the AuthManager, never the kept
    // token: here it has no OAuth settings to refresh with, and says so.
    await seed('anthropic-access-far-0005', clock() + CREDENTIAL_REUSE_MARGIN_MS + 3_600_000);
    advance(1_000);
    expect(tokenOf(await source.find(lookup))).toBe('anthropic-access-far-0005');
    await expect(source.find({ ...lookup, forceRefresh: true })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
