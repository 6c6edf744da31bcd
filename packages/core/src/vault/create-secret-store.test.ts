import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPaths, type SwitchboardPaths } from '../config/paths.js';
import { isSwitchboardError } from '../errors.js';
import { createSecretStore } from './create-secret-store.js';
import { dataKeyAccount } from './keychain-key-source.js';
import { vaultAccount } from './keychain-store.js';
import { KEYCHAIN_SERVICE, createOsKeychain, probeKeychain, type Keychain } from './keychain.js';
import { createMemoryKeychain } from './memory-keychain.js';

async function home(): Promise<SwitchboardPaths> {
  return createPaths(await mkdtemp(join(tmpdir(), 'sb-store-')));
}

/** A keychain that never answers (a locked desktop keyring). */
class HangingKeychain implements Keychain {
  getPassword(): Promise<string | null> {
    return new Promise(() => undefined);
  }
  setPassword(): Promise<void> {
    return new Promise(() => undefined);
  }
  deletePassword(): Promise<boolean> {
    return new Promise(() => undefined);
  }
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
const envelopeOf = async (paths: SwitchboardPaths) =>
  JSON.parse(await readFile(paths.authStore, 'utf8')) as Record<string, unknown>;

async function saveSecret(paths: SwitchboardPaths, keychain: Keychain | undefined, name: string, value: string) {
  const store = await createSecretStore({
    paths,
    kind: 'auto',
    ...(keychain ? { keychain } : {}),
    keychainTimeoutMs: 2_000,
  });
  await store.update((document) => {
    document.secrets[name] = value;
  });
  return store;
}

describe('createSecretStore', () => {
  const osKeychain = createOsKeychain({ timeoutMs: 5_000 });
  const osAccounts: string[] = [];
  afterAll(async () => {
    for (const account of osAccounts) await osKeychain.deletePassword(KEYCHAIN_SERVICE, account).catch(() => undefined);
  });

  it('auto with the real OS keychain: the key goes where the probe says (here: no Secret Service → auth.key)', async () => {
    const paths = await home();
    osAccounts.push(dataKeyAccount(paths.home));
    const probe = await probeKeychain(osKeychain, 5_000);
    const store = await createSecretStore({ paths, kind: 'auto' });
    await store.update((document) => {
      document.secrets.a = 'b';
    });
    expect(store.kind).toBe('file');
    expect((await envelopeOf(paths)).keyStore).toBe(probe.available ? 'keychain' : 'file');
    expect(await exists(paths.authKey)).toBe(!probe.available);
    if (!probe.available) {
      expect(store.description).toContain(paths.authKey);
      expect((await stat(paths.authKey)).mode & 0o777).toBe(0o600);
    }
    expect((await (await createSecretStore({ paths, kind: 'auto' })).read()).secrets).toEqual({ a: 'b' });
  });

  it('auto with a working keychain keeps the data key there (no auth.key) and reopens with it', async () => {
    const paths = await home();
    const keychain = createMemoryKeychain();
    const store = await saveSecret(paths, keychain, 'a', 'b');
    expect(store.description).toMatch(/key in the OS keychain/);
    expect(await exists(paths.authKey)).toBe(false);
    expect(await envelopeOf(paths)).toMatchObject({ keyStore: 'keychain', keyVersion: 1 });
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, dataKeyAccount(paths.home))).toMatch(/switchboard-key/);
    expect((await (await createSecretStore({ paths, kind: 'auto', keychain })).read()).secrets).toEqual({ a: 'b' });
    // Even an explicit `file` choice reads a vault whose key is in the keychain.
    expect((await (await createSecretStore({ paths, kind: 'file', keychain })).read()).secrets).toEqual({ a: 'b' });
  });

  it('a vault keyed in the keychain: key gone → STORE_CORRUPT, keychain hangs → STORE_UNAVAILABLE; file untouched', async () => {
    const paths = await home();
    await saveSecret(paths, createMemoryKeychain(), 'a', 'b');
    const before = await readFile(paths.authStore);
    const emptyKeychainStore = await createSecretStore({ paths, kind: 'auto', keychain: createMemoryKeychain() });
    await expect(emptyKeychainStore.read()).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/key is missing/),
    });
    await expect(
      emptyKeychainStore.update((document) => {
        document.secrets.c = 'd';
      }),
    ).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    const error = await createSecretStore({
      paths,
      kind: 'auto',
      keychain: new HangingKeychain(),
      keychainTimeoutMs: 100,
    }).catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/OS keychain.*did not answer within 100 ms/);
    expect((await readFile(paths.authStore)).equals(before)).toBe(true);
    expect(await exists(paths.authKey)).toBe(false);
  });

  it('auto on an empty home touches no keychain until the first write (fast, prompt-free start)', async () => {
    const paths = await home();
    const inner = createMemoryKeychain();
    let calls = 0;
    const counting: Keychain = {
      getPassword: (service, account) => {
        calls += 1;
        return inner.getPassword(service, account);
      },
      setPassword: (service, account, password) => {
        calls += 1;
        return inner.setPassword(service, account, password);
      },
      deletePassword: (service, account) => {
        calls += 1;
        return inner.deletePassword(service, account);
      },
    };
    const store = await createSecretStore({ paths, kind: 'auto', keychain: counting });
    const other = await createSecretStore({ paths, kind: 'auto', keychain: counting });
    expect((await store.read()).sessions).toEqual({});
    expect(calls).toBe(0);
    await store.update((document) => {
      document.secrets.a = 'b';
    });
    expect(calls).toBeGreaterThan(0);
    expect(store.description).toMatch(/key in the OS keychain/);
    expect((await envelopeOf(paths)).keyStore).toBe('keychain');
    // A store opened before the first write finds the key where that write put it.
    await other.update((document) => {
      document.secrets.c = 'd';
    });
    expect((await other.read()).secrets).toEqual({ a: 'b', c: 'd' });
    expect(await exists(paths.authKey)).toBe(false);
  });

  it('auto keeps using an existing auth.key even when a keychain is available', async () => {
    const paths = await home();
    await createSecretStore({ paths, kind: 'file' }).then((store) =>
      store.update((document) => {
        document.secrets.a = 'b';
      }),
    );
    const keyBefore = await readFile(paths.authKey, 'utf8');
    const keychain = createMemoryKeychain();
    const store = await saveSecret(paths, keychain, 'c', 'd');
    expect((await store.read()).secrets).toEqual({ a: 'b', c: 'd' });
    expect(await readFile(paths.authKey, 'utf8')).toBe(keyBefore);
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, dataKeyAccount(paths.home))).toBeNull();
    expect((await envelopeOf(paths)).keyStore).toBe('file');
  });

  it('auto with a hanging keychain falls back to auth.key after the timeout', async () => {
    const paths = await home();
    const store = await createSecretStore({
      paths,
      kind: 'auto',
      keychain: new HangingKeychain(),
      keychainTimeoutMs: 100,
    });
    await store.update((document) => {
      document.secrets.a = 'b';
    });
    expect(await exists(paths.authKey)).toBe(true);
    expect((await envelopeOf(paths)).keyStore).toBe('file');
  });

  it('file uses auth.key even when a keychain is available', async () => {
    const paths = await home();
    const keychain = createMemoryKeychain();
    const store = await createSecretStore({ paths, kind: 'file', keychain });
    await store.update((document) => {
      document.secrets.a = 'b';
    });
    expect(await exists(paths.authKey)).toBe(true);
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, dataKeyAccount(paths.home))).toBeNull();
  });

  it('keychain keeps the whole document in the keychain, nothing on disk but the lock', async () => {
    const paths = await home();
    const keychain = createMemoryKeychain();
    const store = await createSecretStore({ paths, kind: 'keychain', keychain });
    expect(store.kind).toBe('keychain');
    await store.update((document) => {
      document.sessions['mistral/main'] = {
        provider: 'mistral',
        method: 'api-key',
        apiKey: 'mistral-key',
        metadata: {},
        createdAt: 1,
        updatedAt: 1,
      };
    });
    expect(await exists(paths.authStore)).toBe(false);
    expect(await exists(paths.authKey)).toBe(false);
    expect(
      JSON.parse((await keychain.getPassword(KEYCHAIN_SERVICE, vaultAccount(paths.home))) ?? 'null'),
    ).toMatchObject({ sessions: { 'mistral/main': { apiKey: 'mistral-key' } } });
    const reopened = await createSecretStore({ paths, kind: 'keychain', keychain });
    expect((await reopened.read()).sessions['mistral/main']?.apiKey).toBe('mistral-key');
    expect((await readdir(paths.home)).filter((name) => !name.startsWith('auth.lock'))).toEqual([]);
  });

  it('keychain without a usable keychain → STORE_UNAVAILABLE naming the way out (real OS keychain here, and a hanging one)', async () => {
    const paths = await home();
    osAccounts.push(vaultAccount(paths.home));
    const probe = await probeKeychain(osKeychain, 5_000);
    if (probe.available) {
      expect((await createSecretStore({ paths, kind: 'keychain' })).kind).toBe('keychain');
    } else {
      await expect(createSecretStore({ paths, kind: 'keychain' })).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringMatching(/store = "auto" or "file"/),
      });
    }
    await expect(
      createSecretStore({ paths, kind: 'keychain', keychain: new HangingKeychain(), keychainTimeoutMs: 100 }),
    ).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringMatching(/did not answer within 100 ms/),
    });
  });

  it('a damaged keychain document is STORE_CORRUPT and is not overwritten', async () => {
    const paths = await home();
    const keychain = createMemoryKeychain();
    await keychain.setPassword(KEYCHAIN_SERVICE, vaultAccount(paths.home), '{"version":1,"sess');
    const store = await createSecretStore({ paths, kind: 'keychain', keychain });
    await expect(store.read()).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/keychain entry.*Delete that entry/),
    });
    await expect(
      store.update((document) => {
        document.secrets.a = 'b';
      }),
    ).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await expect(store.withLock(({ write }) => write({ version: 2, sessions: {}, secrets: {} }))).rejects.toMatchObject(
      { code: 'STORE_CORRUPT' },
    );
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, vaultAccount(paths.home))).toBe('{"version":1,"sess');
  });

  it('memory persists nothing', async () => {
    const paths = await home();
    const store = await createSecretStore({ paths, kind: 'memory' });
    await store.update((document) => {
      document.secrets.a = 'b';
    });
    expect((await store.read()).secrets).toEqual({ a: 'b' });
    expect(await readdir(paths.home)).toEqual([]);
    expect((await (await createSecretStore({ paths, kind: 'memory' })).read()).secrets).toEqual({});
  });

  it('a corrupt auth.json is reported on first read, not hidden by the open', async () => {
    const paths = await home();
    await writeFile(paths.authStore, '{"format":"switchboard-vault"');
    const store = await createSecretStore({ paths, kind: 'auto', keychain: createMemoryKeychain() });
    await expect(store.read()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await readFile(paths.authStore, 'utf8')).toBe('{"format":"switchboard-vault"');
  });
});
