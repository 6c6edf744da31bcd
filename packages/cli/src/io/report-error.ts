import { exitCodeFor, EXIT_CODES, fromSystemError, isSwitchboardError, SwitchboardError } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { CommandLineUsageError } from '../command-line-usage-error.js';
import { writeJsonLine } from './json-line.js';

/**
 * The CLI's error edge: maps any error to its exit code and reports it once — one line on
 * stderr (`sb: <message> — <hint>`), or `{"error":{code,message,hint}}` on stdout with `--json`.
 * @returns the exit code.
 */
export function reportError(error: unknown, io: Pick<CliIo, 'stdout' | 'stderr'>, options: { json: boolean }): number {
  const switchboardError = toSwitchboardError(error);
  const exitCode = error instanceof CommandLineUsageError ? EXIT_CODES.usage : exitCodeFor(switchboardError);
  const message = oneLine(switchboardError.message);
  const hint = switchboardError.hint === undefined ? null : oneLine(switchboardError.hint);
  if (options.json) {
    writeJsonLine(io.stdout, { error: { code: switchboardError.code, message, hint } });
  } else {
    io.stderr.write(`sb: ${message}${hint === null || message.includes(hint) ? '' : ` — ${hint}`}\n`);
  }
  return exitCode;
}

/** Every failure leaves the CLI as a SwitchboardError; anything else is a bug, shown as INTERNAL. */
export function toSwitchboardError(error: unknown): SwitchboardError {
  if (isSwitchboardError(error)) return error;
  if (error instanceof CommandLineUsageError) {
    return new SwitchboardError('INVALID_INPUT', error.message, {
      hint: `Run \`${error.commandPath} --help\` for usage.`,
      cause: error,
    });
  }
  // A full disk, a read-only or foreign-owned home, a busy port: the person's to fix, not a bug.
  const system = fromSystemError(error);
  if (system) return system;
  const detail = error instanceof Error ? error.message : String(error);
  return new SwitchboardError('INTERNAL', `Unexpected error: ${detail}`, {
    hint: 'This is a bug in Switchboard; please report it.',
    cause: error,
  });
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
