import { SwitchboardError } from '../../errors.js';
import { redactSecrets } from '../redact-secrets.js';
import type { CliBridgeDialect } from './cli-bridge-dialect.js';

/** What a dialect recognises in its CLI's error text. */
export interface BridgeFailurePatterns {
  /** The CLI is not signed in, or its login was refused. */
  login: RegExp;
  /** A rate or plan (usage) limit. */
  rateLimit: RegExp;
  /** The conversation does not fit the model. */
  contextLength?: RegExp;
  /** The vendor's service failed or could not be reached. */
  unavailable: RegExp;
}

/** The one line that tells the person how to sign the CLI in. */
export function bridgeLoginHint(dialect: Pick<CliBridgeDialect, 'name' | 'loginCommand' | 'guide'>): string {
  return `Sign ${dialect.name} in: run \`${dialect.loginCommand}\`, then retry (${dialect.guide}).`;
}

/**
 * Maps what a CLI reported (an error line, a failed result, stderr) to the error a person can act
 * on: not signed in → LOGIN_REQUIRED with the exact command, a rate or plan limit →
 * RATE_LIMITED, an upstream outage → PROVIDER_UNAVAILABLE, anything else (a crash) →
 * PROVIDER_UNAVAILABLE naming the exit code. The CLI's text is redacted and shortened.
 */
export function classifyBridgeFailure(
  dialect: Pick<CliBridgeDialect, 'name' | 'loginCommand' | 'provider' | 'guide'>,
  text: string,
  options: { patterns: BridgeFailurePatterns; exitCode?: number | null; retryAfterSeconds?: number | undefined },
): SwitchboardError {
  const detail =
    redactSecrets(text.trim()).slice(0, 400) ||
    (options.exitCode === undefined || options.exitCode === null ? 'no output' : `exit code ${options.exitCode}`);
  const base = { provider: dialect.provider };
  const { patterns } = options;
  if (patterns.login.test(text)) {
    return new SwitchboardError(
      'LOGIN_REQUIRED',
      `${dialect.name} is not signed in or its login was refused: ${detail}`,
      {
        ...base,
        hint: bridgeLoginHint(dialect),
      },
    );
  }
  if (patterns.rateLimit.test(text)) {
    return new SwitchboardError('RATE_LIMITED', `${dialect.name} reports a usage or rate limit: ${detail}`, {
      ...base,
      ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    });
  }
  if (patterns.contextLength?.test(text)) {
    return new SwitchboardError(
      'CONTEXT_LENGTH_EXCEEDED',
      `The conversation is too long for ${dialect.name}: ${detail}`,
      base,
    );
  }
  if (patterns.unavailable.test(text)) {
    return new SwitchboardError('PROVIDER_UNAVAILABLE', `${dialect.name} could not get an answer: ${detail}`, base);
  }
  const exit = options.exitCode === undefined || options.exitCode === null ? '' : ` (exit code ${options.exitCode})`;
  return new SwitchboardError('PROVIDER_UNAVAILABLE', `${dialect.name} failed${exit}: ${detail}`, {
    ...base,
    isRetryable: false,
  });
}

/** The CLI is not installed (or not on PATH): LOGIN_REQUIRED, with how to install and sign it in. */
export function bridgeNotInstalledError(
  dialect: Pick<CliBridgeDialect, 'name' | 'loginCommand' | 'provider' | 'installHint' | 'commandVariable' | 'guide'>,
  command: string,
): SwitchboardError {
  return new SwitchboardError('LOGIN_REQUIRED', `${dialect.name} (\`${command}\`) is not installed or not on PATH.`, {
    provider: dialect.provider,
    hint: `Install it (${dialect.installHint}); ${bridgeLoginHint(dialect)} Or set ${dialect.commandVariable} to its path.`,
  });
}

/**
 * The failure event for a CLI's terminal error line (`result` with status error, `turn.failed`):
 * its `error.message`, else the last error line the CLI printed before it.
 */
export function terminalFailure(
  dialect: Pick<CliBridgeDialect, 'name' | 'loginCommand' | 'provider' | 'guide'>,
  error: unknown,
  lastError: string,
  patterns: BridgeFailurePatterns,
): { type: 'failure'; error: SwitchboardError } {
  const message =
    typeof error === 'object' && error !== null && typeof (error as Record<string, unknown>)['message'] === 'string'
      ? String((error as Record<string, unknown>)['message'])
      : lastError;
  return { type: 'failure', error: classifyBridgeFailure(dialect, message || `${dialect.name} failed`, { patterns }) };
}
