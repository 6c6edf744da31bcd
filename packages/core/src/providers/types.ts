import type { JSONSchema7, ModelMessage } from 'ai';
import type { AuthMethod, ProviderId } from '../ids.js';
import type { ProviderProfile } from '../catalog/provider-profiles.js';
import type { ResolvedCredential } from '../auth/types.js';
import type { SwitchboardError } from '../errors.js';
import type { ForwardTarget, WireFormat } from './forward-target.js';

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
  /** Ask for JSON — matching `schema` when given — through the provider's structured-output mode. */
  responseFormat?: ResponseFormat;
  signal?: AbortSignal;
}

/** A request for structured output: JSON, and the JSON Schema it must match. */
export interface ResponseFormat {
  type: 'json';
  /** A JSON Schema (an object at the top); without it, any JSON. */
  schema?: Record<string, unknown>;
  /** What the output is, for providers that take a name and description (OpenAI's `json_schema`). */
  name?: string;
  description?: string;
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

/** A user-defined OpenAI-compatible endpoint, named like the catalog names it: `endpoint:ollama`. */
export type EndpointRouteProvider = `endpoint:${string}`;

/** The concrete way one request is served. */
export interface RouteTarget {
  /** Catalog model id. */
  model: string;
  /** A built-in provider, or `endpoint:<id>` for an `openai-compatible` route. */
  provider: ProviderId | EndpointRouteProvider;
  method: AuthMethod;
  /** Id sent upstream (deployment name for Azure). */
  upstreamId: string;
  /** Wire protocol, e.g. 'openai-responses', 'anthropic-messages', 'claude-code-cli'. */
  transport: string;
  /** For 'openai-compatible' routes: the endpoint's base URL. */
  apiBase?: string;
  /** The stored session that serves it (`work` of `openai/work`), when the planner chose one. */
  session?: string;
}

/**
 * Events of a streamed generation, provider-neutral.
 *
 * `start` is yielded together with the first piece of upstream output (text, reasoning, a tool
 * call, or an empty answer's `finish`), never before: once a consumer has seen `start`, output
 * may have been shown to someone and the request must not silently be replayed elsewhere.
 */
export type StreamEvent =
  /** `level`: the credential level serving it (`user`, `workspace`, `session`…), when the runtime knows it. */
  | { type: 'start'; route: RouteTarget; level?: string }
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  | { type: 'tool-call'; toolCallId: string; toolName: string; input: string }
  | { type: 'finish'; finishReason: FinishReason; usage: Usage }
  /**
   * Always the last event of a stream that failed after `start` (cut connection, in-band
   * upstream error, abort): never a silent clean end. Partial deltas before it stay valid.
   */
  | { type: 'error'; error: SwitchboardError };

/** A finished, non-streamed generation. */
export interface GenerateResult {
  route: RouteTarget;
  text: string;
  reasoning?: string;
  toolCalls: { toolCallId: string; toolName: string; input: string }[];
  finishReason: FinishReason;
  usage: Usage;
  /** The credential level that served it (`user`, `workspace`, …), when the runtime knows it. */
  level?: string;
}

/** What an adapter call needs besides the request. */
export interface AdapterCallContext {
  route: RouteTarget;
  profile: ProviderProfile;
  /**
   * Resolved just before each upstream request, so a token is never stale. `null` only for
   * routes that need no credential (an `openai-compatible` endpoint without a key).
   */
  credential: ResolvedCredential | null;
  fetch: typeof fetch;
  /** Environment (e.g. the `claude` command path for claude-code). */
  environment?: Readonly<Record<string, string | undefined>>;
}

/** Health of one provider. */
export type ProviderHealthStatus = 'ready' | 'degraded' | 'down' | 'unconfigured';

/** Who a {@link ProviderRuntime} serves: a built-in provider, or every OpenAI-compatible endpoint. */
export type ProviderRuntimeId = ProviderId | 'openai-compatible';

/**
 * The contract every provider adapter implements.
 */
export interface ProviderRuntime {
  readonly id: ProviderRuntimeId;
  /** Transports this adapter can serve. */
  readonly transports: readonly string[];
  readonly capabilities: { tools: boolean; streaming: boolean; reasoning: boolean };
  /** Upstream model ids this provider offers (from the catalog; live listing where cheap). */
  listModels(context: Omit<AdapterCallContext, 'route'>): Promise<string[]>;
  /** One complete answer; rejects with a {@link SwitchboardError} (never a raw SDK error). */
  generate(request: ChatRequest, context: AdapterCallContext): Promise<GenerateResult>;
  /**
   * Streams one generation. The two ways it can fail are deliberately distinct:
   *
   * - **Before the first byte** (HTTP error status, refused connection, a cut or abort before
   *   any output): iterating throws a {@link SwitchboardError} and yields nothing at all. No
   *   output was seen, so the runtime may retry, refresh on `AUTH_FAILED`, or fall back to
   *   another route when `isRetryable`.
   * - **After the first byte** (after `start`): the iterator never throws; the stream ends with
   *   exactly one `error` event after the partial deltas, and the runtime must not fall back.
   *
   * A successful stream ends with `finish`. Aborting `request.signal` (or leaving the loop
   * early) cancels the upstream request or child process; the failure is `CANCELLED`, or
   * `TIMEOUT` when the signal's reason is a `TimeoutError` (e.g. `AbortSignal.timeout`).
   */
  streamGenerate(request: ChatRequest, context: AdapterCallContext): AsyncIterable<StreamEvent>;
  /** Cheap check that a credential works (e.g. list models); never throws for a bad key. */
  validateCredential(context: Omit<AdapterCallContext, 'route'>): Promise<{ valid: boolean; error?: SwitchboardError }>;
  /** Maps any error of this provider (AI SDK APICallError, fetch errors, CLI exits) to a SwitchboardError. */
  normalizeError(error: unknown, route?: RouteTarget): SwitchboardError;
  /**
   * Where the route takes a request already in `wire` format as it is (only the model id
   * changes), or `undefined` when its transport is another wire format or its credential cannot
   * be sent that way; then the runtime uses `generate` / `streamGenerate`. Optional.
   */
  forwardTarget?(wire: WireFormat, context: AdapterCallContext): ForwardTarget | undefined;
}
