import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import type { Environment } from '../config/environment.js';
import { pathExists } from '../config/path-exists.js';
import type { CliBridgeMethod } from '../ids.js';
import { bridgeCommandOf, bridgeEnvironment, CLI_BRIDGE_TOOLS, type CliBridgeTool } from './cli-bridge-tools.js';
import { detectClaudeCode } from './import/detect-claude-code.js';
import { isRecord, recordField, stringField } from './import/json-value.js';
import { readJsonSourceFile } from './import/read-source-file.js';
import { geminiPaths } from './import/read-gemini-auth.js';

/** What Switchboard knows of a vendor CLI's own login, found without any model call. */
export interface CliBridgeLoginState {
  method: CliBridgeMethod;
  /** The command that was (or would be) run. */
  command: string;
  installed: boolean;
  signedIn: boolean;
  /** `--version` output, when installed. */
  version?: string;
  /** The signed-in account (an email), when the CLI says. */
  account?: string;
  /** The subscription plan, when the CLI says (`max`, `pro`, …). */
  plan?: string;
  /** How this is known: the command asked or the file read. */
  evidence: string;
}

interface CommandOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a short command with a timeout; never throws (a missing command gives code null). */
function runCommand(
  command: string,
  args: string[],
  environment: Record<string, string>,
  timeoutMs: number,
): Promise<CommandOutput> {
  return new Promise((resolve) => {
    const output: CommandOutput = { code: null, stdout: '', stderr: '' };
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(output);
    };
    const child = spawn(command, args, { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      output.code = null;
      finish();
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
    child.on('error', finish);
    child.on('close', (code) => {
      output.code = code;
      finish();
    });
  });
}

/** Options of {@link detectCliBridge}. */
export interface DetectCliBridgeOptions {
  environment: Environment;
  /** Per command, default 5 s (a CLI that hangs counts as not installed). */
  timeoutMs?: number;
}

/**
 * Finds out whether a vendor CLI is installed (`--version` answers) and signed in, by what the
 * CLI itself reports, never by a model call and never by reading its tokens:
 * - Claude Code: `claude auth status --json` (`loggedIn`, `email`, `subscriptionType`; exit 1 when
 *   signed out — checked with 2.1.332), else its files (`.credentials.json`, `oauthAccount`).
 * - Gemini CLI: it has no status command; `settings.json` `security.auth.selectedType` is
 *   `oauth-personal` (Sign in with Google) and the sign-in is stored (`oauth_creds.json`, or the
 *   encrypted `gemini-credentials.json`); the account from `google_accounts.json`.
 * - Codex: `codex login status` ("Logged in using ChatGPT", exit 0; "Not logged in", exit 1;
 *   an API-key login is not a subscription and counts as not signed in).
 */
export async function detectCliBridge(
  method: CliBridgeMethod,
  options: DetectCliBridgeOptions,
): Promise<CliBridgeLoginState> {
  const tool = CLI_BRIDGE_TOOLS[method];
  const environment = bridgeEnvironment(tool, options.environment);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const command = bridgeCommandOf(tool, options.environment);
  const version = await runCommand(command, ['--version'], environment, timeoutMs);
  if (version.code !== 0) {
    return {
      method,
      command,
      installed: false,
      signedIn: false,
      evidence: version.code === null ? `\`${command} --version\` did not run` : `\`${command} --version\` failed`,
    };
  }
  const base = { method, command, installed: true, version: version.stdout.trim() || 'unknown' };
  switch (method) {
    case 'claude-code':
      return { ...base, ...(await claudeLogin(tool, command, environment, options, timeoutMs)) };
    case 'gemini-cli':
      return { ...base, ...(await geminiLogin(options.environment)) };
    case 'codex-cli':
      return { ...base, ...(await codexLogin(command, environment, timeoutMs)) };
  }
}

type LoginFacts = Pick<CliBridgeLoginState, 'signedIn' | 'account' | 'plan' | 'evidence'>;

async function claudeLogin(
  tool: CliBridgeTool,
  command: string,
  environment: Record<string, string>,
  options: DetectCliBridgeOptions,
  timeoutMs: number,
): Promise<LoginFacts> {
  const status = await runCommand(command, ['auth', 'status', '--json'], environment, timeoutMs);
  try {
    const parsed = JSON.parse(status.stdout) as unknown;
    if (isRecord(parsed) && typeof parsed['loggedIn'] === 'boolean') {
      const email = stringField(parsed, 'email');
      const plan = stringField(parsed, 'subscriptionType');
      return {
        signedIn: parsed['loggedIn'],
        ...(email ? { account: email } : {}),
        ...(plan ? { plan } : {}),
        evidence: `\`${command} auth status --json\``,
      };
    }
  } catch {
    // Older versions have no `auth status`: fall back to the files below.
  }
  const [finding] = await detectClaudeCode({
    environment: options.environment,
    homeDirectory: options.environment.HOME ?? homedir(),
    now: Date.now,
  });
  const account = finding?.status === 'found' ? finding.session?.account : undefined;
  return {
    signedIn: finding?.status === 'found',
    ...(account ? { account } : {}),
    evidence: `${tool.name}'s files (${finding?.path ?? 'none'})`,
  };
}

async function geminiLogin(environment: Environment): Promise<LoginFacts> {
  const paths = geminiPaths(environment, environment.HOME ?? homedir());
  const settingsPath = `${paths.directory}/settings.json`;
  const settings = await readJsonSourceFile(settingsPath);
  const value = settings.status === 'ok' && isRecord(settings.value) ? settings.value : undefined;
  // `security.auth.selectedType` (current); `selectedAuthType` at the top level (before 0.3).
  const selected =
    stringField(recordField(recordField(value, 'security'), 'auth'), 'selectedType') ??
    stringField(value, 'selectedAuthType');
  const stored = (await pathExists(paths.oauthCredentials)) || (await pathExists(paths.encryptedCredentials));
  const accounts = await readJsonSourceFile(paths.googleAccounts);
  const account =
    accounts.status === 'ok' && isRecord(accounts.value) ? stringField(accounts.value, 'active') : undefined;
  const evidence = `${settingsPath} (selectedType ${selected ?? 'unset'}) and ${paths.oauthCredentials}`;
  if (selected !== undefined && selected !== 'oauth-personal') {
    return { signedIn: false, evidence: `${evidence}: set to ${selected}, not Sign in with Google` };
  }
  return { signedIn: selected === 'oauth-personal' && stored, ...(account ? { account } : {}), evidence };
}

async function codexLogin(
  command: string,
  environment: Record<string, string>,
  timeoutMs: number,
): Promise<LoginFacts> {
  const status = await runCommand(command, ['login', 'status'], environment, timeoutMs);
  // Codex prints the status on stderr in some versions and on stdout in others.
  const text = `${status.stdout}\n${status.stderr}`;
  const evidence = `\`${command} login status\``;
  if (status.code === 0 && /logged in using chatgpt/i.test(text)) return { signedIn: true, evidence };
  if (status.code === 0 && /api key/i.test(text)) {
    return { signedIn: false, evidence: `${evidence}: signed in with an API key, not a ChatGPT plan` };
  }
  return { signedIn: false, evidence };
}
