import { SwitchboardError } from './errors.js';

/** Built-in provider ids (DESIGN §1). */
export const PROVIDER_IDS = ['openai', 'anthropic', 'google', 'mistral', 'azure', 'vertex', 'bedrock'] as const;
/** A built-in provider id. */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** How a session authenticates (DESIGN §1). */
export const AUTH_METHODS = [
  'api-key',
  'oauth',
  'claude-code',
  'gemini-cli',
  'codex-cli',
  'client-credentials',
  'service-account',
  'adc',
  'aws',
] as const;
/** An authentication method. */
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** The CLI bridges: the user's own installed, signed-in vendor CLI runs the request (DESIGN §4). */
export const CLI_BRIDGE_METHODS = ['claude-code', 'gemini-cli', 'codex-cli'] as const;
/** A CLI bridge method. */
export type CliBridgeMethod = (typeof CLI_BRIDGE_METHODS)[number];

/** True when `method` is a CLI bridge (no token of ours: the vendor's CLI holds the login). */
export function isCliBridgeMethod(method: string | null | undefined): method is CliBridgeMethod {
  return (CLI_BRIDGE_METHODS as readonly (string | null | undefined)[]).includes(method);
}

/** Aliases accepted everywhere a provider is named. */
export const PROVIDER_ALIASES: Readonly<Record<string, ProviderId>> = {
  chatgpt: 'openai',
  codex: 'openai',
  claude: 'anthropic',
  gemini: 'google',
  'azure-openai': 'azure',
  'google-vertex': 'vertex',
  aws: 'bedrock',
};

/** True when `value` is a built-in provider id. */
export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

/**
 * Resolves a provider name or alias (`chatgpt`, `claude`, `gemini`, …) to its id.
 * @throws SwitchboardError `UNKNOWN_PROVIDER` listing the valid names.
 */
export function resolveProviderId(name: string): ProviderId {
  const key = name.trim().toLowerCase();
  if (isProviderId(key)) return key;
  const alias = PROVIDER_ALIASES[key];
  if (alias) return alias;
  throw new SwitchboardError(
    'UNKNOWN_PROVIDER',
    `Unknown provider "${name}". Valid providers: ${[...PROVIDER_IDS, ...Object.keys(PROVIDER_ALIASES)].join(', ')}.`,
  );
}
