import { statSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SwitchboardError } from '../errors.js';
import type { SwitchboardPaths } from '../config/paths.js';
import type { FileLockOptions } from '../config/file-lock.js';
import { fileLockedAccess } from './file-locked-access.js';
import { writeFileAtomic } from '../internal/write-file-atomic.js';
import type { DataKey, DataKeySource } from './data-key.js';
import { backupLegacyFile, hasLegacyBackup } from '../config/backup-legacy-file.js';
import { cloneAsJson, parseVaultDocument, readVaultDocument } from './parse-vault-document.js';
import { readTextIfExists } from '../config/read-text-if-exists.js';
import type { SecretStore } from './secret-store.js';
import { emptyVaultDocument, type VaultDocument } from './session.js';
import { moveAsideAdvice, storeCorruptError } from './store-corrupt-error.js';
import { tightenMode } from '../config/tighten-mode.js';
import { VAULT_ENVELOPE_VERSION, hasVaultFormat, openVault, readVaultHeader, sealVault } from './vault-envelope.js';
import { deepFreeze } from '../internal/deep-freeze.js';
import { fileIdentity } from '../internal/file-identity.js';

/** Options for {@link createEncryptedFileStore}. */
export interface EncryptedFileStoreOptions {
  paths: Pick<SwitchboardPaths, 'home' | 'authStore' | 'authKey' | 'authLock'>;
  /**
   * Where the AES key lives (OS keychain or auth.key). A function is called on first need (a
   * read of an existing file, or the first write), so opening an empty home costs nothing.
   */
  keySource: DataKeySource | (() => Promise<DataKeySource>);
  /** Cross-process lock tuning (wait timeout, stale-holder detection). */
  lock?: FileLockOptions;
}

/**
 * The encrypted `auth.json` store: AES-256-GCM with a random nonce per write, the header
 * bound as AAD, file 0600 in a 0700 directory. Every read-modify-write holds the
 * cross-process lock (`authLock`) and is written atomically. A file that cannot be read
 * (bad JSON, wrong key, altered bytes, missing key) is reported as `STORE_CORRUPT` and is
 * never overwritten.
 */
export function createEncryptedFileStore(options: EncryptedFileStoreOptions): SecretStore {
  const { paths } = options;
  const file = paths.authStore;
  let keySource = typeof options.keySource === 'function' ? undefined : options.keySource;
  let choosingKeySource: Promise<DataKeySource> | undefined;
  let cachedKey: DataKey | undefined;
  let modesChecked = false;
  let temporaryFilesSwept = false;
  // The last file content this instance decrypted or wrote, and its document: reading the same
  // bytes again needs no decryption, and a write over them no re-check. The document is kept
  // frozen, what every unlocked `read` hands out (on every gateway request) without a copy.
  let lastGoodText: string | undefined;
  let lastGoodDocument: VaultDocument | undefined;
  // The same document as JSON: a lock holder gets a fresh copy to change, and parsing a short
  // JSON text is cheaper than structuredClone.
  let lastGoodJson = '';
  const copyOfLastGood = (): VaultDocument => JSON.parse(lastGoodJson) as VaultDocument;
  // The file identity (inode, size, mtime in ns) `lastGoodDocument` was read under. Every write
  // (ours or another process's) replaces the file by rename, which changes it: an unchanged
  // identity means unchanged bytes, so the unlocked `read` needs one stat, no open or decrypt.
  let lastGoodIdentity: string | undefined;
  // The bytes of a version 1 document this instance read: they are kept as a .bak before the
  // first write replaces them with the upgraded document.
  let olderVersionText: string | undefined;

  const corrupt = (problem: string) => storeCorruptError(file, problem, moveAsideAdvice(file));

  async function currentKeySource(): Promise<DataKeySource> {
    if (keySource) return keySource;
    const choose = options.keySource as () => Promise<DataKeySource>;
    choosingKeySource ??= choose();
    try {
      keySource = await choosingKeySource;
    } finally {
      choosingKeySource = undefined;
    }
    return keySource;
  }

  async function loadKey(source: DataKeySource): Promise<DataKey | undefined> {
    // Only a found key is cached: another process may create the first key at any time.
    cachedKey ??= await source.load();
    return cachedKey;
  }

  async function checkModes(): Promise<void> {
    if (modesChecked) return;
    await tightenMode(dirname(file), 0o700);
    await tightenMode(file, 0o600);
    modesChecked = true;
  }

  async function decode(text: string): Promise<VaultDocument> {
    if (text === lastGoodText && lastGoodDocument) return copyOfLastGood();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw corrupt('is not valid JSON (it was truncated or edited)');
    }
    if (!hasVaultFormat(value))
      throw corrupt('is neither an encrypted Switchboard store nor an older format Switchboard can migrate');
    const header = readVaultHeader(value);
    if (!header) throw corrupt('has a damaged header');
    if (header.version > VAULT_ENVELOPE_VERSION) {
      throw new SwitchboardError(
        'STORE_UNAVAILABLE',
        `${file} was written by a newer Switchboard (store version ${header.version}). Upgrade Switchboard; nothing was changed.`,
      );
    }
    const source = await currentKeySource();
    if (header.keyStore !== source.kind) {
      const where = header.keyStore === 'keychain' ? 'the OS keychain' : paths.authKey;
      throw new SwitchboardError(
        'STORE_UNAVAILABLE',
        `${file} is encrypted with a key kept in ${where}, but this process uses the ${source.description}. Set [auth] store = "auto" in config.toml; nothing was changed.`,
      );
    }
    const key = await loadKey(source);
    if (!key) throw corrupt(`is encrypted, but its key is missing (no ${source.description})`);
    if (key.version !== header.keyVersion) {
      throw corrupt(
        `was encrypted with key version ${header.keyVersion}, but the ${source.description} has version ${key.version}`,
      );
    }
    let plaintext: string;
    try {
      plaintext = openVault(value, header, key);
    } catch {
      throw corrupt('cannot be decrypted: it was altered, or it belongs to a different key');
    }
    let parsed: ReturnType<typeof readVaultDocument>;
    try {
      parsed = readVaultDocument(JSON.parse(plaintext));
    } catch {
      parsed = undefined;
    }
    if (!parsed) throw corrupt('decrypted to something that is not a session store');
    const { document } = parsed;
    if (parsed.version === 1) olderVersionText = text;
    lastGoodText = text;
    lastGoodJson = JSON.stringify(document);
    lastGoodDocument = deepFreeze(copyOfLastGood());
    return document;
  }

  /** The file's bytes, read now: what the lock holder (refresh, update) must always see. */
  async function readFresh(): Promise<VaultDocument> {
    await checkModes();
    const text = await readTextIfExists(file);
    return text === undefined ? emptyVaultDocument() : decode(text);
  }

  /**
   * The document, frozen; from memory while the file's identity is the one it was decoded under.
   */
  async function read(): Promise<VaultDocument> {
    await checkModes();
    const identity = identityOf(file);
    if (identity === undefined) return deepFreeze(emptyVaultDocument());
    if (identity === lastGoodIdentity && lastGoodDocument) return lastGoodDocument;
    // The identity is taken before the read: the bytes read are that version or a newer one,
    // so a cached document is never older than the identity it is filed under.
    const text = await readTextIfExists(file);
    if (text === undefined) return deepFreeze(emptyVaultDocument());
    await decode(text);
    lastGoodIdentity = identity;
    return lastGoodDocument ?? deepFreeze(emptyVaultDocument());
  }

  /** Throws unless the current file is absent, readable by us, or a backed-up legacy file. */
  async function assertReplaceable(): Promise<void> {
    const text = await readTextIfExists(file);
    if (text === undefined || text === lastGoodText) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    // A migrated legacy file may be replaced once its exact bytes are safe in a .bak.
    if (value !== undefined && !hasVaultFormat(value) && (await hasLegacyBackup(file, text))) return;
    await decode(text);
  }

  async function sweepTemporaryFiles(): Promise<void> {
    // Left by writers killed mid-write. Safe to delete: only lock holders write these files.
    if (temporaryFilesSwept) return;
    const directory = dirname(file);
    const prefixes = [`.${basename(file)}.`, `.${basename(paths.authKey)}.`];
    const names = await readdir(directory).catch(() => [] as string[]);
    for (const name of names) {
      if (name.endsWith('.tmp') && prefixes.some((prefix) => name.startsWith(prefix))) {
        await unlink(join(directory, name)).catch(() => undefined);
      }
    }
    temporaryFilesSwept = true;
  }

  async function write(document: VaultDocument): Promise<void> {
    const next = parseVaultDocument(cloneAsJson(document));
    if (!next)
      throw new SwitchboardError(
        'INVALID_INPUT',
        `Refusing to write an invalid session store to ${file}; nothing was changed.`,
      );
    await assertReplaceable();
    if (olderVersionText !== undefined && (await readTextIfExists(file)) === olderVersionText)
      await backupLegacyFile(file, olderVersionText);
    await sweepTemporaryFiles();
    const source = await currentKeySource();
    const key = (await loadKey(source)) ?? (cachedKey = await source.create());
    const text = sealVault(JSON.stringify(next), key, source.kind);
    await writeFileAtomic(file, text, { mode: 0o600, directoryMode: 0o700 });
    lastGoodText = text;
    lastGoodJson = JSON.stringify(next);
    lastGoodDocument = deepFreeze(next);
    // The next unlocked read stats the new file and takes its identity (no decrypt: same text).
    lastGoodIdentity = undefined;
  }

  const locked = fileLockedAccess({ lockPath: paths.authLock, lock: options.lock, access: { read: readFresh, write } });

  return {
    kind: 'file',
    get description() {
      return `encrypted file ${file} (${keySource?.description ?? 'no key created yet'})`;
    },
    read,
    ...locked,
  };
}

/**
 * `ino:size:mtimeMs` of a file, or undefined when it does not exist. Synchronous on purpose: it
 * runs on every request, and a stat of a local file takes microseconds where the promise
 * version costs a thread-pool round trip and its callbacks.
 */
function identityOf(path: string): string | undefined {
  return fileIdentity(statSync(path, { throwIfNoEntry: false }));
}
