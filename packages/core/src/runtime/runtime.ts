import type { SendUpstream } from './upstream-sender.js';
import type { AuthManager } from '../auth/auth-manager-types.js';
import type { Catalog } from '../catalog/create-catalog.js';
import type { Environment } from '../config/environment.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import type { ProviderRegistry } from '../providers/create-provider-registry.js';
import type { GenerateResult, RouteTarget, StreamEvent } from '../providers/types.js';
import type { CircuitState } from './circuit-breaker.js';
import type { CredentialContext, CredentialSource } from './credential-source.js';
import type { ForwardLane, ForwardRequest, Forwarded } from './forward-types.js';
import type { WireFormat } from '../providers/forward-target.js';
import type { RouteCandidate } from './plan-routes.js';
import type { RuntimeRequest, RuntimeWarning } from './runtime-dependencies.js';
import type { UsageLog } from './usage-log.js';
import type { RouteEvent } from './route-event.js';
import type { QuotaLog } from './quota-log.js';
import type { LoginAdviceStyle } from './model-login-required.js';

/** Options of {@link createRuntime}. */
export interface CreateRuntimeOptions {
  catalog: Catalog;
  /** The provider adapters; only `forRoute` is used. */
  registry: Pick<ProviderRegistry, 'forRoute'>;
  config: SwitchboardConfig;
  /**
   * The configuration as it is now, read at the start of every request and by `resolveRoutes`
   * (routing.prefer, the active login, fallback): a switch or a login is followed by the next
   * request. Composition roots pass their home's `configOwner.latest`. Default: `config` as given.
   */
  currentConfig?: () => SwitchboardConfig | Promise<SwitchboardConfig>;
  /**
   * With `currentConfig`: the configuration `currentConfig` would answer now, or undefined while
   * it would still wait (a re-read under way) — `configOwner.settled`. The lanes of
   * {@link Runtime.lane} need it; without it (and with `currentConfig`) there are none.
   */
  settledConfig?: () => SwitchboardConfig | undefined;
  /** The AuthManager: the `session` credential level (unless `credentialSources` is given). */
  auth?: AuthManager;
  /**
   * Credential levels, in any order (precedence is fixed: request > user > workspace > session).
   * Default: the environment's API keys as the workspace level, then `auth`'s sessions.
   */
  credentialSources?: readonly CredentialSource[];
  fetch?: typeof fetch;
  /**
   * Sends same-wire pass-through requests over `node:http` and hands their answers through as
   * Node streams (`passthrough-node-stream`), where it serves the URL; `fetch` otherwise.
   */
  sendUpstream?: SendUpstream;
  /** Clock, epoch ms (circuit breakers, deadlines, usage times, budget months). */
  now?: () => number;
  /** Waits out a Retry-After; injectable so tests need not sleep. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  /** Where each request's provider, model, tokens and cost are appended; none when absent. */
  usageLog?: UsageLog;
  /** Where plan usage windows the providers report (Codex rate-limit headers) are kept; none when absent. */
  quotaLog?: QuotaLog;
  environment?: Environment;
  /** Longest wait for a route's first byte, within `routing.timeout_ms`. Default min(60 s, timeout). */
  firstByteTimeoutMs?: number;
  /** After the first byte: longest silence between two events before the stream ends in TIMEOUT. Default `routing.timeout_ms`. */
  idleTimeoutMs?: number;
  /** A Retry-After up to this long is waited out on the same route; longer ones fall back. Default 5 s. */
  maxRetryAfterWaitMs?: number;
  circuitBreaker?: { failureThreshold?: number; cooldownMs?: number };
  /** Budget warnings (from 80 %), skipped fallback models, usage-log write failures. */
  onWarning?: (warning: RuntimeWarning) => void;
  /** Fallbacks, failed CLI bridges and circuits opening or closing (the event log). */
  onRouteEvent?: (event: RouteEvent) => void;
  /**
   * Where subscription-route slots of agent sessions live, shared by every process of the home
   * (usually `$SWITCHBOARD_HOME/run/slots`); without it `agents.subscription_concurrency` is not applied.
   */
  slotsDirectory?: string;
  /** Where used-up subscription sessions are recorded for every process (`paths.exhaustedSessions`); in-process without it. */
  exhaustedSessionsPath?: string;
  /** How a login-required failure tells its reader to get a credential (default `cli`; the team server: `team`). */
  loginAdvice?: LoginAdviceStyle;
  /** The directory requests are made from, for `[projects."<dir>"]` session lists (the CLI's working directory). */
  projectDirectory?: string;
  /** Where `sb run` leaves a session's command-line limits (`paths.agentSessions`). */
  sessionsDirectory?: string;
}

/** The state of one route's circuit breaker. */
export interface RouteCircuit {
  route: Pick<RouteTarget, 'provider' | 'method' | 'transport' | 'upstreamId'>;
  state: CircuitState;
  retryInMs: number;
}

/** Serves chat requests on the right route: credentials, ordering, fallback, breakers, usage. */
export interface Runtime {
  /**
   * Streams one answer. A failure before the first byte falls back (next route, then fallback
   * models) and, when everything failed, is thrown from the iteration before any event. After
   * `start` nothing falls back: a failure ends the stream with one `error` event.
   */
  stream(request: RuntimeRequest): AsyncIterable<StreamEvent>;
  /** One complete answer, with the same routing and fallback. */
  generate(request: RuntimeRequest): Promise<GenerateResult>;
  /**
   * Serves a request that arrived in one API's wire format (a gateway's client). On a route
   * whose transport is that format (and whose credential goes in a header) the caller's body is
   * sent as it is but for the model id, and the upstream's answer comes back byte for byte
   * (`passthrough-*`), with no conversion on either side; any other route is served as by
   * `stream` / `generate`. Route order, fallback before the first byte, one forced refresh on a
   * 401, Retry-After, circuit breakers, budgets, deadlines and the usage line are the same as
   * for `stream`. Resolves once the answer has started (streams) or is complete.
   * @throws SwitchboardError as `stream` does before its first event.
   */
  forward(request: ForwardRequest): Promise<Forwarded>;
  /**
   * The lane of a same-wire pass-through (streamed or not) of `model` (catalog id) in `wire`:
   * the decision `forward` made for such a request a moment ago (route, credential, where it goes),
   * while nothing it was made from has changed — the configuration, the credentials available,
   * the route's session and circuit — and for at most a second. A request on it is served as
   * `forward` serves it without planning again; a failure before its first byte goes back to
   * `forward` as `priorFailure`. Undefined when there is none: use `forward`. Only requests
   * without a credential context, agent session, sub-path or budget get lanes.
   */
  lane(model: string, wire: WireFormat): ForwardLane | undefined;
  /**
   * The model's usable routes, best first (empty when nothing is logged in for it).
   * @throws SwitchboardError `UNKNOWN_MODEL` listing the closest ids.
   */
  resolveRoutes(model: string, context?: CredentialContext): Promise<RouteCandidate[]>;
  /**
   * Until when (epoch ms) a session is skipped because its plan ran out, as this runtime's own
   * requests see it: a limit it has just recorded counts at once; one another process recorded,
   * within about a second.
   */
  exhaustedUntil(target: Pick<RouteTarget, 'provider' | 'method' | 'session'>): number | undefined;
  /** Circuit breakers that have seen traffic. */
  circuits(): RouteCircuit[];
  /** Resolves once every usage-log line written so far is on disk, and closes the log file (a later request reopens it); call it before exiting. */
  flush(): Promise<void>;
}
