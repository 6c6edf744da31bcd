import { readFile } from 'node:fs/promises';
import { SwitchboardError } from '../errors.js';
import type { Environment } from './environment.js';

/** The variable holding the team server's master keys inline: `1:<base64>,2:<base64>`. */
export const TEAM_MASTER_KEYS_VARIABLE = 'SWITCHBOARD_TEAM_MASTER_KEYS';
/** The variable naming a file of master keys, one `version:<base64>` per line (mode 0600). */
export const TEAM_MASTER_KEY_FILE_VARIABLE = 'SWITCHBOARD_TEAM_MASTER_KEY_FILE';

/**
 * The team server's master keyring text and where it came from (for messages): the inline
 * variable, else the key file it names, else undefined (then the team server keeps no keys).
 * @throws SwitchboardError `INVALID_CONFIG` when the named file cannot be read.
 */
export async function readTeamMasterKeys(
  environment: Environment,
): Promise<{ text: string; where: string } | undefined> {
  const inline = environment[TEAM_MASTER_KEYS_VARIABLE]?.trim();
  if (inline) return { text: inline, where: TEAM_MASTER_KEYS_VARIABLE };
  const file = environment[TEAM_MASTER_KEY_FILE_VARIABLE]?.trim();
  if (!file) return undefined;
  try {
    return { text: await readFile(file, 'utf8'), where: file };
  } catch (error) {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `Cannot read the team master key file ${file} (${TEAM_MASTER_KEY_FILE_VARIABLE}): ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`,
    );
  }
}
