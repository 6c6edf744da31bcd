import type { AuthMethod, ProviderId } from '../ids.js';

/**
 * How a route talks to its upstream: the wire protocol and endpoint family an adapter speaks.
 * One transport may serve several auth methods (the anthropic Messages API takes an API key or
 * an organisation's OAuth Bearer token), but never several providers.
 */
export const TRANSPORTS = [
  /** api.openai.com `/v1/responses` with an API key. */
  'openai-responses',
  /** api.openai.com `/v1/chat/completions` with an API key. */
  'openai-chat',
  /** ChatGPT sign-in: the Codex backend (`chatgpt.com/backend-api/codex/responses`). */
  'codex-responses',
  /** api.anthropic.com `/v1/messages` (x-api-key, or Bearer for an organisation's OAuth client). */
  'anthropic-messages',
  /** The user's own `claude` CLI (`-p --output-format stream-json`). */
  'claude-code-cli',
  /** The user's own `gemini` CLI in headless mode (`--output-format stream-json`). */
  'gemini-cli',
  /** The user's own `codex` CLI (`codex exec --json`). */
  'codex-cli',
  /** generativelanguage.googleapis.com with an API key, or a sign-in through the user's own OAuth client. */
  'gemini',
  /** api.mistral.ai chat completions. */
  'mistral-chat',
  /** Azure OpenAI deployments (Entra ID token or key). */
  'azure-openai',
  /** Claude models on Vertex AI (publishers/anthropic). */
  'vertex-anthropic',
  /** Gemini models on Vertex AI (publishers/google). */
  'vertex-gemini',
  /** Amazon Bedrock Converse API with AWS credentials (SigV4) or a Bedrock API key. */
  'bedrock-converse',
  /** Any OpenAI-compatible `/chat/completions` endpoint the user configures (Ollama, OpenRouter, …). */
  'openai-compatible',
] as const;

/** A route's wire protocol; see {@link TRANSPORTS}. */
export type Transport = (typeof TRANSPORTS)[number];

/** Which provider a transport belongs to and which auth methods it can carry. */
export interface TransportRequirement {
  /** The one built-in provider that serves this transport; `endpoint` for user-defined endpoints. */
  provider: ProviderId | 'endpoint';
  /** Methods a route on this transport may list. */
  methods: readonly AuthMethod[];
}

/**
 * The explicit transport → (provider, methods) table. The catalog's tests check every built-in
 * route against it and custom models are validated with it, so a route can never pair, say,
 * a Claude Code bridge with an API key.
 */
export const TRANSPORT_REQUIREMENTS: Readonly<Record<Transport, TransportRequirement>> = {
  'openai-responses': { provider: 'openai', methods: ['api-key'] },
  'openai-chat': { provider: 'openai', methods: ['api-key'] },
  'codex-responses': { provider: 'openai', methods: ['oauth'] },
  'anthropic-messages': { provider: 'anthropic', methods: ['api-key', 'oauth'] },
  'claude-code-cli': { provider: 'anthropic', methods: ['claude-code'] },
  'gemini-cli': { provider: 'google', methods: ['gemini-cli'] },
  'codex-cli': { provider: 'openai', methods: ['codex-cli'] },
  gemini: { provider: 'google', methods: ['api-key', 'oauth'] },
  'mistral-chat': { provider: 'mistral', methods: ['api-key'] },
  'azure-openai': { provider: 'azure', methods: ['client-credentials', 'api-key'] },
  'vertex-anthropic': { provider: 'vertex', methods: ['service-account', 'adc'] },
  'vertex-gemini': { provider: 'vertex', methods: ['service-account', 'adc'] },
  'bedrock-converse': { provider: 'bedrock', methods: ['aws', 'api-key'] },
  // Endpoint routes list `api-key` when the endpoint names a key variable, nothing otherwise.
  'openai-compatible': { provider: 'endpoint', methods: ['api-key'] },
};

/** True when `value` is a {@link Transport}. */
export function isTransport(value: string): value is Transport {
  return (TRANSPORTS as readonly string[]).includes(value);
}
