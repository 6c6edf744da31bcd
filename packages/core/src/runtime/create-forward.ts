import type { SwitchboardError } from '../errors.js';
import type { StreamEvent } from '../providers/types.js';
import type { ForwardRequest, Forwarded, ForwardedAnswer } from './forward-types.js';
import { inBandError, openForward, prepareForward } from './open-forward.js';
import { openNodeForward } from './open-node-forward.js';
import { relayForwardedStream, type RelayForwardedStreamOptions } from './relay-forwarded-stream.js';
import { relayNodeStream } from './relay-node-stream.js';
import { serveWithFallback, type RouteCall, type RuntimeDependencies } from './serve-with-fallback.js';
import { sendUntilAborted, type SendUpstream } from './upstream-sender.js';
import { midStreamFailure, type MidStreamError } from './mid-stream-failure.js';
import type { WireUsage } from './wire-event-inspector.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import type { ForwardTarget } from '../providers/forward-target.js';
import { createForwardLanes, type ForwardLanes } from './forward-lanes.js';

/** What `Runtime.forward` is built from (the rest of the runtime's own pieces). */
export interface ForwardDependencies {
  state: RuntimeDependencies;
  timeoutMs: number;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  /** The Node sender for requests on a route, when the runtime has one (see `SendUpstream`). */
  sendFor: ((target: RouteCall['candidate']['target']) => SendUpstream) | undefined;
  openStream(call: RouteCall): Promise<{ iterator: AsyncIterator<StreamEvent>; first: StreamEvent }>;
  relay(call: RouteCall, iterator: AsyncIterator<StreamEvent>, first: StreamEvent): AsyncIterable<StreamEvent>;
  /** Records how a started answer ended (usage line, breaker). */
  settleCall(call: RouteCall, result: { usage?: WireUsage | undefined; error?: SwitchboardError }): void;
  midStreamError: MidStreamError;
  /** The configuration when no re-read of it is under way (see `CreateRuntimeOptions.settledConfig`); no lanes without it. */
  settledConfig: (() => SwitchboardConfig | undefined) | undefined;
}

/**
 * Builds `Runtime.forward`: the same-wire pass-through where the chosen route speaks the
 * caller's format (over the Node sender when there is one, else `fetch`), the AI SDK otherwise,
 * with the fallback, refresh and recording of every other runtime call.
 */
export function createForward(dependencies: ForwardDependencies): {
  forward(request: ForwardRequest): Promise<Forwarded>;
  lane: ForwardLanes['lane'];
} {
  const { state, openStream, relay, settleCall } = dependencies;
  const relayOptions = (call: RouteCall, target: ForwardTarget, request: ForwardRequest) =>
    forwardRelayOptions(dependencies, call, target, request);
  const sendFor = dependencies.sendFor;
  const lanes = sendFor
    ? createForwardLanes({
        state,
        settledConfig: dependencies.settledConfig,
        timeoutMs: dependencies.timeoutMs,
        firstByteTimeoutMs: dependencies.firstByteTimeoutMs,
        idleTimeoutMs: dependencies.idleTimeoutMs,
        sendFor,
        settleCall,
        midStreamError: dependencies.midStreamError,
      })
    : undefined;

  async function forward(request: ForwardRequest): Promise<Forwarded> {
    const { priorFailure } = request;
    // Where the last attempt went through the Node sender: a lane can send the same way.
    let sentByNode: ForwardTarget | undefined;
    const { value, call } = await serveWithFallback(state, {
      request: { ...request, messages: request.messages ?? [] },
      deadline: (priorFailure?.startedAt ?? state.now()) + dependencies.timeoutMs,
      attemptTimeoutMs: request.stream ? dependencies.firstByteTimeoutMs : dependencies.timeoutMs,
      ...(priorFailure ? { prior: { failure: priorFailure, taken: false } } : {}),
      async open(routeCall) {
        sentByNode = undefined;
        const target = routeCall.adapter.forwardTarget?.(request.wire, routeCall.context);
        if (target) {
          const prepared = prepareForward(routeCall, target, request);
          const send = dependencies.sendFor?.(routeCall.candidate.target);
          const sending =
            send &&
            sendUntilAborted(
              send,
              prepared.url,
              { headers: prepared.headers, body: prepared.body },
              routeCall.request.signal,
            );
          if (sending) {
            sentByNode = target;
            return openNodeForward(routeCall, target, request, prepared, sending);
          }
          return openForward(routeCall, target, request, prepared, state.fetchFor(routeCall.candidate.target));
        }
        if (request.forwardOnly) return { kind: 'not-forwarded' as const };
        const neutralCall = request.neutral
          ? { ...routeCall, request: { ...routeCall.request, ...request.neutral() } }
          : routeCall;
        if (request.stream) return { kind: 'stream' as const, ...(await openStream(neutralCall)) };
        return {
          kind: 'generate' as const,
          result: await routeCall.adapter.generate(neutralCall.request, routeCall.context),
        };
      },
    });
    // The attempt that served is the last one opened.
    if (sentByNode) lanes?.record(call, request, sentByNode);
    const route = call.candidate.target;
    const { level } = call.candidate;
    const withLevel = (answer: ForwardedAnswer): Forwarded => (level ? { ...answer, level } : answer);
    switch (value.kind) {
      case 'not-forwarded':
        call.release();
        return withLevel({ type: 'not-forwarded', route });
      case 'stream':
        return withLevel({ type: 'stream', route, events: relay(call, value.iterator, value.first) });
      case 'generate':
        call.release();
        settleCall(call, { usage: value.result.usage });
        return withLevel({ type: 'generate', route, result: value.result });
      case 'passthrough-json':
        call.release();
        if (request.path === undefined) settleCall(call, { usage: value.usage });
        return withLevel({
          type: 'passthrough-json',
          route,
          status: value.status,
          contentType: value.contentType,
          body: value.text,
        });
      case 'passthrough-stream': {
        const relayed = relayForwardedStream({ opened: value, ...relayOptions(call, value.target, request) });
        return withLevel({
          type: 'passthrough-stream',
          route,
          contentType: value.contentType,
          body: relayed.body,
          ended: relayed.ended,
        });
      }
      case 'passthrough-node-stream': {
        const relayed = relayNodeStream({ opened: value, ...relayOptions(call, value.target, request) });
        return withLevel({
          type: 'passthrough-node-stream',
          route,
          contentType: value.contentType,
          pipe: (sink, onEnded) => relayed.pipe(sink, onEnded),
          ended: relayed.ended,
        });
      }
    }
  }

  return { forward, lane: (model, wire) => lanes?.lane(model, wire) };
}

/** How a forwarded stream on `call` is relayed: its timers, its failures, and its end recorded. */
function forwardRelayOptions(
  dependencies: ForwardDependencies,
  call: RouteCall,
  target: ForwardTarget,
  request: ForwardRequest,
): Omit<RelayForwardedStreamOptions, 'opened'> {
  const route = call.candidate.target;
  const errors = { ...target.errors, signal: call.request.signal };
  return {
    provider: route.provider,
    idleTimeoutMs: dependencies.idleTimeoutMs,
    abort: (reason) => call.controller.abort(reason),
    encodeError: request.encodeError,
    classify: (raw) =>
      midStreamFailure(dependencies.midStreamError, call, raw, call.request.signal ?? call.controller.signal),
    failureOf: (failure) => inBandError(failure, errors),
    end: (result) => {
      call.release();
      dependencies.settleCall(call, result);
    },
  };
}
