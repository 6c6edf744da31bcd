import { SwitchboardError } from '../errors.js';
import { writeFileAtomic } from '../internal/write-file-atomic.js';
import { readTextIfExists } from './read-text-if-exists.js';
import { tightenMode } from './tighten-mode.js';

const MAX_NUMBERED_BACKUPS = 9;

function backupCandidates(file: string): string[] {
  return [`${file}.bak`, ...Array.from({ length: MAX_NUMBERED_BACKUPS }, (_, index) => `${file}.bak.${index + 1}`)];
}

/**
 * Keeps `text` (the content of `file` before a migration) as `<file>.bak`, mode 0600 (it may
 * hold secrets: tokens, a client_secret). An
 * existing, different `.bak` is never overwritten: the next free `.bak.N` is used instead.
 * Returns the backup's path; idempotent for the same content.
 */
export async function backupLegacyFile(file: string, text: string): Promise<string> {
  for (const candidate of backupCandidates(file)) {
    const existing = await readTextIfExists(candidate);
    if (existing === text) {
      await tightenMode(candidate, 0o600);
      return candidate;
    }
    if (existing === undefined) {
      await writeFileAtomic(candidate, text, { mode: 0o600, directoryMode: 0o700 });
      return candidate;
    }
  }
  throw new SwitchboardError(
    'STORE_UNAVAILABLE',
    `Cannot keep a backup of ${file} before migrating it: ${file}.bak through .bak.${MAX_NUMBERED_BACKUPS} already exist. Remove old backups and try again; nothing was changed.`,
  );
}

/** True when a backup made by {@link backupLegacyFile} holds exactly `text`. */
export async function hasLegacyBackup(file: string, text: string): Promise<boolean> {
  for (const candidate of backupCandidates(file)) {
    const existing = await readTextIfExists(candidate);
    if (existing === text) return true;
    if (existing === undefined) return false;
  }
  return false;
}
