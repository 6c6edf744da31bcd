import type { CliBridgeMethod, ProviderId } from '../ids.js';

/** Who a CLI bridge is: the vendor CLI, how to find, install and sign it in. */
export interface CliBridgeTool {
  method: CliBridgeMethod;
  provider: ProviderId;
  /** Product name for messages: `Claude Code`, `Gemini CLI`, `Codex CLI`. */
  name: string;
  /** Environment variable that overrides the command (a path or a name on PATH). */
  commandVariable: string;
  defaultCommand: string;
  /** How to install it. */
  installHint: string;
  /** The exact command that signs the CLI in. */
  loginCommand: string;
  /** The provider guide with setup and troubleshooting for this bridge. */
  guide: string;
  /**
   * Variables removed from the CLI's environment: API keys it would otherwise bill instead of
   * the subscription, and switches that select another backend.
   */
  strippedVariables: readonly string[];
}

/** The three CLI bridges (DESIGN §4): each vendor's own CLI, the path that vendor permits. */
export const CLI_BRIDGE_TOOLS: Readonly<Record<CliBridgeMethod, CliBridgeTool>> = {
  'claude-code': {
    method: 'claude-code',
    provider: 'anthropic',
    name: 'Claude Code',
    commandVariable: 'SWITCHBOARD_CLAUDE_COMMAND',
    defaultCommand: 'claude',
    installHint: 'npm install -g @anthropic-ai/claude-code',
    // `claude auth login`: "Sign in to your Anthropic account" (`claude auth --help`, 2.1.332).
    loginCommand: 'claude auth login',
    guide: 'docs/providers/anthropic.md',
    // With a key in its environment `claude` bills that key instead of the subscription; a base
    // URL would send it elsewhere (e.g. back to Switchboard's own gateway under `sb run`).
    strippedVariables: ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_API_KEY', 'ANTHROPIC_BASE_URL'],
  },
  'gemini-cli': {
    method: 'gemini-cli',
    provider: 'google',
    name: 'Gemini CLI',
    commandVariable: 'SWITCHBOARD_GEMINI_COMMAND',
    defaultCommand: 'gemini',
    installHint: 'npm install -g @google/gemini-cli',
    // Gemini CLI has no login subcommand (0.61.0): its first interactive run offers "Sign in with Google".
    loginCommand: 'gemini',
    guide: 'docs/providers/google.md',
    // An API key or the Vertex switch in the environment selects a billed backend when the
    // user's settings name no auth type (validateNonInterActiveAuth.ts: configured type, else
    // getAuthTypeFromEnv). GEMINI_SANDBOX would re-launch it in a container with the piped prompt
    // moved into argv (`injectStdinIntoArgs` in packages/cli/src/gemini.tsx).
    strippedVariables: [
      'GEMINI_API_KEY',
      'GOOGLE_API_KEY',
      'GOOGLE_GENERATIVE_AI_API_KEY',
      'GOOGLE_GENAI_USE_VERTEXAI',
      'GOOGLE_GEMINI_BASE_URL',
      'GEMINI_SANDBOX',
    ],
  },
  'codex-cli': {
    method: 'codex-cli',
    provider: 'openai',
    name: 'Codex CLI',
    commandVariable: 'SWITCHBOARD_CODEX_COMMAND',
    defaultCommand: 'codex',
    installHint: 'npm install -g @openai/codex',
    // `codex login` (browser) or `codex login --device-auth` (`codex login --help`, 0.171.0).
    loginCommand: 'codex login',
    guide: 'docs/providers/openai.md',
    // Codex reads these as an API key (codex-rs/login: OPENAI_API_KEY, CODEX_API_KEY), which
    // would bill the API instead of the ChatGPT plan.
    strippedVariables: ['OPENAI_API_KEY', 'CODEX_API_KEY', 'OPENAI_BASE_URL'],
  },
};

/** The command a bridge runs: its override variable from the environment, else its default name. */
export function bridgeCommandOf(
  tool: Pick<CliBridgeTool, 'commandVariable' | 'defaultCommand'>,
  environment: Readonly<Record<string, string | undefined>> | undefined,
): string {
  return environment?.[tool.commandVariable] || tool.defaultCommand;
}

/** The child's environment: the caller's, minus the API keys and backend switches the tool names. */
export function bridgeEnvironment(
  tool: Pick<CliBridgeTool, 'strippedVariables'>,
  environment: Readonly<Record<string, string | undefined>> | undefined,
): Record<string, string> {
  const stripped = new Set(tool.strippedVariables);
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment ?? {})) {
    if (value !== undefined && !stripped.has(name)) result[name] = value;
  }
  return result;
}
