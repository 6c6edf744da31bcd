/**
 * A command-line parsing outcome from commander (usage error, or help/version shown), with
 * the command it concerns so the error line can point at the right `--help`.
 */
export class CommandLineUsageError extends Error {
  readonly commandPath: string;
  /** Commander's code, e.g. `commander.unknownOption`, `commander.helpDisplayed`. */
  readonly commanderCode: string;
  readonly commanderExitCode: number;

  constructor(options: { message: string; commandPath: string; commanderCode: string; commanderExitCode: number }) {
    super(options.message.replace(/^error:\s*/i, '').trim());
    this.name = 'CommandLineUsageError';
    this.commandPath = options.commandPath;
    this.commanderCode = options.commanderCode;
    this.commanderExitCode = options.commanderExitCode;
  }

  /** True for `--help` and `--version`, which end the run successfully. */
  get isHelpOrVersion(): boolean {
    return (
      this.commanderExitCode === 0 &&
      (this.commanderCode === 'commander.helpDisplayed' ||
        this.commanderCode === 'commander.version' ||
        this.commanderCode === 'commander.help')
    );
  }
}
