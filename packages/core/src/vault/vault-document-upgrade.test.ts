import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaths, type SwitchboardPaths } from '../config/paths.js';
import { createEncryptedFileStore } from './encrypted-file-store.js';
import { createFileKeySource } from './file-key-source.js';
import { createKeychainStore, vaultAccount } from './keychain-store.js';
import { KEYCHAIN_SERVICE } from './keychain.js';
import { createMemoryKeychain } from './memory-keychain.js';
import { parseVaultDocument } from './parse-vault-document.js';
import { sealVault } from './vault-envelope.js';

const canary = 'sk-canary-upgrade-7f3a9c2e41';

/** A version 1 document as Switchboard wrote it before sessions had names: one per provider. */
const versionOne = {
  version: 1,
  sessions: {
    openai: {
      provider: 'openai',
      method: 'oauth',
      accessToken: `at-${canary}`,
      refreshToken: `rt-${canary}`,
      metadata: { email: 'Alice.Smith@example.test', plan: 'plus' },
      createdAt: 1,
      updatedAt: 2,
    },
    anthropic: {
      provider: 'anthropic',
      method: 'api-key',
      apiKey: canary,
      account: 'sk-…9c2e41',
      metadata: {},
      createdAt: 3,
      updatedAt: 4,
    },
  },
  secrets: { gateway: 'g' },
};

async function home(): Promise<SwitchboardPaths> {
  return createPaths(await mkdtemp(join(tmpdir(), 'sb-upgrade-')));
}

describe('a version 1 session store is upgraded to named sessions, losing nothing', () => {
  it('encrypted file: reads as provider/name, keeps the old bytes as .bak before the first write', async () => {
    const paths = await home();
    const keySource = createFileKeySource(paths);
    const key = await keySource.create();
    const oldBytes = sealVault(JSON.stringify(versionOne), key, 'file');
    await writeFile(paths.authStore, oldBytes, { mode: 0o600 });

    const store = createEncryptedFileStore({ paths, keySource });
    const document = await store.read();
    expect(document.version).toBe(2);
    expect(Object.keys(document.sessions).sort()).toEqual(['anthropic/key-2e41', 'openai/alice.smith']);
    expect(document.sessions['openai/alice.smith']).toEqual(versionOne.sessions.openai);
    expect(document.sessions['anthropic/key-2e41']).toEqual(versionOne.sessions.anthropic);
    expect(document.secrets).toEqual({ gateway: 'g' });
    // Reading changes nothing on disk.
    expect(await readFile(paths.authStore, 'utf8')).toBe(oldBytes);
    expect((await readdir(paths.home)).filter((name) => name.includes('.bak'))).toEqual([]);

    await store.update((next) => {
      next.secrets.added = 'yes';
    });
    expect(await readFile(`${paths.authStore}.bak`, 'utf8')).toBe(oldBytes);
    const reopened = createEncryptedFileStore({ paths, keySource: createFileKeySource(paths) });
    const after = await reopened.read();
    expect(after.version).toBe(2);
    expect(Object.keys(after.sessions).sort()).toEqual(['anthropic/key-2e41', 'openai/alice.smith']);
    expect(after.secrets).toEqual({ gateway: 'g', added: 'yes' });
    // Further writes keep the one backup: it is the version 1 bytes, made once.
    await reopened.update((next) => {
      next.secrets.again = 'yes';
    });
    expect((await readdir(paths.home)).filter((name) => name.includes('.bak'))).toEqual(['auth.json.bak']);
    // Neither file holds a secret in the clear.
    expect(await readFile(paths.authStore, 'utf8')).not.toContain(canary);
    expect(await readFile(`${paths.authStore}.bak`, 'utf8')).not.toContain(canary);
  });

  it('keychain: the version 1 entry is copied to a backup entry before it is replaced', async () => {
    const paths = await home();
    const keychain = createMemoryKeychain();
    const account = vaultAccount(paths.home);
    const oldText = JSON.stringify(versionOne);
    await keychain.setPassword(KEYCHAIN_SERVICE, account, oldText);
    const store = createKeychainStore({ keychain, paths });
    expect(Object.keys((await store.read()).sessions).sort()).toEqual(['anthropic/key-2e41', 'openai/alice.smith']);
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, `${account}:v1-backup`)).toBeNull();
    await store.update((next) => {
      next.secrets.added = 'yes';
    });
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, `${account}:v1-backup`)).toBe(oldText);
    const stored = JSON.parse((await keychain.getPassword(KEYCHAIN_SERVICE, account)) ?? 'null') as {
      version: number;
      sessions: Record<string, unknown>;
    };
    expect(stored.version).toBe(2);
    expect(Object.keys(stored.sessions).sort()).toEqual(['anthropic/key-2e41', 'openai/alice.smith']);
  });

  it('refuses documents it cannot place: a newer version, a key without a name, a key of another provider', () => {
    const session = { provider: 'openai', method: 'api-key', apiKey: 'k', metadata: {}, createdAt: 1, updatedAt: 1 };
    expect(parseVaultDocument({ version: 3, sessions: {}, secrets: {} })).toBeUndefined();
    expect(parseVaultDocument({ version: 2, sessions: { openai: session }, secrets: {} })).toBeUndefined();
    expect(parseVaultDocument({ version: 2, sessions: { 'anthropic/work': session }, secrets: {} })).toBeUndefined();
    expect(parseVaultDocument({ version: 2, sessions: { 'openai/work': session }, secrets: {} })).toMatchObject({
      sessions: { 'openai/work': { apiKey: 'k' } },
    });
  });

  it('names two version 1 sessions that would share a name apart', () => {
    const document = parseVaultDocument({
      version: 1,
      sessions: {
        openai: { provider: 'openai', method: 'api-key', metadata: {}, createdAt: 1, updatedAt: 1 },
        // Version 1 allowed any key; a second session of the same provider still gets its own name.
        other: { provider: 'openai', method: 'api-key', metadata: {}, createdAt: 1, updatedAt: 1 },
      },
      secrets: {},
    });
    expect(Object.keys(document?.sessions ?? {}).sort()).toEqual(['openai/api-key', 'openai/api-key-2']);
  });
});
