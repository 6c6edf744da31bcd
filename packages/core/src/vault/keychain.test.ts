import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../errors.js';
import { createOsKeychain, probeKeychain, withKeychainTimeout, type Keychain } from './keychain.js';
import { createMemoryKeychain } from './memory-keychain.js';

/** A keychain that never answers, like a locked desktop keyring waiting on a prompt. */
class HangingKeychain implements Keychain {
  calls = 0;
  getPassword(): Promise<string | null> {
    this.calls += 1;
    return new Promise(() => undefined);
  }
  setPassword(): Promise<void> {
    this.calls += 1;
    return new Promise(() => undefined);
  }
  deletePassword(): Promise<boolean> {
    this.calls += 1;
    return new Promise(() => undefined);
  }
}

/** A keychain whose backend is missing, failing like @napi-rs/keyring does without D-Bus. */
class BrokenKeychain implements Keychain {
  getPassword(): Promise<string | null> {
    throw new Error('Platform failure: DBus error: no session bus');
  }
  async setPassword(): Promise<void> {
    throw new Error('Platform failure: DBus error: no session bus');
  }
  async deletePassword(): Promise<boolean> {
    throw new Error('Platform failure: DBus error: no session bus');
  }
}

describe('keychain', () => {
  it('probes the real OS keychain without hanging, and its answer matches what the keychain does', async () => {
    const keychain = createOsKeychain({ timeoutMs: 5_000 });
    const probe = await probeKeychain(keychain, 5_000);
    const account = `sb-test-${randomUUID()}`;
    if (probe.available) {
      try {
        await keychain.setPassword('switchboard-test', account, 'value');
        expect(await keychain.getPassword('switchboard-test', account)).toBe('value');
      } finally {
        await keychain.deletePassword('switchboard-test', account);
      }
      expect(await keychain.getPassword('switchboard-test', account)).toBeNull();
    } else {
      // Headless Linux (this CI): no Secret Service, and no silent kernel-keyring fallback.
      expect(probe.reason).toMatch(/keychain/i);
      const error = await keychain.getPassword('switchboard-test', account).catch((caught: unknown) => caught);
      expect(isSwitchboardError(error, 'STORE_UNAVAILABLE')).toBe(true);
      await expect(keychain.setPassword('switchboard-test', account, 'value')).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
      });
    }
  });

  it('treats a keychain that never answers as unavailable after the timeout', async () => {
    const hanging = new HangingKeychain();
    const probe = await probeKeychain(hanging, 50);
    expect(probe).toEqual({ available: false, reason: expect.stringMatching(/did not answer within 50 ms/) });
    expect(hanging.calls).toBe(1);
    await expect(withKeychainTimeout(() => hanging.setPassword(), 50)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      isRetryable: true,
    });
  });

  it('treats a missing platform store (even a synchronous throw) as unavailable', async () => {
    const probe = await probeKeychain(new BrokenKeychain(), 1_000);
    expect(probe).toEqual({ available: false, reason: expect.stringMatching(/No OS keychain is reachable.*DBus/) });
  });

  it('memory keychain stores, replaces and deletes per (service, account)', async () => {
    const keychain = createMemoryKeychain();
    expect(await probeKeychain(keychain, 1_000)).toEqual({ available: true });
    await keychain.setPassword('s', 'a', 'one');
    await keychain.setPassword('s', 'b', 'two');
    await keychain.setPassword('s', 'a', 'three');
    expect(await keychain.getPassword('s', 'a')).toBe('three');
    expect(await keychain.getPassword('other', 'a')).toBeNull();
    expect(await keychain.deletePassword('s', 'a')).toBe(true);
    expect(await keychain.deletePassword('s', 'a')).toBe(false);
    expect(await keychain.getPassword('s', 'a')).toBeNull();
    expect(await keychain.getPassword('s', 'b')).toBe('two');
  });
});
