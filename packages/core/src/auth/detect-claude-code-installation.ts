import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import type { Environment } from '../config/environment.js';
import { detectClaudeCode } from './import/detect-claude-code.js';

/**
 * Detects the user's `claude` CLI: installed (answers `--version` within a timeout) and signed
 * in, by the same evidence `sb auth import` uses (`.credentials.json`, or an `oauthAccount` in
 * `.claude.json`, honouring `CLAUDE_CONFIG_DIR`). Never reads tokens; `account` is the email.
 */
export async function detectClaudeCodeInstallation(options: {
  environment: Environment;
  command?: string;
  timeoutMs?: number;
}): Promise<{ installed: boolean; loggedIn: boolean; version?: string; account?: string }> {
  const command = options.command ?? options.environment.SWITCHBOARD_CLAUDE_COMMAND ?? 'claude';
  const version = await runVersion(command, options.environment, options.timeoutMs ?? 5_000);
  if (version === undefined) return { installed: false, loggedIn: false };
  const [finding] = await detectClaudeCode({
    environment: options.environment,
    homeDirectory: options.environment.HOME ?? homedir(),
    now: Date.now,
  });
  const account = finding?.status === 'found' ? finding.session?.account : undefined;
  return { installed: true, loggedIn: finding?.status === 'found', version, ...(account ? { account } : {}) };
}

function runVersion(command: string, environment: Environment, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    const finish = (value: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const child = spawn(command, ['--version'], {
      env: { ...environment } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(undefined);
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', () => finish(undefined));
    child.on('close', (code) => finish(code === 0 ? output.trim() || 'unknown' : undefined));
  });
}
