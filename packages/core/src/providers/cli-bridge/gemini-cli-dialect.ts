import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SwitchboardError } from '../../errors.js';
import { CLI_BRIDGE_TOOLS } from '../../auth/cli-bridge-tools.js';
import type { SourceEvent } from '../guard-stream.js';
import {
  bridgeLoginHint,
  classifyBridgeFailure,
  terminalFailure,
  type BridgeFailurePatterns,
} from './classify-bridge-failure.js';
import { parseJsonLine, type CliBridgeDialect } from './cli-bridge-dialect.js';

/**
 * A policy that denies every tool, built-in or MCP (`toolName = "*"`). Gemini CLI's policy
 * engine drops globally denied tools from what the model is offered (docs/reference/policy-engine.md,
 * "Decisions"); loaded with `--admin-policy` it sits in the highest tier, above any user policy.
 * Checked with Gemini CLI 0.61.0 against a fake Gemini API: the request then declares no
 * function at all (without it: list_directory, read_file, grep_search, glob, google_web_search, …).
 */
const DENY_ALL_POLICY = '[[rule]]\ntoolName = "*"\ndecision = "deny"\npriority = 999\n';

/** An MCP allow-list entry no server is named, so no configured MCP server starts. */
const NO_MCP_SERVER = 'switchboard-no-mcp-server';

// Exit codes of packages/core/src/utils/exitCodes.ts (google-gemini/gemini-cli) and
// docs/cli/headless.md: 41 FATAL_AUTHENTICATION_ERROR, 42 FATAL_INPUT_ERROR, 52 FATAL_CONFIG_ERROR,
// 53 turn limit, 55 untrusted workspace (0.61.0: "Gemini CLI is not running in a trusted directory").
const EXIT_AUTHENTICATION = 41;

const PATTERNS: BridgeFailurePatterns = {
  login:
    /please set an auth method|auth method|not (signed|logged) in|unauthenticated|invalid_grant|re-?authenticate|login required|\b401\b|failed to log ?in/i,
  // Code Assist plan limits surface as RESOURCE_EXHAUSTED / "Quota exceeded" / TerminalQuotaError
  // (packages/core/src/utils/googleQuotaErrors.ts).
  rateLimit: /quota|resource_exhausted|rate.?limit|\b429\b|usage limit/i,
  contextLength: /token count.*exceeds|context (length|window)|too many tokens/i,
  unavailable: /\b5\d\d\b|unavailable|overloaded|internal error|deadline|timed? ?out|fetch failed|econn/i,
};

function numberField(record: Record<string, unknown> | undefined, key: string): number {
  const value = record?.[key];
  return typeof value === 'number' ? value : 0;
}

function recordField(record: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = record[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/**
 * `gemini-cli`: the user's `gemini` in headless mode. The prompt is piped on stdin: Gemini CLI is
 * headless whenever stdin or stdout is not a TTY and reads stdin as the prompt
 * (packages/cli/src/gemini.tsx, packages/core/src/utils/headless.ts). `-p` is not used: its value
 * is argv, and "-p … Appended to input on stdin" adds nothing. stream-json events
 * (packages/core/src/output/types.ts): `init`, `message` (role, content, delta), `tool_use`,
 * `tool_result`, `error` (severity warning|error), `result` (status, error, stats with tokens).
 */
export const GEMINI_CLI_DIALECT: CliBridgeDialect = {
  ...CLI_BRIDGE_TOOLS['gemini-cli'],
  async argumentsFor(upstreamId, workspace) {
    const policyDirectory = join(workspace.root, 'policy');
    await mkdir(policyDirectory, { mode: 0o700 });
    const policy = join(policyDirectory, 'deny-all.toml');
    await writeFile(policy, DENY_ALL_POLICY, { mode: 0o600 });
    // Every flag is in `gemini --help` of Gemini CLI 0.61.0 (npm @google/gemini-cli, Dec 2026).
    return [
      '--output-format',
      'stream-json',
      '--model',
      upstreamId,
      // Headless runs refuse an untrusted folder (exit 55); the folder is our empty one.
      '--skip-trust',
      // "If we have a single override called 'none', this disables all extensions"
      // (packages/cli/src/config/extensions/extensionEnablement.ts).
      '--extensions',
      'none',
      // A non-empty allow-list blocks every server not on it (isBlockedBySettings in
      // packages/core/src/tools/mcp-client-manager.ts).
      '--allowed-mcp-server-names',
      NO_MCP_SERVER,
      // No container re-launch (it would move the piped prompt into argv).
      '--sandbox=false',
      '--admin-policy',
      policy,
    ];
  },
  createParser() {
    let lastError = '';
    return {
      line(text) {
        const line = parseJsonLine(text);
        const events: SourceEvent[] = [];
        if (!line) return { events, done: false };
        if (line['type'] === 'message' && line['role'] === 'assistant') {
          if (typeof line['content'] === 'string' && line['content'] !== '')
            events.push({ type: 'text-delta', text: line['content'] });
        } else if (line['type'] === 'error' && typeof line['message'] === 'string') {
          if (line['severity'] === 'error') lastError = line['message'];
        } else if (line['type'] === 'result') {
          if (line['status'] === 'success') {
            const stats = recordField(line, 'stats');
            const inputTokens = numberField(stats, 'input_tokens');
            const outputTokens = numberField(stats, 'output_tokens');
            events.push({
              type: 'finish',
              finishReason: 'stop',
              usage: {
                inputTokens,
                outputTokens,
                totalTokens: numberField(stats, 'total_tokens') || inputTokens + outputTokens,
                cachedInputTokens: numberField(stats, 'cached'),
              },
            });
          } else {
            events.push(terminalFailure(GEMINI_CLI_DIALECT, line['error'], lastError, PATTERNS));
          }
          return { events, done: true };
        }
        return { events, done: false };
      },
      exit(exitCode, stderr) {
        if (exitCode === 0) return undefined;
        const text = [lastError, stderr].filter(Boolean).join('\n');
        if (exitCode === EXIT_AUTHENTICATION) {
          return new SwitchboardError(
            'LOGIN_REQUIRED',
            `Gemini CLI is not signed in: ${text.trim().slice(0, 300) || 'exit code 41'}`,
            { provider: 'google', hint: bridgeLoginHint(GEMINI_CLI_DIALECT) },
          );
        }
        return classifyBridgeFailure(GEMINI_CLI_DIALECT, text, { patterns: PATTERNS, exitCode });
      },
    };
  },
};
