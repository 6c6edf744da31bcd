/**
 * The upstreams one fake server hosts, each under its own path prefix. These are wire
 * dialects, not Switchboard provider ids: `codex` (ChatGPT sign-in) and `codeassist` (Google
 * sign-in) are separate upstreams of the openai and google providers.
 */
export const UPSTREAM_PROVIDERS = [
  'openai',
  'codex',
  'anthropic',
  'gemini',
  'codeassist',
  'mistral',
  'azure',
  'vertex',
  'bedrock',
] as const;
export type UpstreamProvider = (typeof UPSTREAM_PROVIDERS)[number];

/** The wire format an exchange was spoken in. */
export type UpstreamProtocol =
  | 'openai-chat'
  | 'openai-responses'
  | 'anthropic-messages'
  | 'anthropic-count-tokens'
  | 'gemini'
  | 'mistral-chat'
  | 'bedrock-converse'
  | 'models'
  | 'codeassist-setup'
  | 'codex-usage';

/** Token counts a fake answer reports (mapped to each provider's own usage fields). */
export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What the next request of a provider gets. */
export type UpstreamBehavior =
  /** A normal answer. Without `text`/`chunks`: the deterministic echo (see `defaultAnswerText`). */
  | { kind: 'text'; text?: string; chunks?: string[]; usage?: Partial<FakeUsage> }
  /** One function/tool call with these arguments (streamed as argument deltas). */
  | { kind: 'tool-call'; name: string; arguments: Record<string, unknown>; usage?: Partial<FakeUsage> }
  /**
   * An HTTP error in the provider's real error body shape. `errorType` overrides the
   * provider-specific type/code (e.g. `insufficient_quota`, `overloaded_error`).
   * `retryAfterSeconds` sets `retry-after` (defaults to 1 on 429).
   */
  | { kind: 'error'; status: number; errorType?: string; message?: string; retryAfterSeconds?: number }
  /** Waits `delayMs` before the status line, then behaves as `then` (default: text). */
  | { kind: 'slow-first-byte'; delayMs: number; then?: UpstreamBehavior }
  /** Starts the answer, sends `afterChunks` content deltas, then destroys the socket. */
  | { kind: 'cut'; afterChunks: number; text?: string }
  /** Starts the answer, sends `afterChunks` content deltas, then the provider's in-band error event. */
  | { kind: 'stream-error'; afterChunks: number; errorType?: string; message?: string }
  /** Never answers (not even headers) until the client gives up or the server closes. */
  | { kind: 'hang' };

/** One request the fake received. Headers are lower-cased; `body` is parsed JSON when it was JSON. */
export interface RecordedRequest {
  provider: UpstreamProvider;
  protocol: UpstreamProtocol;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** The body as it came, before parsing (what a pass-through keeps byte for byte). */
  rawBody: string;
  /** Model (or deployment) the request addressed, from the URL or the body. */
  model: string;
  stream: boolean;
  /** The credential the fake extracted (API key, bearer token, or AWS access key id). */
  credential: string | undefined;
  /** Whether that credential was accepted. */
  authorized: boolean;
}

/** Accepted credentials for a provider: one value or several. */
export type CredentialExpectation = string | readonly string[] | ((credential: string) => boolean);

/** What the fake Gemini API accepts from a Google sign-in (an OAuth access token). */
export interface GeminiOAuthExpectation {
  /** Access tokens Google would accept (issued with a Gemini API scope). */
  tokens: CredentialExpectation;
  /**
   * Projects the signed-in user may bill (`x-goog-user-project`). The header is required: the
   * fake plays a token whose OAuth client's project does not serve the API for the user.
   */
  quotaProjects: readonly string[];
}

export interface FakeUpstreamOptions {
  /**
   * Credentials each provider accepts (API keys, bearer tokens; for bedrock the AWS access key
   * id or a Bedrock API key). A provider without an entry accepts any non-empty credential; a
   * request without any credential is always refused with the provider's real error.
   */
  expectedCredentials?: Partial<Record<UpstreamProvider, CredentialExpectation>>;
  /** `ChatGPT-Account-Id` the codex backend accepts (default: any non-empty value). */
  expectedChatGptAccountId?: string;
  /**
   * Plan usage the codex backend reports in its `x-codex-*` rate-limit headers and at
   * `GET /backend-api/wham/usage`. Default: a Plus plan at 12.5 % (5 h) and 40 % (week).
   */
  codexUsage?: FakeCodexUsage;
  /**
   * Region of the Bedrock host the fake plays when a client addresses it directly (default
   * us-east-1). Requests that name `bedrock-runtime.{region}.amazonaws.com` in
   * `x-forwarded-host` (see `createHostMappingFetch`) play that region instead.
   */
  bedrockRegion?: string;
  /** Secret access key per AWS access key id: signatures of these keys are recomputed and checked. */
  awsSecretAccessKeys?: Readonly<Record<string, string>>;
  /**
   * Google sign-in at the Gemini API: the access tokens it accepts and the projects their user
   * may name in `x-goog-user-project`. Without it, a Bearer token is refused for lacking a
   * Gemini API scope (as Google refuses a token of a client that did not ask for one).
   */
  geminiOAuth?: GeminiOAuthExpectation;
  /** Project id `loadCodeAssist` returns and Code Assist requests must name. */
  codeAssistProjectId?: string;
  /** Behaviour used when a provider's queue and the global queue are empty. */
  defaultBehavior?: UpstreamBehavior;
  /**
   * Decides a request's behaviour from what it asks, before the queues: for clients (coding
   * agents) whose side requests — titles, summaries — would take queued behaviours out of turn.
   * `undefined` falls through to the queues and defaults.
   */
  script?: (exchange: ScriptedExchange) => UpstreamBehavior | undefined;
  /** Delay between streamed content deltas (default 0: the whole stream is written at once). */
  chunkDelayMs?: number;
  /** Keep `requests` (default true; a long benchmark may turn it off). */
  recordRequests?: boolean;
  /** Model ids the list-models endpoints return, per provider. */
  models?: Partial<Record<UpstreamProvider, string[]>>;
}

/** What a {@link FakeUpstreamOptions.script} sees of a request. */
export interface ScriptedExchange {
  provider: UpstreamProvider;
  protocol: UpstreamProtocol;
  model: string;
  body: unknown;
}

/** Base URLs a client puts in its configuration to reach each fake. */
export interface FakeUpstreamBaseUrls {
  /** OpenAI API incl. `/v1` (official `openai` SDK and `@ai-sdk/openai` baseURL). */
  openai: string;
  /** Codex backend base: requests go to `${codex}/responses`. */
  codex: string;
  /** Anthropic API incl. `/v1` (`@ai-sdk/anthropic` baseURL). */
  anthropic: string;
  /** Anthropic API without `/v1` (`@anthropic-ai/sdk` baseURL). */
  anthropicSdk: string;
  /** Gemini API incl. `/v1beta` (`@ai-sdk/google` baseURL). */
  gemini: string;
  /** Code Assist endpoint root (Gemini CLI's CODE_ASSIST_ENDPOINT): `${codeAssist}/v1internal:…`. */
  codeAssist: string;
  /** Mistral API incl. `/v1`. */
  mistral: string;
  /** Azure OpenAI resource root, `…/openai` (deployment URLs live below it). */
  azure: string;
  /** Azure OpenAI v1 API, `…/openai/v1` (`@ai-sdk/azure` baseURL). */
  azureV1: string;
  /** Vertex AI root (`…/vertex`); full paths are `…/v1/projects/P/locations/L/publishers/…`. */
  vertex: string;
  /** Vertex Gemini publisher base (`@ai-sdk/google-vertex` baseURL). */
  vertexGoogle: string;
  /** Vertex Anthropic models base (`@ai-sdk/google-vertex/anthropic` baseURL). */
  vertexAnthropic: string;
  /** Bedrock runtime endpoint (`@ai-sdk/amazon-bedrock` baseURL). */
  bedrock: string;
}

/** Target of `enqueue` / `setDefaultBehavior`: one provider, or every provider. */
export type BehaviorTarget = UpstreamProvider | 'any';

export interface FakeUpstream {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly baseUrls: FakeUpstreamBaseUrls;
  /** Every request received since start or the last `reset()`. */
  readonly requests: readonly RecordedRequest[];
  /** Queues behaviours for the next requests of `target` (provider queues are used first). */
  enqueue(target: BehaviorTarget, ...behaviors: UpstreamBehavior[]): void;
  /** Sets the behaviour used when the queues are empty, for one provider or all. */
  setDefaultBehavior(target: BehaviorTarget, behavior: UpstreamBehavior | undefined): void;
  /** The last request a provider received. */
  lastRequest(provider?: UpstreamProvider): RecordedRequest | undefined;
  /** Clears recorded requests, queues and per-provider defaults. */
  reset(): void;
  /** Ends hung requests and open streams, then stops listening. */
  close(): Promise<void>;
}

/** One usage window the fake Codex backend reports. */
export interface FakeCodexWindow {
  usedPercent: number;
  windowMinutes: number;
  /** Seconds until the window resets. */
  resetAfterSeconds: number;
}

/** The plan usage the fake Codex backend reports, in headers and at its usage endpoint. */
export interface FakeCodexUsage {
  plan: string;
  primary: FakeCodexWindow;
  secondary: FakeCodexWindow;
}
