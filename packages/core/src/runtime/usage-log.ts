import { appendFile, chmod, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { UsageEntry } from './usage-entry.js';

/** The local usage log: one JSON line per request, mode 0600. */
export interface UsageLog {
  readonly path: string;
  append(entry: UsageEntry): Promise<void>;
  /** Every readable entry, oldest first; unreadable lines are skipped. */
  read(): Promise<readonly UsageEntry[]>;
}

/**
 * Opens the usage log at `path` (usually `paths.usageLog`). Appends are single `O_APPEND`
 * writes of one line, so concurrent processes interleave whole lines. `read` parses only the
 * bytes appended since its last call (by any process), which keeps per-request budget checks
 * cheap; a file that shrank or was replaced (rotated, truncated) is read again from the start.
 */
export function createUsageLog(options: { path: string }): UsageLog {
  const { path } = options;
  let secured = false;
  let parsedBytes = 0;
  let parsedInode: number | undefined;
  let entries: UsageEntry[] = [];

  return {
    path,
    async append(entry) {
      const line = `${JSON.stringify(toLine(entry))}\n`;
      if (!secured) await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await appendFile(path, line, { mode: 0o600 });
      if (!secured) {
        // `mode` applies only when the file is created; tighten one made by something else.
        await chmod(path, 0o600);
        secured = true;
      }
    },
    async read() {
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        parsedBytes = 0;
        parsedInode = undefined;
        entries = [];
        return entries;
      }
      try {
        const { size, ino } = await handle.stat();
        if (size < parsedBytes || ino !== parsedInode) {
          parsedInode = ino;
          parsedBytes = 0;
          entries = [];
        }
        if (size === parsedBytes) return entries;
        const buffer = Buffer.alloc(size - parsedBytes);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, parsedBytes);
        // Parse whole lines only: a line being appended right now is read next time.
        const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
        if (end > 0) {
          entries = [...entries, ...parseLines(buffer.subarray(0, end).toString('utf8'))];
          parsedBytes += end;
        }
        return entries;
      } finally {
        await handle.close();
      }
    },
  };
}

/** Only the known fields are written: nothing a caller adds by accident reaches the file. */
function toLine(entry: UsageEntry): UsageEntry {
  return {
    time: entry.time,
    provider: entry.provider,
    model: entry.model,
    route: { method: entry.route.method, transport: entry.route.transport, upstreamId: entry.route.upstreamId },
    inputTokens: entry.inputTokens,
    outputTokens: entry.outputTokens,
    costUsd: entry.costUsd,
    outcome: entry.outcome,
    ...(entry.errorCode === undefined ? {} : { errorCode: entry.errorCode }),
  };
}

function parseLines(text: string): UsageEntry[] {
  const entries: UsageEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (isUsageEntry(value)) entries.push(value);
    } catch {
      // A torn or foreign line: skip it rather than fail every later request.
    }
  }
  return entries;
}

function isUsageEntry(value: unknown): value is UsageEntry {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record['time'] === 'string' &&
    typeof record['provider'] === 'string' &&
    typeof record['model'] === 'string' &&
    typeof record['inputTokens'] === 'number' &&
    typeof record['outputTokens'] === 'number' &&
    typeof record['costUsd'] === 'number' &&
    typeof record['route'] === 'object' &&
    record['route'] !== null
  );
}
