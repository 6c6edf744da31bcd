import { randomBytes } from 'node:crypto';
import { isPlainObject } from './parse-vault-document.js';

/** A 256-bit AES key and the version recorded beside every ciphertext it made. */
export interface DataKey {
  version: number;
  bytes: Buffer;
}

/** Where the file store's data key lives: the OS keychain or a 0600 `auth.key`. */
export interface DataKeySource {
  readonly kind: 'keychain' | 'file';
  /** For messages, e.g. "key in ~/.switchboard/auth.key". */
  readonly description: string;
  /** The stored key, or `undefined` when none was created yet. */
  load(): Promise<DataKey | undefined>;
  /** Creates and stores a new key. Call only under the store lock, after `load` found none. */
  create(): Promise<DataKey>;
}

const KEY_FORMAT = 'switchboard-key';
const KEY_BYTES = 32;

/** A fresh random key. */
export function generateDataKey(version = 1): DataKey {
  return { version, bytes: randomBytes(KEY_BYTES) };
}

/** Serialises a key for auth.key or a keychain entry. */
export function encodeDataKey(key: DataKey): string {
  return `${JSON.stringify({ format: KEY_FORMAT, keyVersion: key.version, key: key.bytes.toString('base64') })}\n`;
}

/** Parses {@link encodeDataKey} output; `undefined` when it is not a well-formed key. */
export function decodeDataKey(text: string): DataKey | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(value) || value.format !== KEY_FORMAT) return undefined;
  const { keyVersion, key } = value;
  if (typeof keyVersion !== 'number' || !Number.isInteger(keyVersion) || keyVersion < 1 || typeof key !== 'string')
    return undefined;
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length !== KEY_BYTES) return undefined;
  return { version: keyVersion, bytes };
}
