import { SwitchboardError, TEAM_MASTER_KEYS_VARIABLE } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';

/**
 * `sb team rotate-key`: re-seals every stored provider credential and identity provider client
 * secret with the newest master key.
 * The keyring (SWITCHBOARD_TEAM_MASTER_KEYS or the key file) lists the new key beside the old
 * ones: running servers open both versions, so nothing stops; once this reports every
 * credential re-sealed, the old versions can be removed from the keyring.
 */
export async function runTeamRotateKey(io: CliIo, options: { json?: boolean }): Promise<number> {
  const team = await import('@switchboard/team');
  const { resolveHome } = await import('@switchboard/core');
  const keyring = await team.openTeamKeyring(io.environment);
  if (!keyring)
    throw new SwitchboardError('INVALID_CONFIG', `No master key is configured: set ${TEAM_MASTER_KEYS_VARIABLE}.`, {
      hint: `${TEAM_MASTER_KEYS_VARIABLE}="1:$(openssl rand -base64 32)"`,
    });
  const database = await team.openTeamDatabase(team.teamDatabaseTarget(io.environment, resolveHome(io.environment)));
  try {
    await team.migrateTeamDatabase(database);
    const credentials = await team.createCredentialStore({ db: database.db, keyring }).rotate();
    const identityProviders = await team.createIdentityProviderStore({ db: database.db, keyring }).rotate();
    const resealed = credentials.resealed + identityProviders.resealed;
    const total = credentials.total + identityProviders.total;
    const version = keyring.current.version;
    if (options.json) writeJsonLine(io.stdout, { event: 'rotated', keyVersion: version, resealed, total });
    else
      io.stdout.write(
        `Re-sealed ${resealed} of ${total} secret(s) (provider credentials and identity providers' client secrets) with master key version ${version}; every one now uses it, so older versions can leave the keyring.\n`,
      );
    return 0;
  } finally {
    await database.close();
  }
}
