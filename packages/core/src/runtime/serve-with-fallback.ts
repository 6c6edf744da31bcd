import type { ResolvedCredential } from '../auth/types.js';
import type { Catalog } from '../catalog/create-catalog.js';
import type { CatalogModel } from '../catalog/model-schema.js';
import type { ProviderProfile } from '../catalog/provider-profiles.js';
import type { Environment } from '../config/environment.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import { SwitchboardError, type ErrorCode } from '../errors.js';
import { isCliBridgeMethod, isProviderId } from '../ids.js';
import type { AdapterCallContext, ChatRequest, ProviderRuntime, RouteTarget } from '../providers/types.js';
import { budgetExceededError, budgetWarningMessage, type BudgetGuard, type BudgetStatus } from './check-budget.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { CredentialContext, CredentialLevel, CredentialSource } from './credential-source.js';
import { modelLoginRequiredError } from './model-login-required.js';
import { listAvailableCredentials, planRoutes, routingPolicyOf, type RouteCandidate } from './plan-routes.js';
import { abortKindOfReason, timeoutReason } from '../internal/abort-reason.js';
import { raceAbort } from './race-abort.js';
import { resolveCredential } from './resolve-credential.js';
import type { UsageEntry } from './usage-entry.js';
import type { RouteEvent } from './route-event.js';
import type { AgentSession } from './agent-session.js';
import { acquireSubscriptionSlot, checkAgentBudget, type SessionUsage } from './agent-limits.js';
import type { RouteSlots } from './route-slots.js';
import { routeProviderName, type RouteProviderNames } from '../catalog/route-provider-name.js';
import type { SessionExhaustion } from './session-exhaustion.js';
import { exhaustedUntil, exhaustionNotice, planExhaustedError } from './describe-exhaustion.js';

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
  environment: Environment;
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
  /** Where requests are made from, for `[projects."<dir>"]` session lists. */
  projectDirectory: string | undefined;
  /** Appends to the usage log in the background (see `Runtime.flush`); never fails a request. */
  recordUsage(entry: UsageEntry): void;
}

/** The dependencies with the configuration one request is planned from. */
type RequestContext = RuntimeDependencies & { config: SwitchboardConfig };

/** One attempt on one route, as the caller of {@link serveWithFallback} opens it. */
export interface RouteCall {
  model: CatalogModel;
  candidate: RouteCandidate;
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
}

interface FailedAttempt {
  target: RouteTarget;
  error: SwitchboardError;
  /** Whether a request reached the upstream (usage is recorded for those). */
  reachedUpstream: boolean;
}

/**
 * Failures that concern one route, not the request: another route (another provider, another
 * credential) may well succeed. Request-shaped failures (a bad request, a context too long, a
 * cancellation) would fail everywhere and are returned at once.
 */
const ROUTE_SPECIFIC_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'AUTH_FAILED',
  'PERMISSION_DENIED',
  'SESSION_EXPIRED',
  'LOGIN_REQUIRED',
  'QUOTA_EXCEEDED',
  'BUDGET_EXCEEDED',
  'MODEL_NOT_FOUND',
  'UNSUPPORTED_METHOD',
  'INVALID_CONFIG',
]);

/** True when a failure before the first byte may move on to the next route. */
export function canFallBack(error: SwitchboardError): boolean {
  return error.isRetryable || ROUTE_SPECIFIC_CODES.has(error.code);
}

/**
 * Serves a request on the first route that produces output: the model's usable routes in
 * `routing.prefer` order, then the configured fallback models. Per route: an open circuit or an
 * exhausted budget skips it; a 401 on a refreshable session refreshes once and retries once; a
 * short Retry-After (within `maxRetryAfterWaitMs` and the deadline) is waited out once. Every
 * wait and attempt lives inside one deadline.
 * @throws SwitchboardError the last failure (naming the routes tried), `LOGIN_REQUIRED` when no
 * route is usable, `CANCELLED` when the caller aborts.
 */
export async function serveWithFallback<T>(
  dependencies: RuntimeDependencies,
  options: ServeOptions<T>,
): Promise<{ value: T; call: RouteCall }> {
  const { request } = options;
  // Planned from the configuration as it is now: a switch or a login before this request counts.
  const state: RequestContext = { ...dependencies, config: await dependencies.currentConfig() };
  const fallback = state.config.routing.fallback;
  const primary = state.catalog.require(request.model);
  const agentLimits = request.agentSession ? state.agentLimits(request.agentSession, state.config.agents) : undefined;
  if (request.agentSession && agentLimits)
    await checkAgentBudget(request.agentSession, agentLimits, state.sessionUsage);
  const policy = routingPolicyOf(state.config, state.projectDirectory);
  // The sessions an agent run was given decide over every configured list.
  if (agentLimits?.sessions)
    policy.sessions = { pins: {}, order: agentLimits.sessions, source: 'the sessions of this agent run' };
  const attempts: FailedAttempt[] = [];
  let sawCandidate = false;
  // A plan that ran out during this request: said once, naming the route that takes over.
  let exhausted: { target: RouteTarget; until: number } | undefined;

  for (const model of modelsToTry(state, primary, fallback)) {
    const planned = planRoutes({
      model,
      available: await listAvailableCredentials(state.sources, request.credentialContext ?? {}),
      environment: state.environment,
      ...policy,
    });
    for (const candidate of fallback ? planned : planned.slice(0, 1)) {
      sawCandidate = true;
      throwIfCallerAborted(request.signal);
      if (state.now() >= options.deadline) {
        attempts.push({ target: candidate.target, error: deadlineError(state), reachedUpstream: false });
        return fail(state, attempts, primary, sawCandidate);
      }
      const outcome = await tryCandidate(state, options, model, candidate);
      if ('served' in outcome) {
        if (exhausted) announceExhaustion(state, exhausted, candidate.target);
        return outcome.served;
      }
      attempts.push(outcome.failure);
      const { target, error } = outcome.failure;
      const until = outcome.failure.reachedUpstream
        ? exhaustedUntil(target, error, state.now(), state.maxRetryAfterWaitMs)
        : undefined;
      if (until !== undefined) {
        await state.exhaustion.record(target, until);
        exhausted ??= { target, until };
      }
      const failed = { model: model.id, provider: target.provider, method: target.method, code: error.code };
      if (isCliBridgeMethod(target.method)) state.routeEvent({ type: 'bridge-failed', ...failed });
      if (!fallback || !canFallBack(error)) return fail(state, attempts, primary, sawCandidate);
      state.routeEvent({ type: 'fallback', ...failed, ...(target.session ? { session: target.session } : {}) });
    }
    if (!fallback) break;
  }
  return fail(state, attempts, primary, sawCandidate);
}

function modelsToTry(state: RequestContext, primary: CatalogModel, fallback: boolean): CatalogModel[] {
  const models = [primary];
  if (!fallback) return models;
  for (const id of state.config.routing.fallbackModels) {
    const model = state.catalog.get(id);
    if (!model) {
      state.warn({
        type: 'fallback-model',
        model: id,
        message: `Fallback model "${id}" (routing.fallback_models) is not in the catalog; skipped.`,
      });
    } else if (!models.includes(model)) {
      models.push(model);
    }
  }
  return models;
}

type CandidateOutcome<T> = { served: { value: T; call: RouteCall } } | { failure: FailedAttempt };

async function tryCandidate<T>(
  state: RequestContext,
  options: ServeOptions<T>,
  model: CatalogModel,
  candidate: RouteCandidate,
): Promise<CandidateOutcome<T>> {
  const { target } = candidate;
  const skip = (error: SwitchboardError): CandidateOutcome<T> => ({
    failure: { target, error, reachedUpstream: false },
  });

  const exhaustedUntilTime = state.exhaustion.until(target);
  if (exhaustedUntilTime !== undefined)
    return skip(planExhaustedError(target, exhaustedUntilTime, namesOf(state), state.now()));
  if (state.budgets && isProviderId(target.provider)) {
    const status = await state.budgets.check(target.provider);
    if (status?.level === 'exceeded') return skip(budgetExceededError(status));
    if (status?.level === 'warn') state.warn({ type: 'budget', status, message: budgetWarningMessage(status) });
  }
  let adapter: ProviderRuntime;
  try {
    adapter = state.adapterFor(target);
  } catch (error) {
    if (error instanceof SwitchboardError) return skip(error);
    throw error;
  }
  const slot = acquireSubscriptionSlot(
    options.request.agentSession,
    target,
    profileFor(state, target),
    state.config.agents.subscriptionConcurrency,
    state.routeSlots,
  );
  if (slot instanceof SwitchboardError) return skip(slot);
  const breaker = state.breakerFor(target);
  if (!breaker.tryAcquire()) {
    slot.release();
    return skip(circuitOpenError(state, target, breaker.retryInMs()));
  }

  const caller = options.request.signal;
  let settled = false;
  let served = false;
  try {
    let resolution = await credentialFor(state, candidate, options.request.credentialContext ?? {}, false);
    let refreshed = false;
    let waited = false;
    for (;;) {
      try {
        const answer = await attempt(
          state,
          options,
          { model, candidate, adapter, breaker, releaseSlot: slot.release },
          resolution.credential,
        );
        breaker.recordSuccess();
        settled = true;
        served = true;
        return { served: answer };
      } catch (raw) {
        throwIfCallerAborted(caller);
        const error = raw instanceof SwitchboardError ? raw : adapter.normalizeError(raw, target);
        if (error.code === 'AUTH_FAILED' && !refreshed && isRefreshable(resolution)) {
          refreshed = true;
          resolution = await credentialFor(state, candidate, options.request.credentialContext ?? {}, true);
          continue;
        }
        const waitMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
        if (
          error.isRetryable &&
          waitMs !== undefined &&
          !waited &&
          waitMs <= state.maxRetryAfterWaitMs &&
          state.now() + waitMs < options.deadline
        ) {
          waited = true;
          await state.sleep(waitMs, caller);
          continue;
        }
        if (error.isRetryable) breaker.recordFailure(waitMs === undefined ? {} : { retryAfterMs: waitMs });
        // An upstream that answered with a request error is up: a half-open probe has its answer.
        else if (error.status !== undefined) breaker.recordSuccess();
        else breaker.release();
        settled = true;
        return { failure: { target, error, reachedUpstream: true } };
      }
    }
  } catch (error) {
    throwIfCallerAborted(caller);
    if (error instanceof SwitchboardError) return skip(error);
    throw error;
  } finally {
    if (!settled) breaker.release();
    // A served request holds its slot until its answer is over (the call's release).
    if (!served) slot.release();
  }
}

async function attempt<T>(
  state: RequestContext,
  options: ServeOptions<T>,
  route: Pick<RouteCall, 'model' | 'candidate' | 'adapter' | 'breaker'> & { releaseSlot: () => void },
  credential: ResolvedCredential | null,
): Promise<{ value: T; call: RouteCall }> {
  const { target } = route.candidate;
  const remaining = options.deadline - state.now();
  if (remaining <= 0) throw deadlineError(state);
  const controller = new AbortController();
  const caller = options.request.signal;
  const { releaseSlot, ...routeCall } = route;
  let release = releaseSlot;
  if (caller?.aborted) controller.abort(caller.reason);
  else if (caller) {
    const onCallerAbort = (): void => controller.abort(caller.reason);
    caller.addEventListener('abort', onCallerAbort, { once: true });
    release = () => {
      caller.removeEventListener('abort', onCallerAbort);
      releaseSlot();
    };
  }
  const { signal } = controller;
  const timeout = Math.min(options.attemptTimeoutMs, remaining);
  const timer = setTimeout(
    () => controller.abort(timeoutReason(`No answer from ${target.provider} within ${timeout} ms.`)),
    timeout,
  );
  const { credentialContext: _credentialContext, agentSession, ...chatRequest } = options.request;
  const call: RouteCall = {
    ...routeCall,
    ...(agentSession ? { agentSession } : {}),
    controller,
    release,
    request: { ...chatRequest, model: route.model.id, signal },
    context: {
      route: target,
      profile: profileFor(state, target),
      credential,
      fetch: state.fetchFor(target),
      environment: state.environment,
    },
  };
  try {
    const value = await raceAbort(options.open(call), signal);
    return { value, call };
  } catch (error) {
    // Whatever the upstream call is still doing, this attempt is over.
    controller.abort();
    release();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function credentialFor(
  state: RequestContext,
  candidate: RouteCandidate,
  context: CredentialContext,
  forceRefresh: boolean,
): Promise<{ credential: ResolvedCredential | null; level: CredentialLevel | null }> {
  const { target } = candidate;
  if (!isProviderId(target.provider)) {
    if (candidate.level === null) return { credential: null, level: null };
    return { credential: endpointCredential(state, target), level: 'workspace' };
  }
  return resolveCredential(
    {
      provider: target.provider,
      methods: [target.method],
      context,
      ...(target.session === undefined ? {} : { session: target.session }),
      ...(forceRefresh ? { forceRefresh: true } : {}),
    },
    state.sources,
    { providerName: state.config.providers[target.provider].name },
  );
}

function endpointCredential(state: RequestContext, target: RouteTarget): ResolvedCredential {
  const endpoint = state.catalog.endpoints.find((candidate) => `endpoint:${candidate.id}` === target.provider);
  const variable = endpoint?.apiKeyEnvironmentVariable;
  const apiKey = variable === undefined ? undefined : state.environment[variable]?.trim();
  if (!apiKey)
    throw new SwitchboardError(
      'LOGIN_REQUIRED',
      `${endpoint?.name ?? target.provider} needs an API key in ${variable ?? 'its key variable'}.`,
      { provider: target.provider },
    );
  // ResolvedCredential names a built-in provider; endpoints speak the OpenAI wire format.
  return { provider: 'openai', method: 'api-key', apiKey, source: 'environment' };
}

function profileFor(state: RequestContext, target: RouteTarget): ProviderProfile {
  if (isProviderId(target.provider)) return state.config.providers[target.provider];
  const endpoint = state.catalog.endpoints.find((candidate) => `endpoint:${candidate.id}` === target.provider);
  return {
    id: 'openai',
    name: endpoint?.name ?? target.provider,
    methods: endpoint?.apiKeyEnvironmentVariable ? ['api-key'] : [],
    apiBase: endpoint?.apiBase ?? target.apiBase ?? '',
    apiKeyEnvironmentVariables: endpoint?.apiKeyEnvironmentVariable ? [endpoint.apiKeyEnvironmentVariable] : [],
  };
}

function isRefreshable(resolution: { credential: ResolvedCredential | null; level: CredentialLevel | null }): boolean {
  const method = resolution.credential?.method;
  return (
    resolution.level === 'session' &&
    (method === 'oauth' || method === 'client-credentials' || method === 'service-account' || method === 'adc')
  );
}

function throwIfCallerAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  const timedOut = abortKindOfReason(reason) === 'timeout';
  throw timedOut
    ? new SwitchboardError('TIMEOUT', 'The request took too long and was stopped.')
    : new SwitchboardError('CANCELLED', 'The request was cancelled.', { isRetryable: false });
}

function deadlineError(state: RequestContext): SwitchboardError {
  const seconds = Math.round(state.config.routing.timeoutMs / 1000);
  return new SwitchboardError('TIMEOUT', `No answer within ${seconds} s (routing.timeout_ms).`);
}

function providerName(state: RequestContext, target: RouteTarget): string {
  return routeProviderName(target.provider, { providers: state.config.providers, endpoints: state.catalog.endpoints });
}

function circuitOpenError(state: RequestContext, target: RouteTarget, retryInMs: number): SwitchboardError {
  const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
  return new SwitchboardError(
    'PROVIDER_UNAVAILABLE',
    `${providerName(state, target)} (${target.method}) is paused after repeated failures; it is tried again in ${seconds} s.`,
    { provider: target.provider, retryAfterSeconds: seconds },
  );
}

function announceExhaustion(
  state: RequestContext,
  exhausted: { target: RouteTarget; until: number },
  servedBy: RouteTarget,
): void {
  const { target, until } = exhausted;
  state.warn({
    type: 'session-exhausted',
    provider: target.provider,
    session: target.session,
    until,
    message: exhaustionNotice(target, until, servedBy, namesOf(state), state.now()),
  });
}

function namesOf(state: RequestContext): RouteProviderNames {
  return { providers: state.config.providers, endpoints: state.catalog.endpoints };
}

/** `anthropic api-key` */
function describeRoute(target: RouteTarget): string {
  return `${target.provider} ${target.method}`;
}

function fail(
  state: RequestContext,
  attempts: readonly FailedAttempt[],
  primary: CatalogModel,
  sawCandidate: boolean,
): never {
  const last = attempts.at(-1);
  if (!last || !sawCandidate) throw modelLoginRequiredError(primary, state.config);
  const reached = attempts.filter((entry) => entry.reachedUpstream).at(-1);
  if (reached) {
    state.recordUsage({
      time: new Date(state.now()).toISOString(),
      provider: reached.target.provider,
      model: reached.target.model,
      route: {
        method: reached.target.method,
        transport: reached.target.transport,
        upstreamId: reached.target.upstreamId,
      },
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      outcome: 'error',
      errorCode: reached.error.code,
    });
  }
  if (attempts.length === 1) throw last.error;
  const others = attempts.slice(0, -1).map((entry) => `${describeRoute(entry.target)}: ${entry.error.code}`);
  const { error } = last;
  throw new SwitchboardError(error.code, `${error.message} (also tried ${others.join('; ')})`, {
    isRetryable: error.isRetryable,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    ...(error.provider === undefined ? {} : { provider: error.provider }),
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    cause: error,
  });
}
