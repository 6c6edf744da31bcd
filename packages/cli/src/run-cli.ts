import type { CliIo } from './cli-io.js';
import { CommandLineUsageError } from './command-line-usage-error.js';

/**
 * Runs one `sb` invocation and returns its exit code (DESIGN §3: 0 ok · 1 failure · 2 usage ·
 * 3 login required). This is the CLI's single error edge: everything thrown below lands here
 * once and becomes one line on stderr (or one JSON object on stdout with `--json`).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const json = wantsJson(argv);
  try {
    if (argv.length === 0) {
      const { runChat } = await import('./commands/chat.js');
      return await runChat(io);
    }
    const { buildProgram } = await import('./build-program.js');
    let exitCode = 0;
    const program = buildProgram(io, (code) => {
      exitCode = code;
    });
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommandLineUsageError) {
      if (error.isHelpOrVersion) return 0;
      // `sb auth` without a subcommand: commander has already shown the help, on stderr.
      if (error.commanderCode === 'commander.help') return 2;
    }
    const { reportError } = await import('./io/report-error.js');
    return reportError(error, io, { json });
  }
}

function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
