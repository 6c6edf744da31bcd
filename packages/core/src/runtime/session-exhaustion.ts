import { readFileSync, statSync } from 'node:fs';
import { withFileLock } from '../config/file-lock.js';
import { readTextIfExists } from '../config/read-text-if-exists.js';
import { fileIdentity } from '../internal/file-identity.js';
import { writeFileAtomic } from '../internal/write-file-atomic.js';
import type { RouteTarget } from '../providers/types.js';

/**
 * Subscription sessions whose plan window is used up, and until when: the runtime skips them
 * (before any request) until their reset time. With a `path`, every process of the home shares
 * the record; without one it lives in this process.
 */
export interface SessionExhaustion {
  /** Epoch ms until which `target`'s session is skipped, when it is (past entries do not count). */
  until(target: Pick<RouteTarget, 'provider' | 'method' | 'session'>): number | undefined;
  /** Marks `target`'s session used up until `until` (epoch ms). Never fails the request. */
  record(target: RouteTarget, until: number): Promise<void>;
}

interface ExhaustionFile {
  version: 1;
  /** `provider/method/session` → epoch ms. */
  until: Record<string, number>;
}

/** The key of a route's session: the same account of the same method, whatever the model. */
function keyOf(target: Pick<RouteTarget, 'provider' | 'method' | 'session'>): string {
  return `${target.provider}/${target.method}/${target.session ?? ''}`;
}

/**
 * How long what was read of the shared record is used before the file is looked at again. The
 * record is asked on every request; a session another process marks used up is skipped here at
 * most this much later (its first request after that is answered with the limit again, as it was
 * before the mark). What this process records is seen at once.
 */
export const EXHAUSTION_RECHECK_MS = 1_000;

/** Opens the record at `path` (`paths.exhaustedSessions`), or an in-process one without a path. */
export function createSessionExhaustion(options: { path?: string; now: () => number }): SessionExhaustion {
  const { path, now } = options;
  let entries: Record<string, number> = {};
  // Asked on every request, and almost always empty: then no key is built.
  let empty = true;
  // The file is read again only when its identity changes, looked at once per recheck interval.
  let seenIdentity: string | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;

  function load(): Record<string, number> {
    if (path === undefined) return entries;
    const time = now();
    // A clock set back is not trusted to measure the interval.
    if (time >= checkedAt && time - checkedAt < EXHAUSTION_RECHECK_MS) return entries;
    checkedAt = time;
    const identity = fileIdentity(statSync(path, { throwIfNoEntry: false }));
    if (identity === seenIdentity) return entries;
    seenIdentity = identity;
    entries = identity === undefined ? {} : (parse(readSync(path)) ?? {});
    empty = Object.keys(entries).length === 0;
    return entries;
  }

  return {
    until(target) {
      const current = load();
      if (empty) return undefined;
      const until = current[keyOf(target)];
      return until !== undefined && until > now() ? until : undefined;
    },
    async record(target, until) {
      if (path === undefined) {
        entries = { ...prune(entries, now()), [keyOf(target)]: until };
        empty = false;
        return;
      }
      await withFileLock(`${path}.writer`, async () => {
        const text = await readTextIfExists(path);
        const current = text === undefined || text.trim() === '' ? {} : parse(text);
        // An unreadable record is kept for a person to look at; requests go on being tried.
        if (current === undefined) return;
        const next: ExhaustionFile = { version: 1, until: { ...prune(current, now()), [keyOf(target)]: until } };
        await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`);
      })
        .catch(() => undefined)
        .finally(() => {
          // What was just written (or failed to be) is read on the next request.
          checkedAt = Number.NEGATIVE_INFINITY;
        });
    },
  };
}

function prune(entries: Record<string, number>, now: number): Record<string, number> {
  return Object.fromEntries(Object.entries(entries).filter(([, until]) => until > now));
}

function readSync(path: string): string {
  try {
    // Small, local and read at most once per change.
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The entries, or undefined when the text is not a record (it then skips nothing). */
function parse(text: string): Record<string, number> | undefined {
  try {
    const value = JSON.parse(text) as Partial<ExhaustionFile>;
    if (value.version !== 1 || typeof value.until !== 'object' || value.until === null) return undefined;
    return Object.fromEntries(Object.entries(value.until).filter(([, until]) => typeof until === 'number'));
  } catch {
    return undefined;
  }
}
