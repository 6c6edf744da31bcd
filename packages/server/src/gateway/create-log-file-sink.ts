import { constants, mkdirSync, openSync, write, close } from 'node:fs';
import { dirname } from 'node:path';

/** The file operations a {@link LogFileSink} uses; tests inject failing ones. */
export interface LogFileSystem {
  open(path: string): number;
  write(fd: number, data: Buffer, callback: (error: NodeJS.ErrnoException | null, written: number) => void): void;
  close(fd: number): void;
}

/** Options for {@link createLogFileSink}. */
export interface LogFileSinkOptions {
  file: string;
  /** Where the one-time "logging stopped" notice goes (default: process.stderr). */
  warn?: (line: string) => void;
  /** Lines are written once this many bytes wait (default 8 KiB), or on `flush`. */
  bufferBytes?: number;
  /** Lines beyond this many waiting bytes are dropped while the disk refuses them (default 1 MiB). */
  maxPendingBytes?: number;
  fs?: LogFileSystem;
  /** What the notice calls the destination (default: `the gateway log <file>`). */
  name?: string;
}

/** A pino destination that never blocks the gateway: see {@link createLogFileSink}. */
export interface LogFileSink {
  write(line: string): boolean;
  flush(callback?: (error?: Error) => void): void;
  /** Writes what waits (for at most `timeoutMs`, default 2 s) and closes the file. */
  close(timeoutMs?: number): Promise<void>;
  /** Lines dropped because the file could not be written. */
  readonly dropped: number;
}

// O_NOFOLLOW: a symlink planted at the log path must not redirect our appends elsewhere.
const OPEN_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

/** Pause before writing again to a destination that answered EAGAIN. */
const EAGAIN_RETRY_MS = 25;

const nodeFileSystem: LogFileSystem = {
  open(path) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    return openSync(path, OPEN_FLAGS, 0o600);
  },
  write(fd, data, callback) {
    write(fd, data, 0, data.length, null, callback);
  },
  close(fd) {
    close(fd, () => undefined);
  },
};

/**
 * Standard output as a log destination (`sb serve --log-stdout`): already open, never closed.
 * A pipe nobody reads blocks a write to it forever; the sink's bounded backlog and close
 * timeout keep that from holding up requests or exit.
 */
export const standardOutputFileSystem: LogFileSystem = {
  open: () => 1,
  write: nodeFileSystem.write,
  close: () => undefined,
};

/**
 * An append-only log file that degrades instead of stalling: when the disk is full, read-only
 * or the file cannot be opened, lines are dropped (a bounded backlog waits for the next try),
 * one notice goes to stderr, and requests, `/healthz` and shutdown carry on. pino's own file
 * destination retries a failed write without end, which froze the gateway on a full disk.
 */
export function createLogFileSink(options: LogFileSinkOptions): LogFileSink {
  const fs = options.fs ?? nodeFileSystem;
  const warn = options.warn ?? ((line: string) => void process.stderr.write(line));
  const bufferBytes = options.bufferBytes ?? 8 * 1024;
  const maxPendingBytes = options.maxPendingBytes ?? 1024 * 1024;
  const pending = new PendingBytes(Math.max(2 * bufferBytes, MIN_CHUNK_BYTES));
  let pendingLines = 0;
  let dropped = 0;
  let warned = false;
  let writing = false;
  let closed = false;
  let waiters: Array<() => void> = [];
  let fd: number | undefined;

  const name = options.name ?? `the gateway log ${options.file}`;
  const fail = (error: unknown): void => {
    if (warned) return;
    warned = true;
    const code = (error as { code?: string }).code ?? 'unknown error';
    warn(`sb: cannot write ${name} (${code}); log lines are dropped, the gateway keeps serving.\n`);
  };
  try {
    fd = fs.open(options.file);
  } catch (error) {
    fail(error);
  }

  const settle = (): void => {
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  const drop = (): void => {
    dropped += pendingLines;
    pending.take();
    pendingLines = 0;
  };
  const writeOut = (): void => {
    if (writing) return;
    if (pending.size === 0 || fd === undefined) {
      if (fd === undefined) drop();
      settle();
      return;
    }
    writing = true;
    const lines = pendingLines;
    let data = pending.take();
    pendingLines = 0;
    const step = (error: NodeJS.ErrnoException | null, written: number): void => {
      if (error?.code === 'EAGAIN' && !closed) {
        // A non-blocking pipe that is full for now (a slow reader of standard output): try the
        // same bytes again shortly; new lines wait meanwhile, up to the backlog bound.
        setTimeout(() => fs.write(fd!, data, step), EAGAIN_RETRY_MS);
        return;
      }
      if (error) {
        writing = false;
        dropped += lines;
        fail(error);
        settle();
        return;
      }
      if (written < data.length) {
        data = data.subarray(written);
        fs.write(fd!, data, step);
        return;
      }
      writing = false;
      pending.recycle(data);
      // Lines that arrived during this write go out now if a flush is waiting for them.
      if (pending.size >= bufferBytes || (waiters.length > 0 && pending.size > 0)) writeOut();
      else settle();
    };
    fs.write(fd, data, step);
  };

  return {
    get dropped() {
      return dropped;
    },
    write(line) {
      if (closed || fd === undefined) {
        dropped += 1;
        return true;
      }
      if (pending.size + line.length > maxPendingBytes) {
        // A write that never returns (a pipe nobody reads, a hung network disk) fails no call.
        dropped += 1;
        fail({ code: 'not keeping up' });
        return true;
      }
      pending.append(line);
      pendingLines += 1;
      if (pending.size >= bufferBytes) writeOut();
      return true;
    },
    flush(callback) {
      if (callback) waiters.push(() => callback());
      writeOut();
    },
    async close(timeoutMs = 2_000) {
      if (closed) return;
      const flushed = new Promise<void>((resolve) => {
        waiters.push(resolve);
        writeOut();
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      });
      await Promise.race([flushed, timedOut]);
      clearTimeout(timer);
      closed = true;
      if (fd !== undefined) fs.close(fd);
    },
  };
}

/** The smallest buffer lines are written into. */
const MIN_CHUNK_BYTES = 16 * 1024;
/** The most bytes a UTF-16 code unit takes in UTF-8. */
const MAX_BYTES_PER_UNIT = 3;

/**
 * The lines waiting to be written, as UTF-8 bytes: each line is encoded as it comes, while its
 * pieces are fresh in memory. Kept as text, the waiting lines were one string of many pieces
 * that outlived several young-generation collections and was copied flat, across the heap, at
 * every write (≈ 1.5 µs per access line in the gateway under load, perf, docs/benchmarks.md).
 * A buffer whose write has finished is used again.
 */
class PendingBytes {
  private chunk: Buffer;
  private used = 0;
  /** Filled buffers before `chunk` (only when lines came faster than they were written). */
  private full: Buffer[] = [];
  private fullBytes = 0;
  private spare: Buffer | undefined = undefined;

  constructor(private readonly chunkBytes: number) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
  }

  get size(): number {
    return this.fullBytes + this.used;
  }

  append(line: string): void {
    // A line that may not fit (its UTF-8 length is known only once written) starts a new buffer.
    if (this.used + line.length * MAX_BYTES_PER_UNIT > this.chunk.length) {
      const length = Buffer.byteLength(line);
      if (this.used + length > this.chunk.length) {
        if (this.used > 0) {
          this.full.push(this.chunk.subarray(0, this.used));
          this.fullBytes += this.used;
        }
        this.chunk = Buffer.allocUnsafe(Math.max(this.chunkBytes, length));
        this.used = 0;
      }
    }
    this.used += this.chunk.write(line, this.used);
  }

  /** The waiting bytes, which are no longer waiting (the buffer is the caller's until `recycle`). */
  take(): Buffer {
    const last = this.chunk.subarray(0, this.used);
    const bytes = this.full.length === 0 ? last : Buffer.concat([...this.full, last], this.size);
    this.full = [];
    this.fullBytes = 0;
    this.chunk = this.spare ?? Buffer.allocUnsafe(this.chunkBytes);
    this.spare = undefined;
    this.used = 0;
    return bytes;
  }

  /** `bytes` (from `take`) has been written: its buffer holds the next lines. */
  recycle(bytes: Buffer): void {
    if (bytes.byteOffset === 0 && bytes.buffer.byteLength === this.chunkBytes)
      this.spare ??= Buffer.from(bytes.buffer, 0, this.chunkBytes);
  }
}
