import type { SwitchboardConfig } from '../config/load-config.js';
import { timeoutReason } from '../internal/abort-reason.js';
import type { ForwardTarget, WireFormat } from '../providers/forward-target.js';
import type { ChatRequest } from '../providers/types.js';
import type { ForwardLane, ForwardRequest, LaneRequest } from './forward-types.js';
import { prepareForward } from './open-forward.js';
import { openNodeForward } from './open-node-forward.js';
import type { CredentialListing } from './plan-routes.js';
import { planRoutes, routingPolicyOf } from './plan-routes.js';
import { relayNodeStream, type RelayNodeStreamOptions } from './relay-node-stream.js';
import type { RouteCall, RuntimeDependencies } from './runtime-dependencies.js';
import { CREDENTIAL_REUSE_MARGIN_MS } from './session-credential-source.js';
import { sameRoute } from './route-key.js';
import { credentialFor, sameCredential } from './try-candidate.js';
import type { SendUpstream } from './upstream-sender.js';

/**
 * How long a lane serves before a request goes through the general path again (which records
 * it anew): no longer than the credential sources reuse a credential they found, so a lane never
 * sends a credential the general path would not have sent.
 */
export const LANE_LEASE_MS = 1_000;

/** What the lanes are built from: the runtime's own pieces. */
export interface ForwardLanesOptions {
  state: RuntimeDependencies;
  /**
   * The configuration as the next request would be planned from it, or undefined while a
   * re-read of it is under way; without it there are no lanes.
   */
  settledConfig: (() => SwitchboardConfig | undefined) | undefined;
  timeoutMs: number;
  firstByteTimeoutMs: number;
  sendFor: (target: RouteCall['candidate']['target']) => SendUpstream;
  /** The relay options of a forwarded stream on `call` (the same as `Runtime.forward`'s). */
  relayOptions(call: RouteCall, target: ForwardTarget, request: ForwardRequest): Omit<RelayNodeStreamOptions, 'opened'>;
}

/** The runtime's lanes: kept by `Runtime.forward`, handed out by `Runtime.lane`. */
export interface ForwardLanes {
  /**
   * Keeps the decision behind a streamed same-wire pass-through `call` just served, when it is
   * what the general path would decide again: the request was the plain kind (no credential
   * context, agent session, sub-path or budget) and `call`'s route is the plan's first choice.
   */
  record(call: RouteCall, request: ForwardRequest, target: ForwardTarget): void;
  /** The lane of `model` (catalog id) and `wire`, while nothing it was decided from has changed. */
  lane(model: string, wire: WireFormat): ForwardLane | undefined;
}

interface LaneRecord {
  lane: ForwardLane;
  config: SwitchboardConfig;
  /** The credential listing it was planned from (the listing is the same promise while nothing changed). */
  listing: Promise<readonly CredentialListing[]>;
  at: number;
  call: Pick<RouteCall, 'model' | 'candidate' | 'adapter' | 'breaker' | 'context'>;
}

const NO_MESSAGES: ChatRequest['messages'] = [];
const keep = (): void => undefined;

/**
 * Creates the lanes of one runtime. A lane is valid while the configuration and the credential
 * listing are the objects it was planned from, its lease has not run out, its route's session is
 * not used up and its circuit is closed; the general path keeps every other case.
 */
export function createForwardLanes(options: ForwardLanesOptions): ForwardLanes {
  const { state, settledConfig } = options;
  const records = new Map<string, LaneRecord>();
  const recording = new Set<string>();

  async function decide(call: RouteCall, wire: WireFormat, key: string, target: ForwardTarget): Promise<void> {
    const config = settledConfig!();
    if (config === undefined) return;
    const listing = state.listCredentials({});
    const available = await listing;
    if (settledConfig!() !== config || state.listCredentials({}) !== listing) return;
    const { model, candidate, adapter, breaker, context } = call;
    const planner = state.planner;
    const policy = planner ? planner.policyOf(config) : routingPolicyOf(config, state.projectDirectory);
    const first = planner
      ? planner.plan(model, config, policy, available)[0]
      : planRoutes({ model, available, environment: state.environment, ...policy })[0];
    if (first === undefined || !sameRoute(first.target, candidate.target)) return;
    // A budget is checked against the usage log on every request: such routes keep the general path.
    const budget = state.budgets?.check(candidate.target.provider);
    if (budget !== undefined) {
      budget.catch(keep);
      return;
    }
    // The credential the route would be served with now: the one the call used, far from expiry.
    const credential = context.credential;
    const now = await credentialFor(state.contextFor(config), candidate, {}, false);
    if (!sameCredential(now.credential, credential)) return;
    if (credential && 'expiresAt' in credential && credential.expiresAt !== undefined) {
      if (credential.expiresAt - state.now() <= CREDENTIAL_REUSE_MARGIN_MS) return;
    }
    if (settledConfig!() !== config || state.listCredentials({}) !== listing) return;
    const record: LaneRecord = {
      lane: createLane(call, wire, target),
      config,
      listing,
      at: state.now(),
      call: { model, candidate, adapter, breaker, context },
    };
    records.set(key, record);
  }

  function createLane(
    template: Pick<RouteCall, 'model' | 'candidate' | 'adapter' | 'breaker' | 'context'>,
    wire: WireFormat,
    target: ForwardTarget,
  ): ForwardLane {
    const { model, candidate, breaker } = template;
    const route = candidate.target;
    const send = options.sendFor(route);
    const firstByteMs = Math.min(options.firstByteTimeoutMs, options.timeoutMs);
    const key = keyOf(model.id, wire);
    return {
      route,
      level: candidate.level ?? undefined,
      send(laneRequest: LaneRequest) {
        if (!breaker.tryAcquire()) return undefined;
        const startedAt = state.now();
        const controller = new AbortController();
        const call: RouteCall = {
          ...template,
          controller,
          release: keep,
          request: { model: model.id, messages: NO_MESSAGES, signal: controller.signal },
        };
        const request: ForwardRequest = {
          model: model.id,
          wire,
          body: laneRequest.body,
          stream: true,
          ...(laneRequest.headers ? { headers: laneRequest.headers } : {}),
          encodeError: laneRequest.encodeError,
        };
        const prepared = prepareForward(call, target, request);
        const sending = send(prepared.url, {
          headers: prepared.headers,
          body: prepared.body,
          signal: controller.signal,
        });
        if (sending === undefined) {
          breaker.release();
          records.delete(key);
          return undefined;
        }
        const timer = setTimeout(
          () => controller.abort(timeoutReason(`No answer from ${route.provider} within ${firstByteMs} ms.`)),
          firstByteMs,
        );
        const fail = (raw: unknown): void => {
          clearTimeout(timer);
          controller.abort();
          // The general path judges the failure (and the breaker) as its own first attempt.
          breaker.release();
          records.delete(key);
          laneRequest.failed({ route, credential: template.context.credential, raw, startedAt });
        };
        // No race with the signal: a `SendUpstream` ends both before and after its answer on abort.
        openNodeForward(call, target, request, prepared, sending).then((opened) => {
          // A streamed request is answered as a stream (a complete answer is only for `stream: false`).
          if (opened.kind !== 'passthrough-node-stream')
            return fail(new Error('A streamed request got a complete answer.'));
          clearTimeout(timer);
          breaker.recordSuccess();
          const relayed = relayNodeStream({ opened, ...options.relayOptions(call, opened.target, request) });
          try {
            laneRequest.started({ contentType: opened.contentType, pipe: relayed.pipe, ended: relayed.ended });
          } catch (error) {
            // The relay ends the answer with its error event and records it.
            controller.abort(error);
          }
        }, fail);
        return (reason) => controller.abort(reason);
      },
    };
  }

  return {
    record(call, request, target) {
      if (settledConfig === undefined || !request.stream) return;
      if (request.path !== undefined || request.forwardOnly || request.agentSession || request.credentialContext)
        return;
      const key = keyOf(call.model.id, request.wire);
      const existing = records.get(key);
      if ((existing && fresh(existing, state.now())) || recording.has(key)) return;
      recording.add(key);
      void decide(call, request.wire, key, target)
        .catch(keep)
        .finally(() => recording.delete(key));
    },
    lane(model, wire) {
      const key = keyOf(model, wire);
      const record = records.get(key);
      if (record === undefined) return undefined;
      if (
        !fresh(record, state.now()) ||
        settledConfig!() !== record.config ||
        state.listCredentials({}) !== record.listing
      ) {
        records.delete(key);
        return undefined;
      }
      const route = record.call.candidate.target;
      if (state.exhaustion.until(route) !== undefined || record.call.breaker.state() !== 'closed') return undefined;
      return record.lane;
    },
  };
}

function keyOf(model: string, wire: WireFormat): string {
  return `${model}\n${wire}`;
}

function fresh(record: LaneRecord, now: number): boolean {
  return now >= record.at && now - record.at < LANE_LEASE_MS;
}
