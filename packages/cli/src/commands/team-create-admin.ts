import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';

/**
 * `sb team create-admin --email E [--public-url URL] [--json]`: makes E an admin of the team
 * (creating the member, or promoting the one with that email) and prints their one-time
 * enrollment link: opened in a browser, it registers their first passkey or links their first
 * identity. The link goes to stdout only and works once.
 */
export async function runTeamCreateAdmin(
  io: CliIo,
  options: { email?: string; publicUrl?: string; json?: boolean },
): Promise<number> {
  const team = await import('@switchboard/team');
  const { resolveHome } = await import('@switchboard/core');
  const publicUrl = team.teamPublicUrl(io.environment, team.DEFAULT_TEAM_PORT, options.publicUrl);
  const database = await team.openTeamDatabase(team.teamDatabaseTarget(io.environment, resolveHome(io.environment)));
  try {
    await team.migrateTeamDatabase(database);
    const enrollment = await team.createAdminEnrollment(database, { email: options.email ?? '', publicUrl });
    if (options.json) writeJsonLine(io.stdout, { event: 'admin-enrollment', ...enrollment });
    else {
      const what =
        enrollment.change === 'created'
          ? 'Created the admin'
          : enrollment.change === 'promoted'
            ? 'Made the member an admin:'
            : 'New enrollment link for the admin';
      io.stdout.write(
        `${what} ${options.email?.trim()} (user id ${enrollment.userId}).\n` +
          `Open this link once, before ${enrollment.expiresAt}, to register a passkey (older links stop working):\n` +
          `${enrollment.url}\n`,
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}
