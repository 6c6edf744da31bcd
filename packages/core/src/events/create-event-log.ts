import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { EventLogEntry } from './event-log-entry.js';

// O_NOFOLLOW: a symlink planted at the log path must not redirect our appends elsewhere.
const APPEND_NO_FOLLOW = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

/** Options of {@link createEventLog}. */
export interface EventLogOptions {
  /** Usually `$SWITCHBOARD_HOME/logs/events.jsonl`. */
  path: string;
  /** The program writing (`cli`, `chat`, `gateway`). */
  process: string;
  pid?: number;
  now?: () => number;
  /** Rotate once the file passes this size (default 5 MiB)… */
  maxBytes?: number;
  /** …keeping this many older files, `events.1.jsonl` the newest of them (default 3). */
  keep?: number;
  /** Told once when the log cannot be written (full disk, read-only home); nothing else fails. */
  warn?: (message: string) => void;
}

/** The event log of one process. */
export interface EventLog {
  readonly path: string;
  /** Appends one line now (synchronously: a CLI that exits right after loses nothing). Never throws. */
  write(entry: Omit<EventLogEntry, 'time' | 'pid' | 'process'>): void;
}

/** The rotated files of the log at `path`, oldest first, then `path` itself. */
export function eventLogFiles(path: string, keep = 3): string[] {
  const rotated = Array.from({ length: keep }, (_, index) => rotatedName(path, keep - index));
  return [...rotated, path];
}

function rotatedName(path: string, index: number): string {
  return path.replace(/\.jsonl$/, '') + `.${index}.jsonl`;
}

/**
 * An append-only JSON-lines log shared by every Switchboard process of a home (not pino: a
 * short-lived CLI process pays ≈ 11 ms more to load it; docs/benchmarks.md, "Event log writer"): each line is
 * written whole with one `O_APPEND` write, so processes interleave lines, never bytes. Past
 * `maxBytes` the file is rotated (`events.jsonl` → `events.1.jsonl` → …), unless another process
 * rotated it first. A log that cannot be written is reported once and otherwise ignored.
 */
export function createEventLog(options: EventLogOptions): EventLog {
  const { path } = options;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 3;
  const now = options.now ?? Date.now;
  const pid = options.pid ?? process.pid;
  let warned = false;

  const rotate = (descriptor: number): void => {
    const opened = fstatSync(descriptor);
    if (opened.size < maxBytes) return;
    // Only the file we hold: if the path names another one, a process rotated it already.
    if (statSync(path, { throwIfNoEntry: false })?.ino !== opened.ino) return;
    for (let index = keep - 1; index >= 1; index -= 1) {
      try {
        renameSync(rotatedName(path, index), rotatedName(path, index + 1));
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(path, rotatedName(path, 1));
  };

  return {
    path,
    write(entry) {
      const line = `${JSON.stringify({ time: new Date(now()).toISOString(), pid, process: options.process, ...entry })}\n`;
      let descriptor: number | undefined;
      try {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        descriptor = openSync(path, APPEND_NO_FOLLOW, 0o600);
        rotate(descriptor);
        if (statSync(path, { throwIfNoEntry: false }) === undefined) {
          closeSync(descriptor);
          descriptor = openSync(path, APPEND_NO_FOLLOW, 0o600);
        }
        writeSync(descriptor, line);
      } catch (error) {
        if (!warned) {
          warned = true;
          const code = (error as { code?: string }).code ?? 'unknown error';
          options.warn?.(`sb: cannot write the event log ${path} (${code}); events are not recorded.`);
        }
      } finally {
        if (descriptor !== undefined) closeSync(descriptor);
      }
    },
  };
}

/** What {@link readEventLog} found. */
export interface EventLogRead {
  entries: EventLogEntry[];
  /** Lines that are not an event (cut by a crash, edited by hand): skipped, left in the file. */
  unreadableLines: number;
}

/** Every event of the log and its rotated files, oldest first; optionally since `since` (epoch ms) and of one provider. */
export function readEventLog(
  path: string,
  filter: { since?: number; provider?: string; keep?: number } = {},
): EventLogRead {
  const entries: EventLogEntry[] = [];
  let unreadableLines = 0;
  for (const file of eventLogFiles(path, filter.keep)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: EventLogEntry;
      try {
        entry = JSON.parse(line) as EventLogEntry;
      } catch {
        unreadableLines += 1;
        continue;
      }
      if (typeof entry?.kind !== 'string' || typeof entry.time !== 'string' || Number.isNaN(Date.parse(entry.time))) {
        unreadableLines += 1;
        continue;
      }
      if (filter.since !== undefined && Date.parse(entry.time) < filter.since) continue;
      if (filter.provider !== undefined && entry.provider !== filter.provider) continue;
      entries.push(entry);
    }
  }
  entries.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return { entries, unreadableLines };
}
