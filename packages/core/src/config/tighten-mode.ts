import { chmod, stat } from 'node:fs/promises';

/**
 * Removes permission bits beyond `mode` from `path` (e.g. a 0644 auth.json becomes 0600).
 * Missing files are ignored; so is a chmod we are not allowed to do (not our file), since
 * refusing to open would not make the file any safer.
 */
export async function tightenMode(path: string, mode: number): Promise<void> {
  // POSIX modes mean nothing on Windows; there the user profile ACLs protect the home.
  if (process.platform === 'win32') return;
  try {
    const current = (await stat(path)).mode & 0o777;
    if ((current & ~mode) !== 0) await chmod(path, current & mode);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}
