import { stat } from 'node:fs/promises';

/** Whether something exists at `path` (without opening it); any error counts as no. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
