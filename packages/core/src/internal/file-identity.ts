import type { Stats } from 'node:fs';

/**
 * A file's identity as `ino:size:mtimeMs` (undefined for no file): it changes with every write,
 * and our writers replace files by rename (a new inode). Taken from a plain stat, not a bigint
 * one: a bigint stat allocates a BigInt for every field, and this runs on every gateway request; the
 * millisecond time keeps sub-microsecond precision for present dates, and with the inode and
 * size it tells two versions apart.
 */
export function fileIdentity(status: Stats | undefined): string | undefined {
  return status === undefined ? undefined : `${status.ino}:${status.size}:${status.mtimeMs}`;
}
