import { chmod, mkdtemp, readFile, readdir, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../errors.js';
import { createPaths, type SwitchboardPaths } from '../config/paths.js';
import { encodeDataKey, generateDataKey } from './data-key.js';
import { createEncryptedFileStore } from './encrypted-file-store.js';
import { createFileKeySource } from './file-key-source.js';
import type { StoredSession } from './session.js';

async function home(): Promise<SwitchboardPaths> {
  return createPaths(await mkdtemp(join(tmpdir(), 'sb-vault-')));
}

function openStore(paths: SwitchboardPaths) {
  return createEncryptedFileStore({ paths, keySource: createFileKeySource(paths) });
}

function session(accessToken: string, overrides: Partial<StoredSession> = {}): StoredSession {
  return {
    provider: 'openai',
    method: 'oauth',
    accessToken,
    refreshToken: `${accessToken}-refresh`,
    metadata: { email: 'a@example.test' },
    createdAt: 1,
    updatedAt: 2,
    ...overrides,
  };
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** Proves `paths.authStore` is reported as STORE_CORRUPT and survives read, update and a locked write. */
async function expectCorruptAndUntouched(paths: SwitchboardPaths, canary?: string) {
  const before = await readFile(paths.authStore);
  const store = openStore(paths);
  const errors = [
    await caught(store.read()),
    await caught(
      store.update((document) => {
        document.secrets.other = 'x';
      }),
    ),
    await caught(store.withLock(({ write }) => write({ version: 2, sessions: {}, secrets: { replaced: 'yes' } }))),
  ];
  for (const error of errors) {
    expect(isSwitchboardError(error, 'STORE_CORRUPT')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(paths.authStore);
    expect(message).toContain(`mv ${paths.authStore} ${paths.authStore}.broken`);
    expect(message).toContain('Nothing was changed');
    if (canary) {
      const rendered = [
        message,
        String(error),
        JSON.stringify(error),
        String((error as Error).stack),
        String((error as Error).cause),
      ].join('\n');
      expect(rendered).not.toContain(canary);
    }
  }
  expect((await readFile(paths.authStore)).equals(before)).toBe(true);
}

describe('encrypted file store', () => {
  it('reads an empty document when nothing is stored, without creating files', async () => {
    const paths = await home();
    expect(await openStore(paths).read()).toEqual({ version: 2, sessions: {}, secrets: {} });
    expect(await readdir(paths.home)).toEqual([]);
  });

  it('round-trips sessions and secrets through a new instance, with 0600 files in a 0700 directory', async () => {
    const paths = await home();
    const written = await openStore(paths).update((document) => {
      document.sessions['openai/main'] = session('access-1');
      document.secrets.gateway = 'gateway-secret';
    });
    expect(written.sessions['openai/main']?.accessToken).toBe('access-1');
    const read = await openStore(paths).read();
    expect(read.sessions['openai/main']).toEqual(session('access-1'));
    expect(read.secrets).toEqual({ gateway: 'gateway-secret' });
    expect(await mode(paths.authStore)).toBe(0o600);
    expect(await mode(paths.authKey)).toBe(0o600);
    expect(await mode(paths.home)).toBe(0o700);
  });

  it('writes the documented envelope with a fresh 12-byte nonce on every write', async () => {
    const paths = await home();
    const store = openStore(paths);
    await store.update((document) => {
      document.secrets.same = 'value';
    });
    const first = JSON.parse(await readFile(paths.authStore, 'utf8')) as Record<string, string | number>;
    await store.update(() => undefined);
    const second = JSON.parse(await readFile(paths.authStore, 'utf8')) as Record<string, string | number>;
    expect(first).toMatchObject({
      format: 'switchboard-vault',
      version: 1,
      keyVersion: 1,
      keyStore: 'file',
      algorithm: 'aes-256-gcm',
    });
    expect(Buffer.from(String(first.nonce), 'base64')).toHaveLength(12);
    expect(Buffer.from(String(first.tag), 'base64')).toHaveLength(16);
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.ciphertext).not.toBe(first.ciphertext);
    expect((await store.read()).secrets).toEqual({ same: 'value' });
  });

  it('binds the header as AAD: a consistent but edited key version fails to decrypt', async () => {
    const paths = await home();
    await openStore(paths).update((document) => {
      document.secrets.a = 'b';
    });
    const key = JSON.parse(await readFile(paths.authKey, 'utf8')) as { keyVersion: number };
    key.keyVersion = 2;
    await writeFile(paths.authKey, JSON.stringify(key));
    const envelope = JSON.parse(await readFile(paths.authStore, 'utf8')) as { keyVersion: number };
    envelope.keyVersion = 2;
    await writeFile(paths.authStore, JSON.stringify(envelope));
    await expectCorruptAndUntouched(paths);
    expect(((await caught(openStore(paths).read())) as Error).message).toMatch(/cannot be decrypted/);
  });

  it('tightens looser modes on open', async () => {
    const paths = await home();
    await openStore(paths).update((document) => {
      document.secrets.a = 'b';
    });
    await chmod(paths.authStore, 0o644);
    await chmod(paths.home, 0o755);
    await openStore(paths).read();
    expect(await mode(paths.authStore)).toBe(0o600);
    expect(await mode(paths.home)).toBe(0o700);
  });

  it('serialises concurrent updates in one process (no lost increments)', async () => {
    const paths = await home();
    const store = openStore(paths);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.update((document) => {
          document.secrets.counter = String(Number(document.secrets.counter ?? '0') + 1);
        }),
      ),
    );
    expect((await openStore(paths).read()).secrets.counter).toBe('20');
  });

  it('withLock holds the lock across the task: a concurrent update runs only after it', async () => {
    const paths = await home();
    const store = openStore(paths);
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const locked = store.withLock(async ({ read, write }) => {
      entered();
      const document = await read();
      await held;
      document.secrets.owner = 'with-lock';
      await write(document);
      events.push('with-lock wrote');
    });
    await inside;
    const update = openStore(paths).update((document) => {
      events.push(`update saw ${document.secrets.owner ?? 'nothing'}`);
      document.secrets.after = 'yes';
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await Promise.all([locked, update]);
    expect(events).toEqual(['with-lock wrote', 'update saw with-lock']);
    expect((await store.read()).secrets).toEqual({ owner: 'with-lock', after: 'yes' });
  });

  it('refuses to write an invalid document and leaves the file as it was', async () => {
    const paths = await home();
    const store = openStore(paths);
    await store.update((document) => {
      document.secrets.a = 'b';
    });
    const before = await readFile(paths.authStore);
    const invalid = { version: 3, sessions: {}, secrets: {} } as unknown as Parameters<
      Parameters<typeof store.update>[0]
    >[0];
    await expect(store.update(() => invalid)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await readFile(paths.authStore)).equals(before)).toBe(true);
  });

  it('removes temporary files left by a writer that was killed', async () => {
    const paths = await home();
    const store = openStore(paths);
    await store.update((document) => {
      document.secrets.a = 'b';
    });
    const leftover = join(paths.home, '.auth.json.99999.abcdef.tmp');
    await writeFile(leftover, 'partial');
    await openStore(paths).update((document) => {
      document.secrets.c = 'd';
    });
    expect((await readdir(paths.home)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  describe('corrupt or undecryptable store → STORE_CORRUPT, never overwritten', () => {
    async function stored(): Promise<SwitchboardPaths> {
      const paths = await home();
      await openStore(paths).update((document) => {
        document.sessions['openai/main'] = session('access-x');
      });
      return paths;
    }

    it('bad JSON (truncated file)', async () => {
      const paths = await stored();
      const text = await readFile(paths.authStore, 'utf8');
      await writeFile(paths.authStore, text.slice(0, text.length / 2));
      await expectCorruptAndUntouched(paths);
    });

    it('altered ciphertext (bad tag)', async () => {
      const paths = await stored();
      const envelope = JSON.parse(await readFile(paths.authStore, 'utf8')) as { ciphertext: string };
      const bytes = Buffer.from(envelope.ciphertext, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 0xff;
      envelope.ciphertext = bytes.toString('base64');
      await writeFile(paths.authStore, JSON.stringify(envelope));
      await expectCorruptAndUntouched(paths);
    });

    it('altered tag', async () => {
      const paths = await stored();
      const envelope = JSON.parse(await readFile(paths.authStore, 'utf8')) as { tag: string };
      envelope.tag = Buffer.alloc(16, 7).toString('base64');
      await writeFile(paths.authStore, JSON.stringify(envelope));
      await expectCorruptAndUntouched(paths);
    });

    it('wrong key', async () => {
      const paths = await stored();
      await writeFile(paths.authKey, encodeDataKey(generateDataKey()), { mode: 0o600 });
      await expectCorruptAndUntouched(paths);
    });

    it('missing key file while data exists (and no new key is created)', async () => {
      const paths = await stored();
      await unlink(paths.authKey);
      await expectCorruptAndUntouched(paths);
      expect(((await caught(openStore(paths).read())) as Error).message).toMatch(/key is missing/);
      await expect(stat(paths.authKey)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('damaged key file: names auth.key and moves both aside', async () => {
      const paths = await stored();
      await writeFile(paths.authKey, 'not a key');
      const error = await caught(openStore(paths).read());
      expect(isSwitchboardError(error, 'STORE_CORRUPT')).toBe(true);
      expect((error as Error).message).toContain(paths.authKey);
      expect((error as Error).message).toContain(`mv ${paths.authKey} ${paths.authKey}.broken`);
    });

    it('JSON that is not a vault', async () => {
      const paths = await home();
      await writeFile(paths.authStore, JSON.stringify({ hello: 'world' }));
      await expectCorruptAndUntouched(paths);
    });
  });

  describe('canary', () => {
    const canary = `sk-CANARY-${Math.random().toString(36).slice(2)}-do-not-leak`;

    it('keeps the canary out of the auth.json bytes', async () => {
      const paths = await home();
      await openStore(paths).update((document) => {
        document.sessions['openai/main'] = session(canary, { apiKey: canary, refreshToken: canary, idToken: canary });
        document.secrets.gateway = canary;
      });
      const bytes = await readFile(paths.authStore);
      expect(bytes.includes(canary)).toBe(false);
      expect(bytes.includes(Buffer.from(canary).toString('base64').slice(0, 12))).toBe(false);
      expect((await openStore(paths).read()).sessions['openai/main']?.accessToken).toBe(canary);
    });

    it('keeps the canary out of every error thrown for a corrupt store', async () => {
      const paths = await home();
      await openStore(paths).update((document) => {
        document.sessions['openai/main'] = session(canary);
      });
      // Wrong key: the decrypted bytes must not surface.
      await writeFile(paths.authKey, encodeDataKey(generateDataKey()));
      await expectCorruptAndUntouched(paths, canary);
      // A damaged plaintext file holding the canary: JSON.parse errors quote their input.
      await writeFile(paths.authStore, `{"access_token": "${canary}", "refresh_token": "${canary}"`);
      await expectCorruptAndUntouched(paths, canary);
      await writeFile(paths.authStore, `{"format": "switchboard-vault", "ciphertext": "${canary}"`);
      await expectCorruptAndUntouched(paths, canary);
    });
  });
});

describe('encrypted file store: reads of an unchanged file', () => {
  it('serves an unchanged file from memory (one stat), while the lock holder always reads the bytes', async () => {
    const paths = await home();
    const store = openStore(paths);
    await store.update((document) => {
      document.sessions['openai/main'] = session('token-one');
    });
    // A round mtime can be put back exactly after the bytes change below.
    const when = new Date('2026-01-02T03:04:05.000Z');
    await utimes(paths.authStore, when, when);
    expect((await store.read()).sessions['openai/main']?.accessToken).toBe('token-one');

    // Same inode, same size, same mtime, different (now undecryptable) bytes: nothing Switchboard
    // writes does this (writes replace the file), so the identity still says "unchanged".
    const bytes = await readFile(paths.authStore, 'utf8');
    const tampered = bytes.replace(
      /("ciphertext":\s*")(.)/,
      (_match, prefix: string, first: string) => `${prefix}${first === 'A' ? 'B' : 'A'}`,
    );
    expect(tampered).not.toBe(bytes);
    expect(tampered.length).toBe(bytes.length);
    await writeFile(paths.authStore, tampered);
    await utimes(paths.authStore, when, when);

    expect((await store.read()).sessions['openai/main']?.accessToken).toBe('token-one');
    expect(isSwitchboardError(await caught(openStore(paths).read()), 'STORE_CORRUPT')).toBe(true);
    expect(isSwitchboardError(await caught(store.withLock(({ read }) => read())), 'STORE_CORRUPT')).toBe(true);

    // Any change of the identity (here the mtime) makes the next read read the bytes.
    await utimes(paths.authStore, new Date(), new Date());
    expect(isSwitchboardError(await caught(store.read()), 'STORE_CORRUPT')).toBe(true);
  });

  it('picks up what another store instance (another process) wrote', async () => {
    const paths = await home();
    const reader = openStore(paths);
    const writer = openStore(paths);
    expect((await reader.read()).sessions).toEqual({});
    await writer.update((document) => {
      document.sessions['openai/main'] = session('token-one');
    });
    expect((await reader.read()).sessions['openai/main']?.accessToken).toBe('token-one');
    expect((await reader.read()).sessions['openai/main']?.accessToken).toBe('token-one');
    await writer.update((document) => {
      document.sessions['openai/main'] = session('token-two');
    });
    expect((await reader.read()).sessions['openai/main']?.accessToken).toBe('token-two');
    await writer.update((document) => {
      delete document.sessions['openai/main'];
    });
    expect((await reader.read()).sessions['openai/main']).toBeUndefined();
    await unlink(paths.authStore);
    expect((await reader.read()).sessions).toEqual({});
  });

  it('hands every reader the same frozen document until the file changes: no copy per read, no reader changing it', async () => {
    const paths = await home();
    const store = openStore(paths);
    await store.update((document) => {
      document.sessions['openai/main'] = session('token-one');
    });
    const first = await store.read();
    expect(await store.read()).toBe(first);
    expect(() => {
      first.sessions['openai/main']!.accessToken = 'changed-by-caller';
    }).toThrow(TypeError);
    expect((await store.read()).sessions['openai/main']?.accessToken).toBe('token-one');
    // A lock holder gets its own copy to change; the write is what the next read sees.
    const updated = await store.update((document) => {
      document.sessions['openai/main']!.accessToken = 'token-two';
    });
    updated.sessions['openai/main']!.accessToken = 'changed-after-write';
    const next = await store.read();
    expect(next).not.toBe(first);
    expect(next.sessions['openai/main']?.accessToken).toBe('token-two');
    expect(Object.isFrozen(await openStore(paths).read())).toBe(true);
  });
});
