import type { JSONSchema7, ModelMessage } from 'ai';
import type { AuthMethod, ProviderId } from '../ids.js';
import type { ProviderProfile } from '../catalog/provider-profiles.js';
import type { ResolvedCredential } from '../auth/types.js';
import type { SwitchboardError } from '../errors.js';

/** A tool the model may call. Tools never execute inside Switchboard: calls pass through. */
export interface ToolDefinition {
  description?: string;
  /** JSON Schema of the arguments. */
  inputSchema: JSONSchema7;
}

/** A provider-neutral chat request (messages in the AI SDK's ModelMessage shape). */
export interface ChatRequest {
  /** Catalog model id. */
  model: string;
  messages: ModelMessage[];
  system?: string;
  tools?: Record<string, ToolDefinition>;
  toolChoice?: 'auto' | 'none' | 'required' | { type: 'tool'; toolName: string };
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  signal?: AbortSignal;
}

/** Token counts of one request. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cachedInputTokens?: number;
  reasoningTokens?: number;
}

/** Why a generation stopped. */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/** The concrete way one request is served. */
export interface RouteTarget {
  /** Catalog model id. */
  model: string;
  provider: ProviderId;
  method: AuthMethod;
  /** Id sent upstream (deployment name for Azure). */
  upstreamId: string;
  /** Wire protocol, e.g. 'openai-responses', 'anthropic-messages', 'claude-code-cli'. */
  transport: string;
  /** For 'openai-compatible' routes: the endpoint's base URL. */
  apiBase?: string;
}

/** Events of a streamed generation, provider-neutral. */
export type StreamEvent =
  | { type: 'start'; route: RouteTarget }
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  | { type: 'tool-call'; toolCallId: string; toolName: string; input: string }
  | { type: 'finish'; finishReason: FinishReason; usage: Usage }
  /** Always the last event of a failed stream: never a silent clean end. */
  | { type: 'error'; error: SwitchboardError };

/** A finished, non-streamed generation. */
export interface GenerateResult {
  route: RouteTarget;
  text: string;
  reasoning?: string;
  toolCalls: { toolCallId: string; toolName: string; input: string }[];
  finishReason: FinishReason;
  usage: Usage;
}

/** What an adapter call needs besides the request. */
export interface AdapterCallContext {
  route: RouteTarget;
  profile: ProviderProfile;
  /** Resolved just before each upstream request, so a token is never stale. */
  credential: ResolvedCredential;
  fetch: typeof fetch;
  /** Environment (e.g. the `claude` command path for claude-code). */
  environment?: Readonly<Record<string, string | undefined>>;
}

/** Health of one provider. */
export type ProviderHealthStatus = 'ready' | 'degraded' | 'down' | 'unconfigured';

/**
 * The contract every provider adapter implements (issue 3, item 2).
 */
export interface ProviderRuntime {
  readonly id: ProviderId;
  /** Transports this adapter can serve. */
  readonly transports: readonly string[];
  readonly capabilities: { tools: boolean; streaming: boolean; reasoning: boolean };
  /** Upstream model ids this provider offers (from the catalog; live listing where cheap). */
  listModels(context: Omit<AdapterCallContext, 'route'>): Promise<string[]>;
  generate(request: ChatRequest, context: AdapterCallContext): Promise<GenerateResult>;
  /** Streams events; a failure after the first event ends with an `error` event. */
  streamGenerate(request: ChatRequest, context: AdapterCallContext): AsyncIterable<StreamEvent>;
  /** Cheap check that a credential works (e.g. list models); never throws for a bad key. */
  validateCredential(context: Omit<AdapterCallContext, 'route'>): Promise<{ valid: boolean; error?: SwitchboardError }>;
  /** Maps any error of this provider (AI SDK APICallError, fetch errors, CLI exits) to a SwitchboardError. */
  normalizeError(error: unknown, route?: RouteTarget): SwitchboardError;
}
