import {
  loginCommand,
  parseSessionRef,
  SwitchboardError,
  type LoginOptions,
  type ReplaceQuestion,
} from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { createBrowserOpener } from '../io/open-browser.js';
import { createLoginReporter } from '../io/login-reporter.js';
import { createTerminalStyle } from '../io/terminal-style.js';
import { resolveLoginMethod, type LoginMethodChoice } from './login-method.js';
import { readLoginSecrets } from './read-login-secrets.js';
import { readInputLine } from '../io/read-input.js';
import { describeReplacement } from '../io/describe-replacement.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/** Options of `sb auth login` as commander parses them. */
export interface AuthLoginCommandOptions {
  method?: LoginMethodChoice;
  /** False with `--no-browser`. */
  browser?: boolean;
  withApiKey?: boolean;
  clientId?: string;
  keyFile?: string;
  /** `--profile`: the AWS profile for `--method aws` without keys. */
  profile?: string;
  /** `--name`: the new session's short name (`work`); also given as `provider/name`. */
  name?: string;
  /** `--replace`: replace a stored session of the same account or name without asking. */
  replace?: boolean;
  json?: boolean;
}

const STDIN_METHODS = new Set(['api-key', 'client-credentials', 'service-account', 'aws']);

/**
 * `sb auth login <provider|provider/name> [--name <name>]`: runs the chosen login and stores it
 * beside the provider's other sessions; asks (in a terminal) before replacing one.
 */
export async function runAuthLogin(io: CliIo, providerName: string, options: AuthLoginCommandOptions): Promise<number> {
  const ref = parseSessionRef(providerName);
  const provider = ref.provider;
  if (
    ref.name !== undefined &&
    options.name !== undefined &&
    parseSessionRef(`${provider}/${options.name}`).name !== ref.name
  )
    throw usage(
      `Two names for one session: ${providerName} and --name ${options.name}.`,
      'Give the name once, either as provider/name or with --name.',
    );
  const name =
    ref.name ?? (options.name === undefined ? undefined : parseSessionRef(`${provider}/${options.name}`).name);
  const json = options.json === true;
  const noBrowser = options.browser === false;
  const withApiKey = options.withApiKey === true;
  if (withApiKey && options.method !== undefined && !STDIN_METHODS.has(options.method)) {
    throw usage(
      `--with-api-key cannot be combined with --method ${options.method}.`,
      `Use --with-api-key alone, or with --method api-key, client-credentials, service-account or aws.`,
    );
  }
  if (withApiKey && io.stdin.isTTY) {
    throw usage(
      '--with-api-key reads the secret from standard input, which is a terminal here.',
      `Pipe it in (\`${loginCommand(provider)} --with-api-key < key.txt\`), or leave out --with-api-key to be prompted without echo.`,
    );
  }

  const switchboard = await openCliSwitchboard(io);
  const profile = switchboard.config.providers[provider];
  const resolved = resolveLoginMethod(
    profile,
    options.method ?? (withApiKey ? stdinMethodFor(profile.methods, profile.defaultMethod) : undefined),
  );
  const secrets = await readLoginSecrets(io, {
    provider,
    profile,
    method: resolved.method,
    fromStdin: withApiKey,
    ...(options.clientId ? { clientId: options.clientId } : {}),
    ...(options.keyFile ? { keyFile: options.keyFile } : {}),
  });

  const style = createTerminalStyle({ stream: io.stderr, environment: io.environment });
  const reporter = createLoginReporter({
    stdout: io.stdout,
    stderr: io.stderr,
    json,
    providerName: profile.name,
    style,
    noBrowser,
  });
  const openBrowser = createBrowserOpener({ platform: io.platform, environment: io.environment });
  const abort = new AbortController();
  const stopListening = io.onInterrupt(() => abort.abort());
  try {
    const loginOptions: LoginOptions = {
      ...secrets,
      ...(options.profile ? { awsProfile: options.profile } : {}),
      method: resolved.method,
      ...(resolved.flow ? { flow: resolved.flow } : {}),
      ...(name === undefined ? {} : { name }),
      ...confirmationFor(io, options),
      noBrowser,
      signal: abort.signal,
      onEvent: (event) => reporter.onEvent(event),
      openUrl: async (url) => {
        if (noBrowser) return false;
        const opened = await openBrowser(url);
        if (opened) reporter.browserOpened(url);
        return opened;
      },
      readInput: async (prompt) => {
        if (!json && io.stdin.isTTY) io.stderr.write(prompt.endsWith(' ') ? prompt : `${prompt} `);
        return readInputLine(io.stdin);
      },
    };
    const status = await switchboard.auth.login(provider, loginOptions);
    reporter.loggedIn(status);
    return 0;
  } finally {
    stopListening();
  }
}

/**
 * How a replacement is decided: `--replace` says yes; in a terminal (not `--json`) the person is
 * asked; otherwise the AuthManager's rule holds (the same account is replaced, a taken name refused).
 */
function confirmationFor(io: CliIo, options: AuthLoginCommandOptions): Pick<LoginOptions, 'confirmReplace'> {
  if (options.replace === true) return { confirmReplace: async () => true };
  if (options.json === true || !io.stdin.isTTY || options.withApiKey === true) return {};
  return {
    confirmReplace: async (question: ReplaceQuestion) => {
      io.stderr.write(`${describeReplacement(question)} [y/N] `);
      const answer = await readInputLine(io.stdin).catch(() => '');
      return /^y(es)?$/i.test(answer.trim());
    },
  };
}

/** `--with-api-key` without `--method`: the API key when the provider takes one, else its stdin-fed default. */
function stdinMethodFor(methods: readonly string[], defaultMethod: string | undefined): LoginMethodChoice | undefined {
  if (methods.includes('api-key')) return 'api-key';
  const candidate = defaultMethod ?? methods[0];
  return candidate !== undefined && STDIN_METHODS.has(candidate) ? (candidate as LoginMethodChoice) : 'api-key';
}

function usage(message: string, hint: string): SwitchboardError {
  return new SwitchboardError('INVALID_INPUT', message, { hint });
}
