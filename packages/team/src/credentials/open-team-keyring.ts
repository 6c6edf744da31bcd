import { parseSecretKeyring, readTeamMasterKeys, type Environment, type SecretKeyring } from '@switchboard/core';

/**
 * The team's master keyring from the environment (`SWITCHBOARD_TEAM_MASTER_KEYS`, else the file
 * `SWITCHBOARD_TEAM_MASTER_KEY_FILE` names), or undefined when neither is set.
 * @throws SwitchboardError `INVALID_CONFIG` when it is set but unusable (never quoting a key).
 */
export async function openTeamKeyring(environment: Environment): Promise<SecretKeyring | undefined> {
  const found = await readTeamMasterKeys(environment);
  return found ? parseSecretKeyring(found.text, found.where) : undefined;
}
