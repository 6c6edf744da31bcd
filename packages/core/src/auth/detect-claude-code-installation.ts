import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { homedir } from 'node:os';
import type { Environment } from '../config/environment.js';

/**
 * Detects the user's `claude` CLI: installed (answers `--version` within a timeout) and signed
 * in (its credentials file exists, or ANTHROPIC_API_KEY-free login evidence). Never reads tokens.
 */
export async function detectClaudeCodeInstallation(options: { environment: Environment; command?: string; timeoutMs?: number }): Promise<{ installed: boolean; loggedIn: boolean; version?: string }> {
  const command = options.command ?? options.environment.SWITCHBOARD_CLAUDE_COMMAND ?? 'claude';
  const version = await runVersion(command, options.environment, options.timeoutMs ?? 5_000);
  if (version === undefined) return { installed: false, loggedIn: false };
  const home = options.environment.HOME ?? homedir();
  const configDirectory = options.environment.CLAUDE_CONFIG_DIR ?? join(home, '.claude');
  const candidates = [join(configDirectory, '.credentials.json'), join(home, '.claude.json')];
  let loggedIn = false;
  for (const candidate of candidates) {
    if (await access(candidate).then(() => true, () => false)) {
      loggedIn = true;
      break;
    }
  }
  return { installed: true, loggedIn, version };
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
    const child = spawn(command, ['--version'], { env: { ...environment } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(undefined);
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', () => finish(undefined));
    child.on('close', (code) => finish(code === 0 ? output.trim() || 'unknown' : undefined));
  });
}
