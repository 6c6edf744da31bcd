import type { Usage } from '../types.js';
import { CLI_BRIDGE_TOOLS } from '../../auth/cli-bridge-tools.js';
import type { SourceEvent } from '../guard-stream.js';
import { contentText } from './bridge-prompt.js';
import { classifyBridgeFailure, type BridgeFailurePatterns } from './classify-bridge-failure.js';
import { parseJsonLine, type CliBridgeDialect, type CliBridgeQuotaWindow } from './cli-bridge-dialect.js';

// Flags checked against `claude --help` of Claude Code 2.1.332 (npm @anthropic-ai/claude-code,
// Dec 2026) and by running that binary in an empty directory: its `system/init` line then lists
// `"tools":[]`, `"mcp_servers":[]` and `"slash_commands":[]`. Docs: code.claude.com/docs/en/cli-reference
// and /headless ("Run Claude Code programmatically").
const CLAUDE_ARGUMENTS = [
  // Print mode: answer once and exit; `stream-json` needs `--verbose` ("When using --print,
  // --output-format=stream-json requires --verbose"); partial messages give token deltas.
  '-p',
  '--output-format',
  'stream-json',
  '--verbose',
  '--include-partial-messages',
  // `--tools ""`: "Built-in tools to make available: "" for none". The option is variadic, so
  // the empty value must be followed by another option, never by a positional.
  '--tools',
  '',
  // "Only use MCP servers from --mcp-config, ignoring all other MCP configurations"; with no
  // --mcp-config that is none.
  '--strict-mcp-config',
  // "Disable all skills and commands".
  '--disable-slash-commands',
  // "Comma-separated list of setting sources to load (user, project, local)": empty loads none,
  // so no user or project hooks, permissions or plugins apply.
  '--setting-sources',
  '',
  // "Don't save sessions to disk" (print mode only).
  '--no-session-persistence',
  // Deny anything that would need a permission prompt instead of asking.
  '--permission-mode',
  'dontAsk',
];

const PATTERNS: BridgeFailurePatterns = {
  login:
    /invalid api key|please run \/login|not logged in|log ?in again|oauth token|authentication_error|authentication_failed|credit balance/i,
  rateLimit: /usage limit|rate.?limit|\b429\b/i,
  contextLength: /prompt is too long|context (length|window)/i,
  unavailable: /overloaded|\b5\d\d\b|api error|internal server error|connection error|timed? ?out/i,
};

function usageOf(raw: unknown): Usage {
  const usage = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const number = (key: string): number => (typeof usage[key] === 'number' ? usage[key] : 0);
  const inputTokens =
    number('input_tokens') + number('cache_creation_input_tokens') + number('cache_read_input_tokens');
  const outputTokens = number('output_tokens');
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    cachedInputTokens: number('cache_read_input_tokens'),
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/**
 * Claude Code's `rate_limit_event` line: `rate_limit_info` {status, resetsAt (epoch seconds),
 * rateLimitType (`five_hour`, `seven_day`, …), utilization} — the shape built in Claude Code
 * 2.1.332's stream-json writer.
 */
function quotaOf(line: Record<string, unknown>): CliBridgeQuotaWindow | undefined {
  const info = record(line['rate_limit_info']);
  if (!info || typeof info['status'] !== 'string') return undefined;
  return {
    window: typeof info['rateLimitType'] === 'string' ? info['rateLimitType'] : 'unknown',
    status: info['status'],
    ...(typeof info['utilization'] === 'number' ? { utilization: info['utilization'] } : {}),
    ...(typeof info['resetsAt'] === 'number' ? { resetsAt: info['resetsAt'] * 1000 } : {}),
  };
}

/**
 * `claude-code`: the user's `claude` in print mode with every tool, MCP server, skill and
 * settings file off. Partial `stream_event` deltas become text/reasoning deltas (whole
 * `assistant` messages only when no partials came), the final `result` becomes `finish` or an
 * error; failures arrive as a made-up `<synthetic>` assistant message plus an error result.
 */
export const CLAUDE_CODE_DIALECT: CliBridgeDialect = {
  ...CLI_BRIDGE_TOOLS['claude-code'],
  argumentsFor: (upstreamId) => Promise.resolve([...CLAUDE_ARGUMENTS, '--model', upstreamId]),
  createParser({ now }) {
    let sawPartials = false;
    return {
      line(text) {
        const line = parseJsonLine(text);
        // Lines of sub-agents (parent_tool_use_id set) are Claude Code's own work, not the answer.
        if (!line || (line['parent_tool_use_id'] !== undefined && line['parent_tool_use_id'] !== null))
          return { events: [], done: false };
        const events: SourceEvent[] = [];
        const event = record(line['event']);
        const message = record(line['message']);
        if (line['type'] === 'rate_limit_event') {
          const quota = quotaOf(line);
          return { events, done: false, ...(quota ? { quota } : {}) };
        }
        if (line['type'] === 'stream_event' && event?.['type'] === 'content_block_delta') {
          sawPartials = true;
          const delta = record(event['delta']);
          if (delta?.['type'] === 'text_delta' && typeof delta['text'] === 'string' && delta['text'] !== '')
            events.push({ type: 'text-delta', text: delta['text'] });
          if (delta?.['type'] === 'thinking_delta' && typeof delta['thinking'] === 'string' && delta['thinking'] !== '')
            events.push({ type: 'reasoning-delta', text: delta['thinking'] });
        } else if (line['type'] === 'assistant' && !sawPartials && line['error'] === undefined) {
          // Claude Code reports failures as a made-up assistant message before the error result.
          const text = message?.['model'] === '<synthetic>' ? '' : contentText(message?.['content']);
          if (text !== '') events.push({ type: 'text-delta', text });
        } else if (line['type'] === 'result') {
          if (line['is_error'] === true || line['subtype'] !== 'success') {
            const reason =
              typeof line['result'] === 'string' && line['result'] !== ''
                ? line['result']
                : `${String(line['subtype'])} ${JSON.stringify(line['errors'] ?? '')}`;
            const reset = /\|(\d{10})\b/.exec(reason);
            const retryAfterSeconds = reset ? Math.max(0, Number(reset[1]) - Math.floor(now() / 1000)) : undefined;
            events.push({
              type: 'failure',
              error: classifyBridgeFailure(CLAUDE_CODE_DIALECT, reason, { patterns: PATTERNS, retryAfterSeconds }),
            });
          } else {
            events.push({ type: 'finish', finishReason: 'stop', usage: usageOf(line['usage']) });
          }
          return { events, done: true };
        }
        return { events, done: false };
      },
      exit(exitCode, stderr) {
        if (exitCode === 0) return undefined;
        return classifyBridgeFailure(CLAUDE_CODE_DIALECT, stderr, { patterns: PATTERNS, exitCode });
      },
    };
  },
};
