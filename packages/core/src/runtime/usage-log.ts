import { constants, statSync, writeSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { UsageEntry } from './usage-entry.js';
import { usageLine } from './usage-line.js';

// O_NOFOLLOW: a symlink planted at the log path (by another user or program) must not turn
// our appends into writes to the file it points at; the open fails with ELOOP instead.
const APPEND_NO_FOLLOW = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

/** The local usage log: one JSON line per request, mode 0600. */
export interface UsageLog {
  readonly path: string;
  /**
   * Queues one line; resolves once it is on disk. Lines queued meanwhile share one write, and
   * the same promise: one per write, not per line.
   */
  append(entry: UsageEntry): Promise<void>;
  /** Every readable entry, oldest first (lines this log queued included); unreadable lines are skipped. */
  read(): Promise<readonly UsageEntry[]>;
  /** Writes what is queued and closes the file; a later `append` opens it again. */
  close(): Promise<void>;
}

/**
 * Appends `text` to the open log synchronously. A few hundred bytes to a local file take
 * microseconds; an append through the thread pool wakes a worker and then the event loop for
 * every line, which at a request at a time cost the gateway ≈ 0.15 ms of CPU per request (a
 * quarter of it) and as much latency. A full or read-only disk throws at once, as the
 * asynchronous write rejected.
 */
function writeAll(fd: number, text: string): void {
  let data = Buffer.from(text);
  while (data.length > 0) data = data.subarray(writeSync(fd, data));
}

/**
 * How long the first line of a batch waits for others before they are written together. A write
 * per event-loop turn (every few requests under load) cost the gateway a `write` system call,
 * an idle-timer reset and a few promises each time; a line reaches the file at most this much
 * later (at once when `read` or `close` asks).
 */
const BATCH_MS = 20;

/** How often an open log's path is checked for having been rotated or deleted. */
const ROTATION_CHECK_MS = 1_000;

/** Options of {@link createUsageLog}. */
export interface CreateUsageLogOptions {
  path: string;
  /** The file is closed after this long without an append (default 1 s). */
  idleCloseMs?: number;
  /** Clock, epoch ms: the path is checked for rotation at most once a second. */
  now?: () => number;
}

/** The lines of one write, and its outcome. */
interface Batch {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newBatch(): Batch {
  let resolve: () => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<void>((resolved, rejected) => {
    resolve = resolved;
    reject = rejected;
  });
  return { promise, resolve, reject };
}

/**
 * Opens the usage log at `path` (usually `paths.usageLog`). The file is opened once
 * (`O_APPEND`, 0600; its directory is made only when missing) and kept open while lines keep coming; the
 * lines of {@link BATCH_MS} (and any queued while a write is under way) go out together in one
 * write, so concurrent processes still interleave whole lines. At most once a second, before a write, the path is
 * checked (one `stat`) so a rotated or deleted log is reopened rather than written into the old file. The handle
 * closes after `idleCloseMs` without appends, and on `close()` (`Runtime.flush`).
 *
 * `read` parses only the bytes appended since its last call (by any process), which keeps
 * per-request budget checks cheap; a file that shrank or was replaced (rotated, truncated) is
 * read again from the start.
 */
export function createUsageLog(options: CreateUsageLogOptions): UsageLog {
  const { path } = options;
  const idleCloseMs = options.idleCloseMs ?? 1_000;
  const now = options.now ?? Date.now;
  let checkedAt = 0;
  let secured = false;
  let handle: { file: FileHandle; ino: bigint } | undefined;
  let queued: string[] = [];
  // The lines queued since the last write began share one write, and so one promise of it.
  let batch: Batch | undefined;
  let writing: Promise<void> | undefined;
  /** Starts the batch that waits for {@link BATCH_MS} at once. */
  let startBatch: (() => void) | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let parsedBytes = 0;
  let parsedInode: number | undefined;
  let entries: UsageEntry[] = [];

  async function closeHandle(): Promise<void> {
    const open = handle;
    handle = undefined;
    await open?.file.close().catch(() => undefined);
  }

  /** The open handle, reopened when the path now names another file (rotated) or none. */
  async function currentHandle(): Promise<FileHandle> {
    if (handle) {
      const at = now();
      if (at - checkedAt < ROTATION_CHECK_MS && at >= checkedAt) return handle.file;
      checkedAt = at;
      // Synchronous: microseconds for a local file, against a thread-pool round trip.
      const current = statSync(path, { bigint: true, throwIfNoEntry: false });
      if (current?.ino === handle.ino) return handle.file;
      await closeHandle();
    }
    let file: FileHandle;
    try {
      file = await open(path, APPEND_NO_FOLLOW, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // Only when the directory is missing (first use, or the home was removed meanwhile).
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      file = await open(path, APPEND_NO_FOLLOW, 0o600);
    }
    try {
      // `mode` applies only when the file is created; tighten one made by something else.
      if (!secured) {
        await file.chmod(0o600);
        secured = true;
      }
      handle = { file, ino: (await file.stat({ bigint: true })).ino };
      checkedAt = now();
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
    return file;
  }

  async function drain(): Promise<void> {
    while (queued.length > 0) {
      const text = queued.join('');
      const written = batch!;
      queued = [];
      batch = undefined;
      try {
        writeAll((await currentHandle()).fd, text);
        written.resolve();
      } catch (error) {
        // The next append starts from a fresh open.
        await closeHandle();
        written.reject(error);
      }
    }
    writing = undefined;
    if (handle) {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        writing ??= closeThenDrain();
      }, idleCloseMs);
      // An idle log must not keep a finished process alive.
      idleTimer.unref();
    }
  }

  /**
   * Closing runs in the same chain as writes, so no write can start on a handle being closed;
   * lines appended meanwhile are written (to a reopened file) right after.
   */
  async function closeThenDrain(): Promise<void> {
    await closeHandle();
    await drain();
  }

  /** A batch, written once it has waited {@link BATCH_MS} or is asked for (`settle`). */
  function nextBatch(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(start, BATCH_MS);
      function start(): void {
        clearTimeout(timer);
        startBatch = undefined;
        resolve();
      }
      startBatch = start;
    }).then(drain);
  }

  /** Resolves once every queued line is written (failures are reported to their `append`). */
  async function settle(): Promise<void> {
    startBatch?.();
    while (writing) await writing;
  }

  return {
    path,
    append(entry) {
      queued.push(`${usageLine(entry)}\n`);
      batch ??= newBatch();
      // Not now: the answer that ended goes out first, and lines of requests that end meanwhile
      // join the same write.
      writing ??= nextBatch();
      return batch.promise;
    },
    async close() {
      clearTimeout(idleTimer);
      await settle();
      writing = closeThenDrain();
      await settle();
    },
    async read() {
      await settle();
      let file;
      try {
        file = await open(path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        parsedBytes = 0;
        parsedInode = undefined;
        entries = [];
        return entries;
      }
      try {
        const { size, ino } = await file.stat();
        if (size < parsedBytes || ino !== parsedInode) {
          parsedInode = ino;
          parsedBytes = 0;
          entries = [];
        }
        if (size === parsedBytes) return entries;
        const buffer = Buffer.alloc(size - parsedBytes);
        const { bytesRead } = await file.read(buffer, 0, buffer.length, parsedBytes);
        // Parse whole lines only: a line being appended right now is read next time.
        const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
        if (end > 0) {
          entries = [...entries, ...parseLines(buffer.subarray(0, end).toString('utf8'))];
          parsedBytes += end;
        }
        return entries;
      } finally {
        await file.close();
      }
    },
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
