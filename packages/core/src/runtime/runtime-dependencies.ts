import type { Catalog } from '../catalog/create-catalog.js';
import type { CatalogModel } from '../catalog/model-schema.js';
import type { Environment } from '../config/environment.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import type { SwitchboardError } from '../errors.js';
import type { AdapterCallContext, ChatRequest, ProviderRuntime, RouteTarget } from '../providers/types.js';
import type { BudgetGuard, BudgetStatus } from './check-budget.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { CredentialContext, CredentialSource } from './credential-source.js';
import type { CredentialListing, RouteCandidate } from './plan-routes.js';
import type { RoutePlanner } from './route-planner.js';
import type { UsageEntry } from './usage-entry.js';
import type { RouteEvent } from './route-event.js';
import type { AgentSession } from './agent-session.js';
import type { SessionUsage } from './agent-limits.js';
import type { RouteSlots } from './route-slots.js';
import type { SessionExhaustion } from './session-exhaustion.js';
import type { LoginAdviceStyle } from './model-login-required.js';
import type { PriorFailure } from './prior-failure.js';

/** A chat request as the runtime takes it: whom it is for, besides what it asks. */
export interface RuntimeRequest extends ChatRequest {
  /** Selects request / user / workspace credentials (the server); the CLI leaves it out. */
  credentialContext?: CredentialContext;
  /** The agent session the request belongs to: its usage is attributed to it. */
  agentSession?: AgentSession;
}

/** Something the runtime wants a person to know without failing the request. */
export type RuntimeWarning =
  | { type: 'budget'; status: BudgetStatus; message: string }
  | { type: 'fallback-model'; model: string; message: string }
  | { type: 'usage-log'; message: string }
  /** A subscription session's plan window ran out; said once, when it happens. */
  | { type: 'session-exhausted'; provider: string; session: string | undefined; until: number; message: string };

/** The dependencies {@link serveWithFallback} works with (catalog, credential sources, adapters, breakers, clock…); built once by `createRuntime`. */
export interface RuntimeDependencies {
  catalog: Catalog;
  /** The configuration as it is now: read at the start of every request, never frozen. */
  currentConfig(): SwitchboardConfig | Promise<SwitchboardConfig>;
  sources: readonly CredentialSource[];
  /** What every credential level can serve for `context` (see `createCredentialListing`). */
  listCredentials(context: CredentialContext): Promise<readonly CredentialListing[]>;
  /**
   * These dependencies with the configuration a request is planned from: the same object for
   * the same configuration (one per change of it, not one per request).
   */
  contextFor(config: SwitchboardConfig): RequestContext;
  environment: Environment;
  /** Remembers route plans between requests (else every request plans anew). */
  planner?: RoutePlanner;
  /** The fetch for requests on `target` (it records the plan windows the answer reports for its session). */
  fetchFor(target: RouteTarget): typeof fetch;
  now: () => number;
  sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  /** @throws SwitchboardError `INVALID_CONFIG` when no adapter speaks the route's transport. */
  adapterFor(target: RouteTarget): ProviderRuntime;
  breakerFor(target: RouteTarget): CircuitBreaker;
  budgets: BudgetGuard | undefined;
  maxRetryAfterWaitMs: number;
  warn(warning: RuntimeWarning): void;
  /** Reports fallbacks and failed CLI bridges (for the event log); never fails a request. */
  routeEvent(event: RouteEvent): void;
  /**
   * An agent session's token and cost limits (its command-line ones over `[agents]`) and the
   * stored sessions it was given to be served by (`sb run --login`).
   */
  agentLimits(
    session: AgentSession,
    configured: SwitchboardConfig['agents'],
  ): { maxTokens?: number | undefined; maxCostUsd?: number | undefined; sessions?: string[] | undefined };
  /** What an agent session has used so far, for `[agents]` budgets (from the usage log). */
  sessionUsage(session: AgentSession): Promise<SessionUsage>;
  /** Slots of subscription routes shared by every process, for `agents.subscription_concurrency`. */
  routeSlots: RouteSlots | undefined;
  /** Subscription sessions whose plan window is used up: skipped until their reset. */
  exhaustion: SessionExhaustion;
  /** How a login-required failure tells its reader to get a credential. */
  loginAdvice: LoginAdviceStyle;
  /** Where requests are made from, for `[projects."<dir>"]` session lists. */
  projectDirectory: string | undefined;
  /** Appends to the usage log in the background (see `Runtime.flush`); never fails a request. */
  recordUsage(entry: UsageEntry): void;
}

/** The dependencies with the configuration one request is planned from. */
export type RequestContext = RuntimeDependencies & { config: SwitchboardConfig };

/** One attempt on one route, as the caller of {@link serveWithFallback} opens it. */
export interface RouteCall {
  model: CatalogModel;
  candidate: RouteCandidate;
  /** The member the request is for (its credential context's user), when there is one. */
  userId?: string;
  adapter: ProviderRuntime;
  breaker: CircuitBreaker;
  context: AdapterCallContext;
  /** The request for this attempt: its model is the catalog id served, its signal the attempt's. */
  request: ChatRequest;
  /** The agent session the usage line names. */
  agentSession?: AgentSession;
  /** Aborts this attempt (deadline, idle timeout, the consumer leaving); the caller's abort reaches it too. */
  controller: AbortController;
  /**
   * Stops listening to the caller's signal. Called once the answer is over (complete, failed or
   * abandoned): the attempt's signal is a plain one linked by a listener, not an
   * `AbortSignal.any`, which Node keeps alive for as long as it has listeners.
   */
  release(): void;
}

/** Options of {@link serveWithFallback}. */
export interface ServeOptions<T> {
  request: RuntimeRequest;
  /** Epoch ms after which no attempt starts and none keeps waiting: timeouts never stack. */
  deadline: number;
  /** Longest one attempt may wait for `open` (first byte for streams), within the deadline. */
  attemptTimeoutMs: number;
  /** Starts the upstream call; resolves once output exists (or the answer is complete). */
  open(call: RouteCall): Promise<T>;
  /**
   * A first attempt made before this call (see `ForwardRequest.priorFailure`): its failure is
   * the first attempt of its route, taken once, while the route's credential is the one it used.
   */
  prior?: { failure: PriorFailure; taken: boolean };
}

/** A route that did not serve, and why. */
export interface FailedAttempt {
  target: RouteTarget;
  error: SwitchboardError;
  /** Whether a request reached the upstream (usage is recorded for those). */
  reachedUpstream: boolean;
}
