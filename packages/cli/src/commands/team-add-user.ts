import { SwitchboardError } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * `sb team add-user --email E [--role admin|user] [--json]`: adds a member to the team database
 * and prints one personal API key for them, once (a way in for the member's programs and the
 * `/v1` endpoints, beside passkeys and SSO; `sb team create-admin` gives an enrollment link instead).
 * The key goes to stdout only.
 */
export async function runTeamAddUser(
  io: CliIo,
  options: { email?: string; role?: string; json?: boolean },
): Promise<number> {
  const email = options.email?.trim();
  if (!email || !EMAIL.test(email))
    throw new SwitchboardError('INVALID_INPUT', '--email must be an email address.', {
      hint: 'sb team add-user --email ada@example.com --role admin',
    });
  const role = options.role ?? 'user';
  if (role !== 'admin' && role !== 'user')
    throw new SwitchboardError('INVALID_INPUT', `--role must be admin or user, not "${role}".`);
  const team = await import('@switchboard/team');
  const { resolveHome } = await import('@switchboard/core');
  const database = await team.openTeamDatabase(team.teamDatabaseTarget(io.environment, resolveHome(io.environment)));
  try {
    await team.migrateTeamDatabase(database);
    const user = await team.createUserStore({ db: database.db }).create({ email, role });
    const { key, summary } = await team
      .createApiKeyStore({ db: database.db })
      .create(user.id, 'created by sb team add-user');
    await team.createAuditLog({ db: database.db }).record({
      action: 'user-invited',
      target: user.id,
      details: { role, via: 'sb team add-user', apiKey: summary.hint },
    });
    if (options.json) writeJsonLine(io.stdout, { event: 'user-added', userId: user.id, email, role, apiKey: key });
    else
      io.stdout.write(
        `Added ${email} (${role}), user id ${user.id}.\nTheir personal API key (shown once; they can revoke it and make others):\n${key}\n`,
      );
    return 0;
  } finally {
    await database.close();
  }
}
