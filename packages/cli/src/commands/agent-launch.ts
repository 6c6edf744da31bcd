/** The agents `sb run` knows how to point at the gateway; anything else gets every base URL. */
export type AgentKind = 'claude' | 'codex' | 'opencode' | 'other';

/** Environment variable the gateway token travels in for Codex and opencode (never argv). */
export const GATEWAY_TOKEN_VARIABLE = 'SWITCHBOARD_GATEWAY_TOKEN';
/** The provider id `sb run` registers in Codex and opencode. */
export const AGENT_PROVIDER_ID = 'switchboard';

/** What a launch needs to know about the gateway. */
export interface AgentGateway {
  /** `http://127.0.0.1:PORT` */
  url: string;
  token: string;
  /** The model to use (catalog id), when the person chose one. */
  model: string | undefined;
  /** Catalog models to offer where an agent needs a list (opencode). */
  models: readonly { id: string; name: string }[];
}

/** The program, arguments and environment changes that run one agent on the gateway. */
export interface AgentLaunch {
  kind: AgentKind;
  args: string[];
  /** Variables to set (the token among them). */
  set: Record<string, string>;
  /** Variables to remove: credentials that would be sent instead of the gateway's token. */
  unset: string[];
}

/** Which agent a command runs, by the program's file name. */
export function agentKind(program: string): AgentKind {
  // Either separator: a Windows path names the agent as well.
  const name = (program.split(/[\\/]/).at(-1) ?? program).toLowerCase().replace(/\.(exe|cmd|bat|ps1|js|cjs|mjs)$/, '');
  if (name === 'claude' || name === 'claude-code') return 'claude';
  if (name === 'codex') return 'codex';
  if (name === 'opencode') return 'opencode';
  return 'other';
}

/** TOML basic string (Codex parses `-c` values as TOML). */
function tomlString(value: string): string {
  return JSON.stringify(value);
}

/**
 * Claude Code: `ANTHROPIC_BASE_URL` and `ANTHROPIC_AUTH_TOKEN` (sent as a bearer token, and
 * unlike `ANTHROPIC_API_KEY` it needs no interactive approval). With a model, every model slot
 * Claude Code fills on its own (the small/fast one for titles and summaries, subagents) uses it
 * too, so a run on GPT or Gemini needs no Anthropic login at all.
 */
function claudeLaunch(args: readonly string[], gateway: AgentGateway): AgentLaunch {
  const set: Record<string, string> = { ANTHROPIC_BASE_URL: gateway.url, ANTHROPIC_AUTH_TOKEN: gateway.token };
  if (gateway.model !== undefined) {
    for (const name of [
      'ANTHROPIC_MODEL',
      'ANTHROPIC_SMALL_FAST_MODEL',
      'ANTHROPIC_DEFAULT_HAIKU_MODEL',
      'ANTHROPIC_DEFAULT_SONNET_MODEL',
      'ANTHROPIC_DEFAULT_OPUS_MODEL',
      'ANTHROPIC_DEFAULT_FABLE_MODEL',
      'CLAUDE_CODE_SUBAGENT_MODEL',
    ])
      set[name] = gateway.model;
  }
  return { kind: 'claude', args: [...args], set, unset: ['ANTHROPIC_API_KEY'] };
}

/**
 * Codex: a custom model provider given as `-c` overrides before the arguments (they apply to
 * every subcommand): the gateway's Responses endpoint, its token read from
 * {@link GATEWAY_TOKEN_VARIABLE} (`env_key`), and `-m` with the model.
 */
function codexLaunch(args: readonly string[], gateway: AgentGateway): AgentLaunch {
  const provider = `model_providers.${AGENT_PROVIDER_ID}`;
  const overrides = [
    `${provider}.name=${tomlString('Switchboard')}`,
    `${provider}.base_url=${tomlString(`${gateway.url}/v1`)}`,
    `${provider}.wire_api=${tomlString('responses')}`,
    `${provider}.env_key=${tomlString(GATEWAY_TOKEN_VARIABLE)}`,
    `model_provider=${tomlString(AGENT_PROVIDER_ID)}`,
  ].flatMap((override) => ['-c', override]);
  const model = gateway.model === undefined ? [] : ['-m', gateway.model];
  return {
    kind: 'codex',
    args: [...overrides, ...model, ...args],
    set: { [GATEWAY_TOKEN_VARIABLE]: gateway.token },
    unset: [],
  };
}

/**
 * opencode: a provider in `OPENCODE_CONFIG_CONTENT` (merged over the person's own config) that
 * speaks OpenAI chat completions to the gateway, its key read from {@link GATEWAY_TOKEN_VARIABLE}
 * (opencode's `{env:…}`), offering the catalog's models; the chosen model becomes the default.
 */
function opencodeLaunch(args: readonly string[], gateway: AgentGateway): AgentLaunch {
  const models = Object.fromEntries(gateway.models.map((model) => [model.id, { name: model.name }]));
  if (gateway.model !== undefined && !(gateway.model in models)) models[gateway.model] = { name: gateway.model };
  const config = {
    $schema: 'https://opencode.ai/config.json',
    provider: {
      [AGENT_PROVIDER_ID]: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Switchboard',
        options: { baseURL: `${gateway.url}/v1`, apiKey: `{env:${GATEWAY_TOKEN_VARIABLE}}` },
        models,
      },
    },
    ...(gateway.model === undefined ? {} : { model: `${AGENT_PROVIDER_ID}/${gateway.model}` }),
  };
  return {
    kind: 'opencode',
    args: [...args],
    set: { [GATEWAY_TOKEN_VARIABLE]: gateway.token, OPENCODE_CONFIG_CONTENT: JSON.stringify(config) },
    unset: [],
  };
}

/** Any other program: both APIs' conventional variables. */
function otherLaunch(args: readonly string[], gateway: AgentGateway): AgentLaunch {
  return {
    kind: 'other',
    args: [...args],
    set: {
      OPENAI_BASE_URL: `${gateway.url}/v1`,
      OPENAI_API_KEY: gateway.token,
      ANTHROPIC_BASE_URL: gateway.url,
      ANTHROPIC_API_KEY: gateway.token,
      [GATEWAY_TOKEN_VARIABLE]: gateway.token,
      ...(gateway.model === undefined ? {} : { SWITCHBOARD_MODEL: gateway.model, ANTHROPIC_MODEL: gateway.model }),
    },
    unset: ['ANTHROPIC_AUTH_TOKEN'],
  };
}

/** How to run `program args…` on the gateway. The token is only ever in `set`, never in `args`. */
export function agentLaunch(program: string, args: readonly string[], gateway: AgentGateway): AgentLaunch {
  switch (agentKind(program)) {
    case 'claude':
      return claudeLaunch(args, gateway);
    case 'codex':
      return codexLaunch(args, gateway);
    case 'opencode':
      return opencodeLaunch(args, gateway);
    case 'other':
      return otherLaunch(args, gateway);
  }
}
