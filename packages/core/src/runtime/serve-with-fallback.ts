import type { CatalogModel } from '../catalog/model-schema.js';
import { SwitchboardError, type ErrorCode } from '../errors.js';
import { isCliBridgeMethod } from '../ids.js';
import type { RouteTarget } from '../providers/types.js';
import { modelLoginRequiredError } from './model-login-required.js';
import { planRoutes, routingPolicyOf } from './plan-routes.js';
import { checkAgentBudget } from './agent-limits.js';
import { exhaustedUntil, exhaustionNotice } from './describe-exhaustion.js';
import type {
  FailedAttempt,
  RequestContext,
  RouteCall,
  RuntimeDependencies,
  ServeOptions,
} from './runtime-dependencies.js';
import { deadlineError, namesOf, throwIfCallerAborted, tryCandidate } from './try-candidate.js';

export type {
  RouteCall,
  RuntimeDependencies,
  RuntimeRequest,
  RuntimeWarning,
  ServeOptions,
} from './runtime-dependencies.js';

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
  const state = dependencies.contextFor(await dependencies.currentConfig());
  const fallback = state.config.routing.fallback;
  const primary = state.catalog.require(request.model);
  const agentLimits = request.agentSession ? state.agentLimits(request.agentSession, state.config.agents) : undefined;
  if (request.agentSession && agentLimits)
    await checkAgentBudget(request.agentSession, agentLimits, state.sessionUsage);
  const planner = state.planner;
  const configured = planner ? planner.policyOf(state.config) : routingPolicyOf(state.config, state.projectDirectory);
  // The sessions an agent run was given decide over every configured list.
  const policy = agentLimits?.sessions
    ? {
        ...configured,
        sessions: { pins: {}, order: agentLimits.sessions, source: 'the sessions of this agent run' },
      }
    : configured;
  const attempts: FailedAttempt[] = [];
  let sawCandidate = false;
  // A plan that ran out during this request: said once, naming the route that takes over.
  let exhausted: { target: RouteTarget; until: number } | undefined;

  for (const model of modelsToTry(state, primary, fallback)) {
    const available = await state.listCredentials(request.credentialContext ?? {});
    const planned = planner
      ? planner.plan(model, state.config, policy, available)
      : planRoutes({ model, available, environment: state.environment, ...policy });
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
  if (!last || !sawCandidate) throw modelLoginRequiredError(primary, state.config, { style: state.loginAdvice });
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
