import { withFileLock } from '../config/file-lock.js';
import { readTextIfExists } from '../config/read-text-if-exists.js';
import { writeFileAtomic } from '../internal/write-file-atomic.js';
import type { QuotaSnapshot } from './quota-snapshot.js';

/** The latest usage-window report per (provider, method), in quota.json. */
export interface QuotaLog {
  readonly path: string;
  /**
   * Keeps `snapshot` as the latest for its provider and method, unless a newer one is already
   * there (another process may have recorded one meanwhile). Resolves false, writing nothing,
   * when the file is unreadable (kept for the person to look at, never overwritten).
   */
  record(snapshot: QuotaSnapshot): Promise<boolean>;
  /** Every snapshot, by provider then method; `corrupt` when the file could not be read. */
  read(): Promise<{ snapshots: QuotaSnapshot[]; corrupt: boolean }>;
}

interface QuotaFile {
  version: 1;
  snapshots: Record<string, QuotaSnapshot>;
}

/**
 * A report of some windows merged into the recorded snapshot: each window is the newer of the
 * two reports of it; undefined when the report is older than everything it names.
 */
function mergeWindows(existing: QuotaSnapshot, report: QuotaSnapshot): QuotaSnapshot | undefined {
  const newer = report.observedAt >= existing.observedAt;
  const reported = new Set(report.windows.map((window) => window.id));
  const kept = existing.windows.filter((window) => !reported.has(window.id) || !newer);
  const added = report.windows.filter((window) => newer || !existing.windows.some((old) => old.id === window.id));
  if (added.length === 0) return undefined;
  const windows = [...kept, ...added].sort((a, b) => (a.windowMinutes ?? 0) - (b.windowMinutes ?? 0));
  // A limit stays reached until a newer report of that same window says otherwise.
  const stillReached =
    existing.limitReached !== undefined &&
    !(newer && report.windows.some((window) => window.limitName === existing.limitReached))
      ? existing.limitReached
      : undefined;
  const limitReached =
    (newer ? report.limitReached : undefined) ?? stillReached ?? (newer ? undefined : report.limitReached);
  const { limitReached: _dropped, ...base } = newer ? report : existing;
  return {
    ...base,
    observedAt: Math.max(existing.observedAt, report.observedAt),
    windows,
    ...(limitReached === undefined ? {} : { limitReached }),
  };
}

/** Opens quota.json at `path` (usually `paths.quota`); records go through a cross-process lock. */
export function createQuotaLog(options: { path: string }): QuotaLog {
  const { path } = options;

  async function load(): Promise<QuotaFile | undefined> {
    const text = await readTextIfExists(path);
    if (text === undefined || text.trim() === '') return { version: 1, snapshots: {} };
    try {
      const parsed = JSON.parse(text) as QuotaFile;
      if (parsed?.version !== 1 || typeof parsed.snapshots !== 'object' || parsed.snapshots === null) return undefined;
      return parsed;
    } catch {
      return undefined;
    }
  }

  return {
    path,
    async record(snapshot) {
      return withFileLock(`${path}.writer`, async (held) => {
        const file = await load();
        if (!file) return false;
        const key = `${snapshot.provider}:${snapshot.method}${snapshot.session === undefined ? '' : `:${snapshot.session}`}`;
        const existing = file.snapshots[key];
        if (!snapshot.partial && existing && existing.observedAt > snapshot.observedAt) return true;
        const { partial, ...report } = snapshot;
        const next = partial && existing ? mergeWindows(existing, report) : report;
        if (!next) return true;
        file.snapshots[key] = next;
        if (held.signal.aborted) return false;
        await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
        return true;
      });
    },
    async read() {
      const file = await load();
      if (!file) return { snapshots: [], corrupt: true };
      const snapshots = Object.values(file.snapshots).sort(
        (a, b) =>
          a.provider.localeCompare(b.provider) ||
          a.method.localeCompare(b.method) ||
          (a.session ?? '').localeCompare(b.session ?? ''),
      );
      return { snapshots, corrupt: false };
    },
  };
}
