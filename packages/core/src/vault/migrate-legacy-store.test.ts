import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaths, type SwitchboardPaths } from '../config/paths.js';
import { createSecretStore } from './create-secret-store.js';
import { vaultAccount } from './keychain-store.js';
import { KEYCHAIN_SERVICE } from './keychain.js';
import { createMemoryKeychain } from './memory-keychain.js';
import { migrateLegacyStore } from './migrate-legacy-store.js';

const NOW = Date.UTC(2026, 10, 1);
const canary = `CANARY-${Math.random().toString(36).slice(2)}`;

async function home(): Promise<SwitchboardPaths> {
  return createPaths(await mkdtemp(join(tmpdir(), 'sb-migrate-')));
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

async function writeLegacy(paths: SwitchboardPaths, value: unknown): Promise<string> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(paths.authStore, text, { mode: 0o644 });
  return text;
}

const openFile = (paths: SwitchboardPaths) => createSecretStore({ paths, kind: 'file', now: () => NOW });

describe('migrateLegacyStore', () => {
  it('encrypts a single-provider plaintext auth.json on first open, keeping the original as a 0600 .bak', async () => {
    const paths = await home();
    const original = await writeLegacy(paths, {
      access_token: `at-${canary}`,
      refresh_token: `rt-${canary}`,
      expires_in: 3600,
      account_id: 'acct-1',
      team: 'blue',
    });
    const store = await openFile(paths);
    const document = await store.read();
    // No email to name it after: the session is named after its method.
    expect(Object.keys(document.sessions)).toEqual(['openai/oauth']);
    expect(document.sessions['openai/oauth']).toMatchObject({
      method: 'oauth',
      accessToken: `at-${canary}`,
      refreshToken: `rt-${canary}`,
      metadata: { accountId: 'acct-1', team: 'blue', importedFrom: 'legacy auth.json' },
    });
    expect(document.sessions['openai/oauth']?.expiresAt).toBeGreaterThan(NOW - 24 * 3_600_000);
    const bytes = await readFile(paths.authStore, 'utf8');
    expect(JSON.parse(bytes)).toMatchObject({ format: 'switchboard-vault' });
    expect(bytes).not.toContain(canary);
    expect(await readFile(`${paths.authStore}.bak`, 'utf8')).toBe(original);
    expect((await stat(`${paths.authStore}.bak`)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.authStore)).mode & 0o777).toBe(0o600);
  });

  it('is idempotent: reopening and calling it again change nothing', async () => {
    const paths = await home();
    await writeLegacy(paths, { OPENAI_API_KEY: 'sk-legacy', tokens: null });
    const store = await openFile(paths);
    const after = await readFile(paths.authStore, 'utf8');
    expect(await migrateLegacyStore({ paths, store })).toBeUndefined();
    await openFile(paths);
    expect(await readFile(paths.authStore, 'utf8')).toBe(after);
    expect((await readdir(paths.home)).filter((name) => name.includes('.bak'))).toEqual(['auth.json.bak']);
    expect((await store.read()).sessions['openai/api-key']).toMatchObject({ method: 'api-key', apiKey: 'sk-legacy' });
  });

  it('migrates once when several openers race', async () => {
    const paths = await home();
    await writeLegacy(paths, {
      version: 1,
      sessions: {
        mistral: { provider: 'mistral', method: 'api-key', apiKey: 'mk', metadata: {}, createdAt: 1, updatedAt: 1 },
      },
      secrets: { gateway: 'g' },
    });
    const stores = await Promise.all(Array.from({ length: 4 }, () => openFile(paths)));
    for (const store of stores) {
      expect(await store.read()).toEqual({
        version: 2,
        sessions: {
          'mistral/api-key': {
            provider: 'mistral',
            method: 'api-key',
            apiKey: 'mk',
            metadata: {},
            createdAt: 1,
            updatedAt: 1,
          },
        },
        secrets: { gateway: 'g' },
      });
    }
    expect((await readdir(paths.home)).filter((name) => name.includes('.bak'))).toEqual(['auth.json.bak']);
  });

  it('never overwrites an existing, different .bak', async () => {
    const paths = await home();
    await writeFile(`${paths.authStore}.bak`, 'an older backup');
    const original = await writeLegacy(paths, { access_token: 'at' });
    const store = await openFile(paths);
    const migration = await readFile(`${paths.authStore}.bak.1`, 'utf8');
    expect(migration).toBe(original);
    expect(await readFile(`${paths.authStore}.bak`, 'utf8')).toBe('an older backup');
    expect((await store.read()).sessions['openai/oauth']?.accessToken).toBe('at');
  });

  it('migrates into the keychain store: sessions already there win, auth.json moves to .bak', async () => {
    const paths = await home();
    const keychain = createMemoryKeychain();
    const existing = await createSecretStore({ paths, kind: 'keychain', keychain });
    await existing.update((document) => {
      document.sessions['openai/main'] = {
        provider: 'openai',
        method: 'api-key',
        apiKey: 'newer',
        metadata: {},
        createdAt: 1,
        updatedAt: 1,
      };
    });
    const original = await writeLegacy(paths, {
      version: 1,
      sessions: {
        openai: { provider: 'openai', method: 'oauth', accessToken: 'older' },
        google: { provider: 'google', method: 'api-key', apiKey: 'gk' },
      },
    });
    const store = await createSecretStore({ paths, kind: 'keychain', keychain, now: () => NOW });
    const document = await store.read();
    expect(Object.keys(document.sessions).sort()).toEqual(['google/api-key', 'openai/main']);
    expect(document.sessions['openai/main']?.apiKey).toBe('newer');
    expect(document.sessions['google/api-key']).toMatchObject({ apiKey: 'gk', createdAt: NOW });
    expect(await exists(paths.authStore)).toBe(false);
    expect(await readFile(`${paths.authStore}.bak`, 'utf8')).toBe(original);
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, vaultAccount(paths.home))).toContain('"gk"');
  });

  it('leaves an unrecognised plaintext file alone; the store reports it as STORE_CORRUPT', async () => {
    const paths = await home();
    const original = await writeLegacy(paths, { something: 'else' });
    const store = await openFile(paths);
    await expect(store.read()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await expect(store.update(() => undefined)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await readFile(paths.authStore, 'utf8')).toBe(original);
    expect(await exists(`${paths.authStore}.bak`)).toBe(false);
  });
});
