import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import {
  AUTH_METHODS,
  createEnvironmentCredentialSource,
  createSessionCredentialSource,
  credentialVariables,
  resolveCredential,
  resolveProviderId,
  SwitchboardError,
  type ProviderId,
} from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/**
 * `sb exec [--provider P…] -- <cmd…>`: runs a command with provider credentials in the
 * conventional variables (OPENAI_API_KEY, ANTHROPIC_API_KEY, …) — every logged-in provider, or
 * those named. Only credentials the program can use as that variable are exported; the others
 * are named on stderr with why. Nothing secret is printed, and nothing goes through argv. The
 * command's exit code is sb's (128 + signal number when it was killed).
 */
export async function runExec(
  io: CliIo,
  command: readonly string[],
  options: { provider?: readonly string[] },
): Promise<number> {
  const [program, ...args] = command;
  if (program === undefined)
    throw new SwitchboardError('INVALID_INPUT', 'No command to run.', { hint: 'sb exec -- <command> [arguments…]' });
  const requested = options.provider?.map((name) => resolveProviderId(name));
  const { config, auth, environment } = await openCliSwitchboard(io);
  const sources = [
    createEnvironmentCredentialSource({ environment, providers: config.providers }),
    createSessionCredentialSource({ auth, now: () => io.now() }),
  ];

  let providers: ProviderId[];
  if (requested) {
    providers = [...new Set(requested)];
  } else {
    const available = (await Promise.all(sources.map((source) => source.available({})))).flat();
    providers = [...new Set(available.map((entry) => entry.provider))];
  }

  const variables: Record<string, string> = {};
  const skipped: string[] = [];
  for (const provider of providers) {
    // An expired or missing session of a provider named explicitly is an error (exit 3).
    const { credential } = await resolveCredential({ provider, methods: AUTH_METHODS, context: {} }, sources, {
      providerName: config.providers[provider].name,
    });
    const mapped = credentialVariables(credential, config.providers[provider]);
    if ('skipped' in mapped) skipped.push(`${provider} (${mapped.skipped})`);
    else Object.assign(variables, mapped.variables);
  }
  if (skipped.length > 0) io.stderr.write(`sb: not exported: ${skipped.join('; ')}\n`);

  return new Promise<number>((resolve) => {
    const child = spawn(program, args, { env: { ...environment, ...variables }, stdio: 'inherit' });
    // Ctrl-C reaches the child through the terminal; sb waits for it to finish instead of dying first.
    const stopListening = io.onInterrupt(() => undefined);
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopListening();
      const notFound = error.code === 'ENOENT';
      io.stderr.write(
        `sb: ${notFound ? 'command not found' : `cannot run ${program}: ${error.code ?? error.message}`}${notFound ? `: ${program}` : ''}\n`,
      );
      resolve(notFound ? 127 : 126);
    });
    child.once('exit', (code, signal) => {
      stopListening();
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
}
