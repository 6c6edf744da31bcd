import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SwitchboardError } from '../errors.js';

/** Options for {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up after this long waiting for another process, default 30 s (longer than `staleMs`, so a lock left by a killed process is always recovered first). */
  timeoutMs?: number;
  /** A lock not refreshed for this long is considered abandoned (crashed holder), default 10 s. */
  staleMs?: number;
}

/** What a task running under {@link withFileLock} is told. */
export interface HeldFileLock {
  /**
   * Aborts (reason: a `STORE_LOCKED` SwitchboardError) when the lock was taken away while held:
   * its directory was removed, or another process took it over as stale (this one stalled,
   * e.g. a laptop that slept). Check it before writing: another process may be writing now.
   */
  signal: AbortSignal;
}

/**
 * Runs `task` while holding a cross-process lock on `lockPath` (proper-lockfile: an atomic
 * mkdir with mtime heartbeats, so a holder killed with SIGKILL is detected as stale).
 * Losing the lock while holding it never crashes the process (proper-lockfile's default
 * throws from a timer); `task` sees it through {@link HeldFileLock.signal}.
 * @throws SwitchboardError `STORE_LOCKED` when the lock cannot be had in time.
 */
export async function withFileLock<T>(
  lockPath: string,
  task: (held: HeldFileLock) => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const { lock } = await import('proper-lockfile');
  await mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
  // proper-lockfile locks an existing file; the lock itself is `<lockPath>.lock`.
  await writeFile(lockPath, '', { flag: 'a', mode: 0o600 });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = Math.max(options.staleMs ?? 10_000, 2_000);
  const deadline = Date.now() + timeoutMs;
  const lost = new AbortController();
  const onCompromised = (): void => {
    lost.abort(
      new SwitchboardError(
        'STORE_LOCKED',
        `Switchboard lost its lock on ${lockPath} while holding it (the process stalled, or the lock was removed), so it did not write. Try again.`,
      ),
    );
  };
  let release: (() => Promise<void>) | undefined;
  for (;;) {
    try {
      release = await lock(lockPath, {
        stale: staleMs,
        update: Math.floor(staleMs / 2),
        realpath: false,
        onCompromised,
      });
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) {
        throw new SwitchboardError(
          'STORE_LOCKED',
          `Another Switchboard process holds ${lockPath} and did not release it within ${timeoutMs} ms. Try again; if no other sb is running, delete ${lockPath}.lock.`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
  try {
    return await task({ signal: lost.signal });
  } finally {
    // After a compromise the lock is no longer ours to release.
    if (!lost.signal.aborted) await release().catch(() => undefined);
  }
}

/** Throws the reason of a lost lock, so nothing is written without holding it. */
export function assertLockHeld(held: HeldFileLock): void {
  held.signal.throwIfAborted();
}
