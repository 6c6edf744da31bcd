import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

// Opened without following a symlink, then changed through the handle: a link planted in the
// home cannot redirect the chmod to the file it points at, even between a check and the change.
const NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Removes permission bits beyond `mode` from `path` (e.g. a 0644 auth.json becomes 0600).
 * Missing files are ignored; so is a chmod we are not allowed to do (not our file), since
 * refusing to open would not make the file any safer. A symlink is never followed: the file it
 * points at is not Switchboard's to change.
 */
export async function tightenMode(path: string, mode: number): Promise<void> {
  // POSIX modes mean nothing on Windows; there the user profile ACLs protect the home.
  if (process.platform === 'win32') return;
  let file;
  try {
    file = await open(path, NO_FOLLOW);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // ELOOP: `path` is a symlink. EACCES: a file we cannot even read is not ours to tighten.
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'EACCES' || code === 'EPERM') return;
    throw error;
  }
  try {
    const current = (await file.stat()).mode & 0o777;
    if ((current & ~mode) !== 0) await file.chmod(current & mode);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EPERM') throw error;
  } finally {
    await file.close();
  }
}
