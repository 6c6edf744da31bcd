import { SwitchboardError } from '../errors.js';
import type { DataKey } from './data-key.js';
import { hasVaultFormat, openVault, readVaultHeader, sealVault } from './vault-envelope.js';

/**
 * Versioned master keys (the team server's): the newest seals, every one still opens what it
 * sealed, so a rotation re-encrypts while older ciphertexts keep opening.
 */
export interface SecretKeyring {
  /** The key new secrets are sealed with (the highest version). */
  readonly current: DataKey;
  /** Every key by version. */
  readonly versions: ReadonlyMap<number, DataKey>;
}

const KEY_BYTES = 32;

/**
 * Parses `version:base64key` entries separated by commas or new lines (`1:…,2:…`), each key 32
 * random bytes (`openssl rand -base64 32`). `where` names the source in messages; a key is never
 * quoted.
 * @throws SwitchboardError `INVALID_CONFIG` saying what is wrong and how to make a key.
 */
export function parseSecretKeyring(text: string, where: string): SecretKeyring {
  const versions = new Map<number, DataKey>();
  const entries = text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
  const advice = 'Each entry is version:key, the key 32 random bytes in base64 (openssl rand -base64 32).';
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const version = Number(entry.slice(0, colon));
    const bytes = Buffer.from(entry.slice(colon + 1), 'base64');
    if (colon < 1 || !Number.isInteger(version) || version < 1)
      throw new SwitchboardError('INVALID_CONFIG', `Entry ${index + 1} of ${where} has no version number. ${advice}`);
    if (bytes.length !== KEY_BYTES)
      throw new SwitchboardError('INVALID_CONFIG', `Key version ${version} in ${where} is not 32 bytes. ${advice}`);
    if (versions.has(version))
      throw new SwitchboardError('INVALID_CONFIG', `Key version ${version} appears twice in ${where}. ${advice}`);
    versions.set(version, { version, bytes });
  }
  const newest = Math.max(...versions.keys());
  const current = versions.get(newest);
  if (!current) throw new SwitchboardError('INVALID_CONFIG', `${where} holds no key. ${advice}`);
  return { current, versions };
}

/** Seals `plaintext` with the keyring's current key (AES-256-GCM, the vault envelope). */
export function sealSecret(plaintext: string, keyring: SecretKeyring): { sealed: string; keyVersion: number } {
  return { sealed: sealVault(plaintext, keyring.current, 'team'), keyVersion: keyring.current.version };
}

/** The key version a sealed secret names, or undefined when it is not a sealed secret. */
export function sealedKeyVersion(sealed: string): number | undefined {
  try {
    const value: unknown = JSON.parse(sealed);
    return hasVaultFormat(value) ? readVaultHeader(value)?.keyVersion : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens a secret sealed by {@link sealSecret} with whichever keyring version sealed it.
 * @throws SwitchboardError `STORE_UNAVAILABLE` when that version is not in the keyring (an
 * older key was removed too early), `STORE_CORRUPT` when the text was altered or is not sealed.
 */
export function openSecret(sealed: string, keyring: SecretKeyring, what: string): string {
  let value: unknown;
  try {
    value = JSON.parse(sealed);
  } catch {
    value = undefined;
  }
  const header = hasVaultFormat(value) ? readVaultHeader(value) : undefined;
  if (!header || header.keyStore !== 'team' || !hasVaultFormat(value))
    throw new SwitchboardError('STORE_CORRUPT', `The stored ${what} is damaged; save it again.`);
  const key = keyring.versions.get(header.keyVersion);
  if (!key)
    throw new SwitchboardError(
      'STORE_UNAVAILABLE',
      `The stored ${what} was sealed with master key version ${header.keyVersion}, which is not configured; add it back beside the new one until \`sb team rotate-key\` has run.`,
    );
  try {
    return openVault(value, header, key);
  } catch {
    throw new SwitchboardError(
      'STORE_CORRUPT',
      `The stored ${what} cannot be decrypted: it was altered, or the key of version ${header.keyVersion} is not the one that sealed it.`,
    );
  }
}
