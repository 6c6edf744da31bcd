import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import {
  AUTH_METHODS,
  createEnvironmentCredentialSource,
  createSessionCredentialSource,
  credentialVariables,
  isSwitchboardError,
  parseSessionRef,
  resolveCredential,
  SwitchboardError,
  type AuthMethod,
  type CredentialSource,
  type SessionRef,
} from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/** Methods whose credential a program can take as a conventional variable (a key, AWS keys). */
const EXPORTABLE_METHODS: readonly AuthMethod[] = ['api-key', 'aws'];

/**
 * `sb exec --session <name> -- <cmd…>`: the command as an agent session through the local
 * gateway (like `sb run`), its usage metered and limited. Otherwise
 * `sb exec [--provider P|P/name…] -- <cmd…>`: runs a command with provider credentials in the
 * conventional variables (OPENAI_API_KEY, ANTHROPIC_API_KEY, …) — every logged-in provider, or
 * those named, or one named session of a provider (`openai/key`). Of a provider with several
 * sessions, the active one is exported when it is a key, else the first key stored beside it
 * (a ChatGPT plan has no key to export). Only credentials the program can use as that variable
 * are exported; the others are named on stderr with why. Nothing secret is printed, and nothing goes through argv. The
 * command's exit code is sb's (128 + signal number when it was killed).
 */
export async function runExec(
  io: CliIo,
  command: readonly string[],
  options: { provider?: readonly string[]; session?: string; maxTokens?: string; maxCost?: string },
): Promise<number> {
  const [program, ...args] = command;
  if (program === undefined)
    throw new SwitchboardError('INVALID_INPUT', 'No command to run.', { hint: 'sb exec -- <command> [arguments…]' });
  // Keys handed to a program are used without Switchboard seeing the requests: an agent session
  // (usage, limits) needs them to go through the gateway, as `sb run` does for any program.
  if (options.session !== undefined || options.maxTokens !== undefined || options.maxCost !== undefined) {
    if (options.provider)
      throw new SwitchboardError(
        'INVALID_INPUT',
        '--provider exports keys; --session runs through the gateway. Choose one.',
        {
          hint: 'sb exec --session <name> -- <command…>',
        },
      );
    const { runAgent } = await import('./run-agent.js');
    return runAgent(io, command, {
      ...(options.session === undefined ? {} : { session: options.session }),
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      ...(options.maxCost === undefined ? {} : { maxCost: options.maxCost }),
    });
  }
  const requested = options.provider?.map((name) => parseSessionRef(name));
  const { config, auth, environment } = await openCliSwitchboard(io);
  const sources = [
    createEnvironmentCredentialSource({ environment, providers: config.providers }),
    createSessionCredentialSource({ auth, now: () => io.now() }),
  ];

  let targets: SessionRef[];
  if (requested) {
    targets = requested.filter(
      (ref, index) =>
        requested.findIndex((other) => other.provider === ref.provider && other.name === ref.name) === index,
    );
  } else {
    const available = (await Promise.all(sources.map((source) => source.available({})))).flat();
    targets = [...new Set(available.map((entry) => entry.provider))].map((provider) => ({ provider }));
  }

  const variables: Record<string, string> = {};
  const skipped: string[] = [];
  for (const target of targets) {
    const { provider } = target;
    // An expired or missing session of a provider named explicitly is an error (exit 3).
    const credential = await credentialFor(target, sources, config.providers[provider].name);
    const mapped = credentialVariables(credential, config.providers[provider]);
    const label = target.name === undefined ? provider : `${provider}/${target.name}`;
    if ('skipped' in mapped) skipped.push(`${label} (${mapped.skipped})`);
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

/** The credential to export for `target`: the named session, else a key of the provider when it has one. */
async function credentialFor(target: SessionRef, sources: readonly CredentialSource[], providerName: string) {
  const lookup = { provider: target.provider, context: {}, ...(target.name ? { session: target.name } : {}) };
  if (target.name === undefined) {
    try {
      return (await resolveCredential({ ...lookup, methods: EXPORTABLE_METHODS }, sources, { providerName }))
        .credential;
    } catch (error) {
      if (!isSwitchboardError(error, 'LOGIN_REQUIRED')) throw error;
    }
  }
  return (await resolveCredential({ ...lookup, methods: AUTH_METHODS }, sources, { providerName })).credential;
}
