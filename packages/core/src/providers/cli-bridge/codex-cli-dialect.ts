import { CLI_BRIDGE_TOOLS } from '../../auth/cli-bridge-tools.js';
import type { SourceEvent } from '../guard-stream.js';
import { classifyBridgeFailure, terminalFailure, type BridgeFailurePatterns } from './classify-bridge-failure.js';
import { parseJsonLine, type CliBridgeDialect } from './cli-bridge-dialect.js';

/**
 * Codex features that give the model a tool; each name is checked by Codex itself (`--disable
 * bogus` → "Unknown feature flag") and listed by `codex features list` of Codex 0.171.0.
 */
const TOOL_FEATURES = [
  'shell_tool',
  'unified_exec',
  'apps',
  'plugins',
  'multi_agent',
  'image_generation',
  'view_image',
  'browser_use',
  'computer_use',
  'in_app_browser',
  'goals',
  'skill_search',
  'tool_suggest',
];

// Every flag is in `codex exec --help` of Codex 0.171.0 (npm @openai/codex, Dec 2026); the `-c`
// keys are accepted under `--strict-config`, which refuses unknown ones ("unknown configuration
// field … in -c/--config override"). Source: openai/codex codex-rs/exec/src/cli.rs.
const CODEX_ARGUMENTS = [
  'exec',
  // "Print events to stdout as JSONL" (codex-rs/exec/src/exec_events.rs).
  '--json',
  // The working directory is an empty temporary folder, not a Git repository.
  '--skip-git-repo-check',
  // "Run without persisting session files to disk".
  '--ephemeral',
  // "Do not load `$CODEX_HOME/config.toml`; auth still uses `CODEX_HOME`": none of the user's
  // MCP servers, profiles or providers; "Do not load user or project execpolicy `.rules` files".
  '--ignore-user-config',
  '--ignore-rules',
  '--strict-config',
  // If a command ran at all, it could not write.
  '--sandbox',
  'read-only',
  '-c',
  'approval_policy="never"',
  '-c',
  'mcp_servers={}',
  '-c',
  'web_search="disabled"',
  '-c',
  'project_doc_max_bytes=0',
  ...TOOL_FEATURES.flatMap((feature) => ['--disable', feature]),
];

const PATTERNS: BridgeFailurePatterns = {
  login:
    /not logged in|codex login|unauthorized|\b401\b|token_expired|refresh_token_(reused|expired|invalidated)|sign in again|log ?in again/i,
  // "You've hit your usage limit. … try again at 3:28 PM." (UsageLimitReached in codex-rs).
  rateLimit: /usage limit|rate.?limit|\b429\b|too many requests|quota/i,
  contextLength: /context window|context_length_exceeded/i,
  unavailable: /\b5\d\d\b|overloaded|server error|stream disconnected|timed? ?out|connection/i,
};

/**
 * `codex-cli`: the user's `codex exec --json` with the prompt on stdin (`-`: "If not provided as
 * an argument (or if `-` is used), instructions are read from stdin"). JSONL events
 * (codex-rs/exec/src/exec_events.rs): `thread.started`, `turn.started`, `item.started|updated|
 * completed` (an `agent_message` item holds the answer text, a `reasoning` item a summary),
 * `turn.completed` {usage}, `turn.failed` {error}, `error` {message}. `codex exec` sends agent
 * messages whole, so text arrives one message at a time.
 */
export const CODEX_CLI_DIALECT: CliBridgeDialect = {
  ...CLI_BRIDGE_TOOLS['codex-cli'],
  argumentsFor: (upstreamId) => Promise.resolve([...CODEX_ARGUMENTS, '--model', upstreamId, '-']),
  createParser() {
    let lastError = '';
    return {
      line(text) {
        const line = parseJsonLine(text);
        const events: SourceEvent[] = [];
        if (!line) return { events, done: false };
        const item =
          typeof line['item'] === 'object' && line['item'] !== null
            ? (line['item'] as Record<string, unknown>)
            : undefined;
        if (line['type'] === 'item.completed' && item && typeof item['text'] === 'string' && item['text'] !== '') {
          if (item['type'] === 'agent_message') events.push({ type: 'text-delta', text: item['text'] });
          if (item['type'] === 'reasoning') events.push({ type: 'reasoning-delta', text: item['text'] });
        } else if (line['type'] === 'error' && typeof line['message'] === 'string') {
          // Also "Reconnecting... 2/5 (…)" notices while Codex retries; only the last one counts.
          lastError = line['message'];
        } else if (line['type'] === 'turn.completed') {
          const usage = (typeof line['usage'] === 'object' && line['usage'] !== null ? line['usage'] : {}) as Record<
            string,
            unknown
          >;
          const number = (key: string): number => (typeof usage[key] === 'number' ? usage[key] : 0);
          events.push({
            type: 'finish',
            finishReason: 'stop',
            usage: {
              inputTokens: number('input_tokens'),
              outputTokens: number('output_tokens'),
              totalTokens: number('input_tokens') + number('output_tokens'),
              cachedInputTokens: number('cached_input_tokens'),
            },
          });
          return { events, done: true };
        } else if (line['type'] === 'turn.failed') {
          events.push(terminalFailure(CODEX_CLI_DIALECT, line['error'], lastError, PATTERNS));
          return { events, done: true };
        }
        return { events, done: false };
      },
      exit(exitCode, stderr) {
        if (exitCode === 0 && lastError === '') return undefined;
        const text = [lastError, stderr].filter(Boolean).join('\n');
        return classifyBridgeFailure(CODEX_CLI_DIALECT, text, { patterns: PATTERNS, exitCode });
      },
    };
  },
};
