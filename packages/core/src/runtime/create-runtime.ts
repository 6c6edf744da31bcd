import { SwitchboardError, isSwitchboardError } from '../errors.js';
import { abortableSleep } from '../internal/abortable-sleep.js';
import { createIsoTime } from '../internal/iso-time.js';
import { safely } from '../internal/safely.js';
import type { StreamEvent } from '../providers/types.js';
import { createBudgetGuard } from './check-budget.js';
import { createEnvironmentCredentialSource } from './environment-credential-source.js';
import { createForward } from './create-forward.js';
import { createRoutePlanner } from './route-planner.js';
import { createCredentialListing, planRoutes, routingPolicyOf } from './plan-routes.js';
import { abortKindOfReason, timeoutReason } from '../internal/abort-reason.js';
import {
  serveWithFallback,
  type RouteCall,
  type RuntimeRequest,
  type RuntimeDependencies,
  type RuntimeWarning,
} from './serve-with-fallback.js';
import { createSessionCredentialSource } from './session-credential-source.js';
import type { RequestContext } from './runtime-dependencies.js';
import type { UsageEntry } from './usage-entry.js';
import { observeRateLimits, observeRateLimitsOfSend } from './observe-rate-limits.js';
import { createSessionExhaustion } from './session-exhaustion.js';
import { deferExhaustedRoutes } from './defer-exhausted-routes.js';
import { createRouteBreakers } from './create-route-breakers.js';
import { tallySessionUsage } from './agent-limits.js';
import { usageEntryOf, type CallOutcome } from './usage-entry-of.js';
import { configuredBudgets } from './configured-budgets.js';
import type { RouteEvent } from './route-event.js';
import { createRouteSlots } from './route-slots.js';
import { readSessionLimits } from './session-limits-file.js';
import type { CreateRuntimeOptions, Runtime } from './runtime.js';

export type { CreateRuntimeOptions, RouteCircuit, Runtime } from './runtime.js';

/**
 * Creates the runtime (DESIGN §1 "route", §5 streaming): resolves a model to its explicit
 * catalog routes, orders the usable ones by the active session and `routing.prefer`, resolves
 * the credential just before each attempt, and falls back before the first byte — never after.
 */
export function createRuntime(options: CreateRuntimeOptions): Runtime {
  const { catalog, config, registry } = options;
  const now = options.now ?? Date.now;
  const environment = options.environment ?? {};
  const timeoutMs = config.routing.timeoutMs;
  const firstByteTimeoutMs = options.firstByteTimeoutMs ?? Math.min(60_000, timeoutMs);
  const idleTimeoutMs = options.idleTimeoutMs ?? timeoutMs;
  const sources = options.credentialSources ?? [
    createEnvironmentCredentialSource({ environment, providers: config.providers }),
    ...(options.auth ? [createSessionCredentialSource({ auth: options.auth, now })] : []),
  ];
  const warn = safely<RuntimeWarning>(options.onWarning);
  const routeEvent = safely<RouteEvent>(options.onRouteEvent);
  const breakers = createRouteBreakers({ now, circuitBreaker: options.circuitBreaker, routeEvent });
  const usageLog = options.usageLog;
  const pendingWrites = new Set<Promise<void>>();
  let lastWrite: Promise<void> | undefined;
  const trackWrite = (write: Promise<void>): void => {
    pendingWrites.add(write);
    void write.finally(() => pendingWrites.delete(write));
  };
  const budgets = usageLog
    ? createBudgetGuard({
        usageLog,
        now,
        budgets: configuredBudgets(config),
      })
    : undefined;

  const currentConfig = options.currentConfig ?? (() => config);
  let lastContext: RequestContext | undefined;
  const state: RuntimeDependencies = {
    listCredentials: createCredentialListing(sources),
    contextFor(config) {
      if (lastContext?.config !== config) lastContext = { ...state, config };
      return lastContext;
    },
    catalog,
    currentConfig,
    sources,
    environment,
    planner: createRoutePlanner({ environment, projectDirectory: options.projectDirectory }),
    fetchFor: bySession((session) =>
      options.quotaLog
        ? observeRateLimits(options.fetch ?? globalThis.fetch, options.quotaLog, now, trackWrite, session)
        : (options.fetch ?? globalThis.fetch),
    ),
    now,
    sleep: options.sleep ?? abortableSleep,
    adapterFor: (target) => registry.forRoute(target),
    breakerFor: (target) => breakers.breakerFor(target),
    budgets,
    maxRetryAfterWaitMs: options.maxRetryAfterWaitMs ?? 5_000,
    warn,
    routeEvent,
    routeSlots: options.slotsDirectory ? createRouteSlots({ directory: options.slotsDirectory }) : undefined,
    projectDirectory: options.projectDirectory,
    loginAdvice: options.loginAdvice ?? 'cli',
    exhaustion: createSessionExhaustion({
      now,
      ...(options.exhaustedSessionsPath ? { path: options.exhaustedSessionsPath } : {}),
    }),
    agentLimits(session, configured) {
      const given = options.sessionsDirectory ? readSessionLimits(options.sessionsDirectory, session) : {};
      return {
        maxTokens: given.maxTokens ?? configured.maxTokens,
        maxCostUsd: given.maxCostUsd ?? configured.maxCostUsd,
        ...(given.sessions ? { sessions: given.sessions } : {}),
      };
    },
    async sessionUsage(session) {
      // This process's lines still being written count too; then every process's lines, so a
      // budget holds however many gateways and agents run at once.
      await Promise.all(pendingWrites);
      return tallySessionUsage(usageLog ? await usageLog.read() : [], session);
    },
    recordUsage(entry) {
      if (!usageLog) return;
      // Off the answer's critical path: the consumer has its `finish` while the line is written.
      const written = usageLog.append(entry);
      // Lines written together share a promise: watched (and a failure told) once per write.
      if (written === lastWrite) return;
      lastWrite = written;
      const write = written.then(
        () => undefined,
        (error: unknown) =>
          warn({
            type: 'usage-log',
            message: `Could not write the usage log ${usageLog.path}: ${(error as Error).message}`,
          }),
      );
      trackWrite(write);
    },
  };

  const isoTime = createIsoTime();
  const usageEntry = (call: RouteCall, result: CallOutcome): UsageEntry => usageEntryOf(call, result, isoTime(now()));

  /** Starts an adapter stream and waits for its first event (the point of no fallback). */
  async function openStream(
    routeCall: RouteCall,
  ): Promise<{ iterator: AsyncIterator<StreamEvent>; first: StreamEvent }> {
    const iterator = routeCall.adapter.streamGenerate(routeCall.request, routeCall.context)[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done) {
      throw new SwitchboardError(
        'STREAM_INTERRUPTED',
        `${routeCall.candidate.target.provider} ended the stream before any output.`,
        {
          provider: routeCall.candidate.target.provider,
          isRetryable: true,
        },
      );
    }
    return { iterator, first: first.value };
  }

  /** Records how a started answer ended: its usage line, and a retryable failure on its breaker. */
  function settleCall(
    call: RouteCall,
    result: { usage?: { inputTokens: number; outputTokens: number } | undefined; error?: SwitchboardError },
  ): void {
    if (result.error?.isRetryable) call.breaker.recordFailure();
    state.recordUsage(usageEntry(call, result));
  }

  async function* stream(request: RuntimeRequest): AsyncGenerator<StreamEvent, void, undefined> {
    const { value, call } = await serveWithFallback(state, {
      request,
      deadline: now() + timeoutMs,
      attemptTimeoutMs: firstByteTimeoutMs,
      open: openStream,
    });
    yield* relay(call, value.iterator, value.first);
  }

  /** Passes the started stream on; every way it can end is explicit, and recorded once. */
  async function* relay(
    call: RouteCall,
    iterator: AsyncIterator<StreamEvent>,
    first: StreamEvent,
  ): AsyncGenerator<StreamEvent, void, undefined> {
    const { target } = call.candidate;
    const signal = call.request.signal ?? call.controller.signal;
    let waiting = false;
    const idle = setTimeout(() => {
      if (waiting) call.controller.abort(timeoutReason(`${target.provider} sent nothing for ${idleTimeoutMs} ms.`));
    }, idleTimeoutMs);
    // One abort promise for the whole stream (not one listener per event): a stalled or
    // cancelled upstream cannot hold the consumer even if its adapter ignored the signal.
    // Its listener is removed at the end: Node keeps an `AbortSignal.any` signal that has
    // listeners alive for as long as its sources can abort, which leaked every stream.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason as Error);
      else {
        onAbort = () => reject(signal.reason as Error);
        signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    aborted.catch(() => undefined);
    let recorded = false;
    let finished = false;
    const end = (result: { usage?: { inputTokens: number; outputTokens: number }; error?: SwitchboardError }) => {
      recorded = true;
      finished = result.error === undefined;
      settleCall(call, result);
    };
    // The route that serves, and the credential level it is served with (a team member's own key, …).
    const level = call.candidate.level;
    const startEvent: StreamEvent = { type: 'start', route: target, ...(level ? { level } : {}) };
    try {
      let startSent = false;
      let event: StreamEvent = first;
      for (;;) {
        if (event.type === 'finish' || event.type === 'error') {
          if (!startSent) yield startEvent;
          end(event.type === 'finish' ? { usage: event.usage } : { error: event.error });
          yield event;
          return;
        }
        // `start` comes once (an adapter that sends none gets one; a second one carries nothing).
        if (!startSent) {
          startSent = true;
          yield startEvent;
        }
        if (event.type !== 'start') yield event;
        let next: IteratorResult<StreamEvent>;
        waiting = true;
        idle.refresh();
        try {
          next = await Promise.race([iterator.next(), aborted]);
        } catch (raw) {
          const error = midStreamError(call, raw, signal);
          end({ error });
          yield { type: 'error', error };
          return;
        } finally {
          waiting = false;
        }
        if (next.done) {
          const error = new SwitchboardError(
            'STREAM_INTERRUPTED',
            `${target.provider} stopped mid-answer; the text so far is incomplete.`,
            {
              provider: target.provider,
              isRetryable: true,
            },
          );
          end({ error });
          yield { type: 'error', error };
          return;
        }
        event = next.value;
      }
    } finally {
      clearTimeout(idle);
      if (onAbort) signal.removeEventListener('abort', onAbort);
      call.release();
      // The consumer left early or the stream failed: the upstream call ends here. After
      // `finish` the upstream is done: no AbortError is built, the adapter just runs its cleanup.
      if (!finished) call.controller.abort();
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
      if (!recorded) {
        state.recordUsage(
          usageEntry(call, {
            error: new SwitchboardError('CANCELLED', 'The consumer stopped reading.', { isRetryable: false }),
          }),
        );
      }
    }
  }

  function midStreamError(
    call: RouteCall,
    raw: unknown,
    signal: Pick<AbortSignal, 'aborted' | 'reason'>,
  ): SwitchboardError {
    if (isSwitchboardError(raw)) return raw;
    if (signal.aborted) {
      const reason: unknown = signal.reason;
      const timedOut = abortKindOfReason(reason) === 'timeout';
      if (timedOut) {
        return new SwitchboardError(
          'TIMEOUT',
          `${call.candidate.target.provider} stopped sending mid-answer; the text so far is incomplete.`,
          {
            provider: call.candidate.target.provider,
          },
        );
      }
      return new SwitchboardError('CANCELLED', 'The request was cancelled.', {
        provider: call.candidate.target.provider,
        isRetryable: false,
      });
    }
    return call.adapter.normalizeError(raw, call.candidate.target);
  }

  const { forward, lane } = createForward({
    state,
    // Without a source of its own, the configuration given is the configuration for good.
    settledConfig: options.currentConfig ? options.settledConfig : () => config,
    timeoutMs,
    firstByteTimeoutMs,
    idleTimeoutMs,
    sendFor: options.sendUpstream
      ? bySession((session) =>
          options.quotaLog
            ? observeRateLimitsOfSend(options.sendUpstream!, options.quotaLog, now, trackWrite, session)
            : options.sendUpstream!,
        )
      : undefined,
    openStream,
    relay,
    settleCall,
    midStreamError,
  });

  return {
    stream,
    forward,
    lane,
    async generate(request) {
      const { value, call } = await serveWithFallback(state, {
        request,
        deadline: now() + timeoutMs,
        attemptTimeoutMs: timeoutMs,
        open: (routeCall) => routeCall.adapter.generate(routeCall.request, routeCall.context),
      });
      call.release();
      state.recordUsage(usageEntry(call, { usage: value.usage }));
      const level = call.candidate.level;
      return level ? { ...value, level } : value;
    },
    async resolveRoutes(model, context = {}) {
      const catalogModel = catalog.require(model);
      const planned = planRoutes({
        model: catalogModel,
        available: await state.listCredentials(context),
        environment,
        ...routingPolicyOf(await currentConfig(), options.projectDirectory),
      });
      return deferExhaustedRoutes(planned, state.exhaustion, now());
    },
    async flush() {
      while (pendingWrites.size > 0) await Promise.all([...pendingWrites]);
      await usageLog?.close();
    },
    exhaustedUntil: (target) => state.exhaustion.until(target),
    circuits: () => breakers.circuits(),
  };
}

/**
 * A route's fetch or sender, made once per stored session (the rate-limit observer names the
 * session it records for) rather than once per request.
 */
function bySession<T>(make: (session: string | undefined) => T): (target: { session?: string | undefined }) => T {
  const made = new Map<string | undefined, T>();
  return (target) => {
    let value = made.get(target.session);
    if (value === undefined) {
      value = make(target.session);
      made.set(target.session, value);
    }
    return value;
  };
}
