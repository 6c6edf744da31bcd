import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKey } from './data-key.js';
import { isPlainObject } from './parse-vault-document.js';

/** The `format` marker of an encrypted auth.json. */
export const VAULT_FORMAT = 'switchboard-vault';
/** The envelope version this code writes. */
export const VAULT_ENVELOPE_VERSION = 1;
const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The clear header of an encrypted auth.json; all of it is bound into the ciphertext as AAD. */
export interface VaultHeader {
  format: typeof VAULT_FORMAT;
  version: number;
  keyVersion: number;
  /**
   * Where the data key lives, so a later open looks in the right place: the OS keychain or
   * auth.key for the session store; `team` for the team server's master keyring.
   */
  keyStore: 'keychain' | 'file' | 'team';
  algorithm: string;
}

/** The whole encrypted auth.json. */
export interface VaultEnvelope extends VaultHeader {
  nonce: string;
  tag: string;
  ciphertext: string;
}

/** Encrypts `plaintext` under `key` with a fresh random nonce and returns the auth.json text. */
export function sealVault(plaintext: string, key: DataKey, keyStore: VaultHeader['keyStore']): string {
  const header: VaultHeader = {
    format: VAULT_FORMAT,
    version: VAULT_ENVELOPE_VERSION,
    keyVersion: key.version,
    keyStore,
    algorithm: ALGORITHM,
  };
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.bytes, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(header));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const envelope: VaultEnvelope = {
    ...header,
    nonce: nonce.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/** True when `value` claims to be an encrypted vault (its `format` marker), damaged or not. */
export function hasVaultFormat(value: unknown): value is Record<string, unknown> & { format: typeof VAULT_FORMAT } {
  return isPlainObject(value) && value.format === VAULT_FORMAT;
}

/** The header of a vault-formatted value, or `undefined` when the header is damaged. */
export function readVaultHeader(value: Record<string, unknown>): VaultHeader | undefined {
  const { version, keyVersion, keyStore, algorithm } = value;
  if (typeof version !== 'number' || typeof keyVersion !== 'number' || typeof algorithm !== 'string') return undefined;
  if (keyStore !== 'keychain' && keyStore !== 'file' && keyStore !== 'team') return undefined;
  return { format: VAULT_FORMAT, version, keyVersion, keyStore, algorithm };
}

/**
 * Decrypts an envelope whose header was read with {@link readVaultHeader}.
 * @throws Error (without detail) when a field is malformed, the tag does not verify or the key is wrong.
 */
export function openVault(value: Record<string, unknown>, header: VaultHeader, key: DataKey): string {
  const { nonce, tag, ciphertext } = value;
  if (
    header.algorithm !== ALGORITHM ||
    typeof nonce !== 'string' ||
    typeof tag !== 'string' ||
    typeof ciphertext !== 'string'
  ) {
    throw new Error('malformed envelope');
  }
  const nonceBytes = Buffer.from(nonce, 'base64');
  const tagBytes = Buffer.from(tag, 'base64');
  if (nonceBytes.length !== NONCE_BYTES || tagBytes.length !== TAG_BYTES) throw new Error('malformed envelope');
  const decipher = createDecipheriv(ALGORITHM, key.bytes, nonceBytes, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(header));
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('authentication failed');
  }
}

function additionalData(header: VaultHeader): Buffer {
  // A fixed field order, so the AAD does not depend on how the JSON was laid out.
  return Buffer.from(
    JSON.stringify([header.format, header.version, header.keyVersion, header.keyStore, header.algorithm]),
    'utf8',
  );
}
