import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../errors.js';
import { openSecret, parseSecretKeyring, sealSecret, sealedKeyVersion } from './secret-keyring.js';

const key = () => randomBytes(32).toString('base64');

describe('the team master keyring', () => {
  it('seals with the newest version and opens with whichever version sealed', () => {
    const one = `1:${key()}`;
    const old = parseSecretKeyring(one, 'test');
    const sealed = sealSecret('secret-CANARY-1', old);
    expect(sealed.keyVersion).toBe(1);
    expect(sealed.sealed).not.toContain('secret-CANARY-1');
    const both = parseSecretKeyring(`${one}\n# the new one\n2:${key()}`, 'test');
    expect(both.current.version).toBe(2);
    expect(openSecret(sealed.sealed, both, 'key')).toBe('secret-CANARY-1');
    const resealed = sealSecret('secret-CANARY-1', both);
    expect(sealedKeyVersion(resealed.sealed)).toBe(2);
  });

  it('refuses keyrings it cannot use, naming the source and never quoting a key', () => {
    const short = Buffer.from('not-32-bytes').toString('base64');
    for (const [text, message] of [
      [`${short}`, 'has no version number'],
      [`1:${short}`, 'Key version 1 in SOURCE is not 32 bytes'],
      [`1:${key()},1:${key()}`, 'Key version 1 appears twice'],
      ['  ', 'holds no key'],
    ] as const) {
      const error = (() => {
        try {
          parseSecretKeyring(text, 'SOURCE');
          return undefined;
        } catch (caught) {
          return caught;
        }
      })();
      expect(isSwitchboardError(error, 'INVALID_CONFIG')).toBe(true);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain(short);
    }
  });

  it('says which version is missing, and that an altered secret is damaged', () => {
    const sealed = sealSecret('value', parseSecretKeyring(`3:${key()}`, 'test')).sealed;
    const other = parseSecretKeyring(`1:${key()}`, 'test');
    expect(() => openSecret(sealed, other, 'openai credential')).toThrow(
      /master key version 3, which is not configured/,
    );
    const wrongKey = parseSecretKeyring(`3:${key()}`, 'test');
    expect(() => openSecret(sealed, wrongKey, 'openai credential')).toThrow(/cannot be decrypted/);
    const tampered = sealed.replace(/"ciphertext": "./, '"ciphertext": "A');
    const error = (() => {
      try {
        openSecret(tampered, wrongKey, 'openai credential');
      } catch (caught) {
        return caught;
      }
    })();
    expect(isSwitchboardError(error, 'STORE_CORRUPT')).toBe(true);
    expect(() => openSecret('not sealed', other, 'openai credential')).toThrow(/is damaged/);
  });
});
