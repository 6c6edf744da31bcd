import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { createPaths } from '../config/paths.js';
import { createSecretStore } from '../vault/create-secret-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import { createAuthManager } from './create-auth-manager.js';

/** The real encrypted file store, counting how often the whole document is read and decrypted. */
function countingReads(store: SecretStore): { store: SecretStore; reads: () => number } {
  let reads = 0;
  return {
    reads: () => reads,
    store: {
      kind: store.kind,
      description: store.description,
      read: () => {
        reads += 1;
        return store.read();
      },
      update: (mutate) => store.update(mutate),
      withLock: (task, timeoutMs) =>
        store.withLock(
          (access) =>
            task({
              read: () => {
                reads += 1;
                return access.read();
              },
              write: (document) => access.write(document),
            }),
          timeoutMs,
        ),
    },
  };
}

async function manager(environment: Record<string, string> = {}) {
  const paths = createPaths(await mkdtemp(join(tmpdir(), 'sb-manager-')));
  await writeFile(paths.config, '[auth]\nstore = "file"\n');
  const counted = countingReads(await createSecretStore({ paths, kind: 'file' }));
  const auth = createAuthManager({ paths, config: await loadConfig(paths.config), store: counted.store, environment });
  return { auth, paths, reads: counted.reads };
}

describe('createAuthManager', () => {
  it('reads the store once per status question', async () => {
    const { auth, reads } = await manager({ MISTRAL_API_KEY: 'mistral-environment-key-0000' });
    await auth.login('anthropic', { method: 'api-key', apiKey: 'sk-ant-api03-status-cost-key-0000' });
    await auth.login('openai', { method: 'api-key', apiKey: 'sk-proj-status-cost-key-00000000' });

    let before = reads();
    const statuses = await auth.status();
    expect(reads() - before).toBe(1);
    expect(statuses.filter((status) => status.loggedIn).map((status) => status.provider)).toEqual([
      'openai',
      'anthropic',
      'mistral',
    ]);
    expect(statuses.find((status) => status.active)?.provider).toBe('anthropic');

    before = reads();
    expect(await auth.statusOf('openai')).toMatchObject({ loggedIn: true, method: 'api-key', active: false });
    expect(await auth.isLoggedIn('google')).toBe(false);
    expect(await auth.loggedInProviders()).toEqual(['openai', 'anthropic', 'mistral']);
    expect(reads() - before).toBe(3);

    before = reads();
    expect(await auth.activeProvider()).toEqual({ provider: 'anthropic', method: 'api-key', session: 'key-0000' });
    expect(reads() - before).toBe(1);
  });

  it('sees a switch another process wrote to config.toml at the next question', async () => {
    const { auth, paths } = await manager();
    await auth.login('anthropic', { method: 'api-key', apiKey: 'sk-ant-api03-switch-seen-key-0000' });
    await auth.login('openai', { method: 'api-key', apiKey: 'sk-proj-switch-seen-key-000000000' });
    expect(await auth.activeProvider()).toMatchObject({ provider: 'anthropic' });
    expect(await auth.activeProvider()).toMatchObject({ provider: 'anthropic' });
    await writeFile(paths.config, 'active_auth_provider = "openai"\n[auth]\nstore = "file"\n');
    expect(await auth.activeProvider()).toMatchObject({ provider: 'openai' });
    expect((await auth.status()).find((status) => status.active)?.provider).toBe('openai');
  });
});
