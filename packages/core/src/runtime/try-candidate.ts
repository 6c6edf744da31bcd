import type { ResolvedCredential } from '../auth/types.js';
import type { CatalogModel } from '../catalog/model-schema.js';
import type { ProviderProfile } from '../catalog/provider-profiles.js';
import { SwitchboardError } from '../errors.js';
import { isProviderId } from '../ids.js';
import type { ProviderRuntime, RouteTarget } from '../providers/types.js';
import { budgetExceededError, budgetWarningMessage } from './check-budget.js';
import type { CredentialContext, CredentialLevel } from './credential-source.js';
import type { RouteCandidate } from './plan-routes.js';
import { abortKindOfReason, timeoutReason } from '../internal/abort-reason.js';
import { raceAbort } from './race-abort.js';
import { sameRoute } from './route-key.js';
import { resolveCredential } from './resolve-credential.js';
import { acquireSubscriptionSlot } from './agent-limits.js';
import { routeProviderName, type RouteProviderNames } from '../catalog/route-provider-name.js';
import { planExhaustedError } from './describe-exhaustion.js';
import type { RequestContext, RouteCall, ServeOptions } from './runtime-dependencies.js';
import type { FailedAttempt } from './runtime-dependencies.js';

/** What trying one route came to: served, or a failure to report (and maybe fall back from). */
export type CandidateOutcome<T> = { served: { value: T; call: RouteCall } } | { failure: FailedAttempt };

/**
 * Tries one planned route: skipped when its session's plan is used up, its budget is spent, its
 * subscription slots are full or its circuit is open; else the request, refreshed once after a
 * 401 and waiting out one short Retry-After, all inside the deadline.
 */
export async function tryCandidate<T>(
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
  const checking = state.budgets && isProviderId(target.provider) ? state.budgets.check(target.provider) : undefined;
  if (checking) {
    const status = await checking;
    if (status.level === 'exceeded') return skip(budgetExceededError(status));
    if (status.level === 'warn') state.warn({ type: 'budget', status, message: budgetWarningMessage(status) });
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
    let prior = priorFailureOf(options, target, resolution.credential);
    let refreshed = false;
    let waited = false;
    for (;;) {
      try {
        if (prior !== undefined) {
          const { raw } = prior;
          prior = undefined;
          throw raw;
        }
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

/**
 * The failure of the attempt already made on `target`, once: only while `credential` is the one
 * it was sent with (a credential refreshed or replaced since makes a new attempt worth it).
 */
function priorFailureOf<T>(
  options: ServeOptions<T>,
  target: RouteTarget,
  credential: ResolvedCredential | null,
): { raw: unknown } | undefined {
  const prior = options.prior;
  if (!prior || prior.taken || !sameRoute(prior.failure.route, target)) return undefined;
  prior.taken = true;
  return sameCredential(prior.failure.credential, credential) ? { raw: prior.failure.raw } : undefined;
}

/** The same secret of the same method (a credential source may answer with a new object each time). */
export function sameCredential(left: ResolvedCredential | null, right: ResolvedCredential | null): boolean {
  if (left === right) return true;
  if (left === null || right === null || left.method !== right.method) return false;
  const secretOf = (credential: ResolvedCredential): string | undefined =>
    'apiKey' in credential
      ? credential.apiKey
      : 'accessToken' in credential
        ? credential.accessToken
        : 'secretAccessKey' in credential
          ? `${credential.accessKeyId}\n${credential.secretAccessKey}\n${credential.sessionToken ?? ''}`
          : undefined;
  return secretOf(left) === secretOf(right);
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
  const { releaseSlot } = route;
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
  const { credentialContext, agentSession, ...chatRequest } = options.request;
  const call: RouteCall = {
    model: route.model,
    candidate: route.candidate,
    adapter: route.adapter,
    breaker: route.breaker,
    ...(agentSession ? { agentSession } : {}),
    ...(credentialContext?.userId ? { userId: credentialContext.userId } : {}),
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

/** The credential `candidate` is served with now (and its level), as every attempt resolves it. */
export async function credentialFor(
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

/** Throws CANCELLED (or TIMEOUT) once the caller has aborted. */
export function throwIfCallerAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  const timedOut = abortKindOfReason(reason) === 'timeout';
  throw timedOut
    ? new SwitchboardError('TIMEOUT', 'The request took too long and was stopped.')
    : new SwitchboardError('CANCELLED', 'The request was cancelled.', { isRetryable: false });
}

/** The failure of a request whose deadline passed. */
export function deadlineError(state: RequestContext): SwitchboardError {
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

/** Where provider names come from, for messages. */
export function namesOf(state: RequestContext): RouteProviderNames {
  return { providers: state.config.providers, endpoints: state.catalog.endpoints };
}
