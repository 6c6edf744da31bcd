import { SwitchboardError } from '../errors.js';
import { withTimeout } from './with-timeout.js';

/**
 * The few OS-keychain operations Switchboard needs. Implementations: {@link createOsKeychain}
 * (macOS Keychain, Windows Credential Manager, Linux Secret Service) and
 * `createMemoryKeychain` (tests, embedding).
 */
export interface Keychain {
  /** The stored password, or `null` when there is none. */
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  /** Resolves whether something was deleted. */
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** The keychain service name every Switchboard entry is stored under. */
export const KEYCHAIN_SERVICE = 'switchboard';
/** How long a keychain call may take before it counts as "no keychain" (locked keyrings hang). */
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000;
const PROBE_ACCOUNT = 'probe';
// What @napi-rs/keyring reports when there is no Secret Service / platform store at all.
const NO_KEYCHAIN = /platform storage|dbus|zbus/i;

/** Options for {@link createOsKeychain}. */
export interface OsKeychainOptions {
  /** Per-call timeout, default {@link DEFAULT_KEYCHAIN_TIMEOUT_MS}. */
  timeoutMs?: number;
}

type KeyringModule = typeof import('@napi-rs/keyring');
type KeyringEntry = InstanceType<KeyringModule['AsyncEntry']>;

/**
 * The OS keychain over @napi-rs/keyring's async API. The native module is loaded on first
 * use, not at import. On Linux only the Secret Service is used (never the kernel keyring,
 * which is not persistent). Every call is bounded by `timeoutMs`.
 * Failures reject with `STORE_UNAVAILABLE`.
 */
export function createOsKeychain(options: OsKeychainOptions = {}): Keychain {
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  let keyring: Promise<KeyringModule> | undefined;

  async function openEntry(service: string, account: string): Promise<KeyringEntry> {
    keyring ??= import('@napi-rs/keyring');
    let module: KeyringModule;
    try {
      module = await keyring;
    } catch (error) {
      throw new SwitchboardError(
        'STORE_UNAVAILABLE',
        'No OS keychain: the @napi-rs/keyring native module could not be loaded on this platform.',
        { cause: error },
      );
    }
    return new module.AsyncEntry(service, account, { linux: { store: 'secret-service' } });
  }

  function run<T>(
    service: string,
    account: string,
    operation: (entry: KeyringEntry, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    return withKeychainTimeout(
      async () => operation(await openEntry(service, account), controller.signal),
      timeoutMs,
      () => controller.abort(),
    );
  }

  return {
    getPassword: (service, account) => run(service, account, (entry, signal) => entry.getPassword(signal)),
    setPassword: (service, account, password) =>
      run(service, account, (entry, signal) => entry.setPassword(password, signal)),
    deletePassword: (service, account) => run(service, account, (entry, signal) => entry.deletePassword(signal)),
  };
}

/**
 * Runs one keychain call bounded by `timeoutMs`, mapping every failure (including a
 * synchronous throw) to `STORE_UNAVAILABLE`.
 */
export function withKeychainTimeout<T>(
  operation: () => Promise<T>,
  timeoutMs: number,
  onTimeout?: () => void,
): Promise<T> {
  const work = Promise.resolve().then(operation);
  return withTimeout(work, timeoutMs, () => {
    onTimeout?.();
    return new SwitchboardError(
      'STORE_UNAVAILABLE',
      `The OS keychain did not answer within ${timeoutMs} ms; it may be locked or waiting for a password prompt. Unlock it and try again, or set [auth] store = "file" in config.toml.`,
      { isRetryable: true },
    );
  }).catch((error: unknown) => {
    throw toKeychainError(error);
  });
}

function toKeychainError(error: unknown): SwitchboardError {
  if (error instanceof SwitchboardError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (NO_KEYCHAIN.test(detail)) {
    return new SwitchboardError('STORE_UNAVAILABLE', `No OS keychain is reachable (${detail}).`, { cause: error });
  }
  return new SwitchboardError('STORE_UNAVAILABLE', `The OS keychain failed: ${detail}`, { cause: error });
}

/** What {@link probeKeychain} found. */
export type KeychainProbe = { available: true } | { available: false; reason: string };

/**
 * Finds out whether `keychain` works by reading a probe entry. Never hangs: no answer within
 * `timeoutMs` counts as unavailable, as does any error.
 */
export async function probeKeychain(
  keychain: Keychain,
  timeoutMs = DEFAULT_KEYCHAIN_TIMEOUT_MS,
): Promise<KeychainProbe> {
  try {
    await withKeychainTimeout(() => keychain.getPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT), timeoutMs);
    return { available: true };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
