import { Command, Option } from 'commander';
import type { CliIo } from './cli-io.js';
import { CommandLineUsageError } from './command-line-usage-error.js';
import { readCliVersion } from './version.js';
import { LOGIN_METHOD_CHOICES } from './commands/login-method.js';
import { IMPORT_SOURCES, type ImportSource } from '@switchboard/core/startup';
import { registerRuntimeCommands } from './commands/runtime-commands.js';

const PROVIDER_HELP = 'openai (chatgpt), anthropic (claude), google (gemini), mistral, azure, vertex, bedrock';
const SESSION_HELP = `${PROVIDER_HELP}; or one named session of it, as provider/name (openai/work)`;

/**
 * The commander tree of `sb`. Every action imports its command module on demand, so parsing
 * `sb auth status` never loads the code (or the dependencies) of `sb auth login`.
 */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('sb')
    .description('Switchboard: every AI model you have access to, from one place.')
    .version(readCliVersion(), '-V, --version', 'print the version')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Usage errors are reported once, by the error edge in run-cli.ts.
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true);

  program
    .command('chat')
    .description('open the chat (same as `sb` with no arguments)')
    .action(async () => {
      const { runChat } = await import('./commands/chat.js');
      setExitCode(await runChat(io));
    });

  const auth = program.command('auth').description('log in to providers, see, switch and remove sessions');

  auth
    .command('login')
    .description('log in to a provider (add a session; several per provider)')
    .argument('<provider>', SESSION_HELP)
    .addOption(
      new Option('--method <method>', 'how to log in; browser, device and paste are the sign-in (OAuth) flows').choices(
        LOGIN_METHOD_CHOICES,
      ),
    )
    .option('--no-browser', 'do not open a browser; print the URL (or the device code) and wait')
    .option(
      '--with-api-key',
      'read the secret from standard input (a pipe, not a terminal): the API key; the client secret with client-credentials; the JSON key with service-account; ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN] with aws',
    )
    .option('--client-id <id>', 'client id for --method client-credentials, when config.toml has none')
    .option('--key-file <path>', 'the JSON key of a Google service account, for --method service-account')
    .option('--profile <name>', 'the AWS profile for --method aws (default: AWS_PROFILE, else default)')
    .option(
      '--name <name>',
      'a short name for this session (work, personal); it is added beside the provider’s other sessions (default: from the email or key)',
    )
    .option('--replace', 'replace a stored session of the same account or name without asking')
    .option('--json', 'print one JSON line per event (open_url, device_code, paste_prompt, logged_in)')
    .addHelpText(
      'after',
      `
Examples:
  sb auth login chatgpt                       sign in with your browser
  sb auth login chatgpt --name work           add a second ChatGPT account, named work
  sb auth login openai/key --with-api-key < key.txt   an OpenAI API key beside the plan
  sb auth login chatgpt --no-browser          print the sign-in URL instead of opening it
  sb auth login chatgpt --method device       sign in on another device with a code
  sb auth login gemini --method paste         paste the redirect URL back (over SSH)
  sb auth login claude --method claude-code   use your logged-in \`claude\` CLI
  sb auth login gemini --method gemini-cli    use your signed-in \`gemini\` CLI
  sb auth login chatgpt --method codex-cli    use your signed-in \`codex\` CLI
  sb auth login mistral --with-api-key < key.txt
  sb auth login vertex --method service-account --key-file key.json
  sb auth login vertex --method adc           use Application Default Credentials (gcloud, GCE)
  sb auth login bedrock --method aws --profile work   use an AWS profile (SSO, roles, keys)`,
    )
    .action(async (provider: string, options: Record<string, unknown>) => {
      const { runAuthLogin } = await import('./commands/auth-login.js');
      setExitCode(await runAuthLogin(io, provider, options));
    });

  auth
    .command('status')
    .description('show every session of every provider (exit 0 if logged in, 3 if not)')
    .argument('[provider]', SESSION_HELP)
    .option('--json', 'print the status as JSON')
    .action(async (provider: string | undefined, options: { json?: boolean }) => {
      const { runAuthStatus } = await import('./commands/auth-status.js');
      setExitCode(await runAuthStatus(io, provider, options));
    });

  auth
    .command('logout')
    .description(
      'log out of one session (openai/work), of every session of a provider, or of all, revoking tokens where the provider supports it',
    )
    .argument('[provider]', SESSION_HELP)
    .option('--all', 'log out of every provider')
    .option('--json', 'print the result as JSON')
    .action(async (provider: string | undefined, options: { all?: boolean; json?: boolean }) => {
      const { runAuthLogout } = await import('./commands/auth-logout.js');
      setExitCode(await runAuthLogout(io, provider, options));
    });

  auth
    .command('switch')
    .description('make a logged-in provider (or one of its sessions: openai/work) the active one')
    .argument('<provider>', SESSION_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (provider: string, options: { json?: boolean }) => {
      const { runAuthSwitch } = await import('./commands/auth-switch.js');
      setExitCode(await runAuthSwitch(io, provider, options));
    });

  auth
    .command('import')
    .description('adopt sessions and keys your other AI CLIs already hold (their files are not modified)')
    .addOption(new Option('--from <cli>', 'import only from this CLI').choices(IMPORT_SOURCES))
    .option('--json', 'print what was imported as JSON')
    .action(async (options: { from?: ImportSource; json?: boolean }) => {
      const { runAuthImport } = await import('./commands/auth-import.js');
      setExitCode(await runAuthImport(io, options));
    });

  auth
    .command('providers')
    .description('list every provider with its login methods, what each bills, and whether it is set up')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      const { runAuthProviders } = await import('./commands/auth-providers.js');
      setExitCode(await runAuthProviders(io, options));
    });

  auth
    .command('quota')
    .description("show each subscription's usage windows (with reset times) and each API budget")
    .option('--json', 'print the windows and budgets as JSON')
    .option('--offline', 'do not ask the provider; show the last report kept in quota.json')
    .action(async (options: { json?: boolean; offline?: boolean }) => {
      const { runAuthQuota } = await import('./commands/auth-quota.js');
      setExitCode(await runAuthQuota(io, options));
    });

  auth
    .command('log')
    .description('show the sign-ins, refreshes, switches and expiries of every Switchboard process, oldest first')
    .option('--json', 'print the events as JSON lines')
    .option('--since <when>', 'only events since a duration ago (30m, 2h, 7d) or a date')
    .option('--provider <provider>', `only events of one provider (or one session, openai/work): ${PROVIDER_HELP}`)
    .action(async (options: { json?: boolean; since?: string; provider?: string }) => {
      const { runAuthLog } = await import('./commands/auth-log.js');
      setExitCode(await runAuthLog(io, options));
    });

  auth
    .command('stats')
    .description(
      'switch success rate and latency percentiles, refresh success rate, by provider (default: last 30 days)',
    )
    .option('--json', 'print the figures as JSON')
    .option('--since <when>', 'the period: a duration ago (30m, 2h, 7d) or a date')
    .action(async (options: { json?: boolean; since?: string }) => {
      const { runAuthStats } = await import('./commands/auth-stats.js');
      setExitCode(await runAuthStats(io, options));
    });

  auth
    .command('token')
    .description('print a valid access token (refreshed if needed) or the API key, and nothing else')
    .argument('<provider>', SESSION_HELP)
    .addHelpText('after', '\nExample:\n  curl -H "Authorization: Bearer $(sb auth token openai)" …')
    .action(async (provider: string) => {
      const { runAuthToken } = await import('./commands/auth-token.js');
      setExitCode(await runAuthToken(io, provider));
    });

  registerRuntimeCommands(program, io, setExitCode);
  program
    .command('serve')
    .description(
      'serve the local gateway: OpenAI- and Anthropic-compatible endpoints on 127.0.0.1 backed by your logins',
    )
    .option('--local', 'the single-user gateway on this machine only (127.0.0.1); the default')
    .option('--team', 'the team server: sign-in, roles, shared storage (SQLite in the home, or DATABASE_URL)')
    .option('--port <port>', 'TCP port (0 picks a free one; default 4141, or 4180 with --team)')
    .option(
      '--public-url <url>',
      'with --team: the web app URL people open (default SWITCHBOARD_TEAM_URL, else http://localhost:<port>)',
    )
    .option('--print-token', 'print the local gateway token (created on first use) and exit')
    .option('--log-stdout', 'write the gateway log to standard output instead of the log file')
    .option('--json', 'print one JSON line when listening and one when stopped')
    .addHelpText(
      'after',
      `
Examples:
  sb serve --local
  sb serve --team --port 8080
  sb serve --team --public-url https://switchboard.example.com
  OPENAI_BASE_URL=http://127.0.0.1:4141/v1 OPENAI_API_KEY="$(sb serve --print-token)" my-openai-tool
  ANTHROPIC_BASE_URL=http://127.0.0.1:4141 ANTHROPIC_API_KEY="$(sb serve --print-token)" my-claude-tool`,
    )
    .action(
      async (options: {
        local?: boolean;
        team?: boolean;
        port?: string;
        printToken?: boolean;
        logStdout?: boolean;
        publicUrl?: string;
        json?: boolean;
      }) => {
        const { runServe } = await import('./commands/serve.js');
        setExitCode(await runServe(io, options));
      },
    );

  const team = program.command('team').description('team server administration (see sb serve --team)');
  team
    .command('migrate')
    .description('bring the team database ($SWITCHBOARD_HOME/team.sqlite, or DATABASE_URL) to the newest schema')
    .option('--json', 'print one JSON line: {"event":"migrated","storage":…,"applied":[…]}')
    .action(async (options: { json?: boolean }) => {
      const { runTeamMigrate } = await import('./commands/serve-team.js');
      setExitCode(await runTeamMigrate(io, options));
    });
  team
    .command('create-admin')
    .description(
      'make an admin of the team (new, or the member with that email) and print their one-time enrollment link',
    )
    .requiredOption('--email <email>', 'the admin’s email address')
    .option(
      '--public-url <url>',
      'the web app URL the link opens (default SWITCHBOARD_TEAM_URL, else http://localhost:4180)',
    )
    .option('--json', 'print one JSON line: {"event":"admin-enrollment","userId","url","expiresAt","change"}')
    .action(async (options: { email?: string; publicUrl?: string; json?: boolean }) => {
      const { runTeamCreateAdmin } = await import('./commands/team-create-admin.js');
      setExitCode(await runTeamCreateAdmin(io, options));
    });
  team
    .command('add-user')
    .description('add a member to the team and print one personal API key for them, once')
    .requiredOption('--email <email>', 'the member’s email address')
    .addOption(new Option('--role <role>', 'admin or user').choices(['admin', 'user']).default('user'))
    .option('--json', 'print one JSON line: {"event":"user-added","userId","email","role","apiKey"}')
    .action(async (options: { email?: string; role?: string; json?: boolean }) => {
      const { runTeamAddUser } = await import('./commands/team-add-user.js');
      setExitCode(await runTeamAddUser(io, options));
    });
  team
    .command('rotate-key')
    .description(
      're-seal every stored provider credential with the newest master key of SWITCHBOARD_TEAM_MASTER_KEYS (servers keep running)',
    )
    .option('--json', 'print one JSON line: {"event":"rotated","keyVersion":…,"resealed":…,"total":…}')
    .action(async (options: { json?: boolean }) => {
      const { runTeamRotateKey } = await import('./commands/team-rotate-key.js');
      setExitCode(await runTeamRotateKey(io, options));
    });

  routeExitsToErrors(program, 'sb');
  return program;
}

/** Commander would call process.exit; make every command throw to the error edge instead. */
function routeExitsToErrors(command: Command, commandPath: string): void {
  command.exitOverride((error) => {
    throw new CommandLineUsageError({
      message: error.message,
      commandPath,
      commanderCode: error.code,
      commanderExitCode: error.exitCode,
    });
  });
  for (const child of command.commands) routeExitsToErrors(child, `${commandPath} ${child.name()}`);
}
