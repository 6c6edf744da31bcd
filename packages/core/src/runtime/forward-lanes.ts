import type { SwitchboardConfig } from '../config/load-config.js';
import type { ForwardTarget, WireFormat } from '../providers/forward-target.js';
import type { ChatRequest } from '../providers/types.js';
import type { ForwardLane, ForwardRequest, LaneRequest } from './forward-types.js';
import { LaneStream, type LaneRoute } from './lane-stream.js';
import type { MidStreamError } from './mid-stream-failure.js';
import type { CredentialListing } from './plan-routes.js';
import { planRoutes, routingPolicyOf } from './plan-routes.js';
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
  idleTimeoutMs: number;
  sendFor: (target: RouteCall['candidate']['target']) => SendUpstream;
  /** Records how a started answer ended (usage line, breaker), as `Runtime.forward` does. */
  settleCall: LaneRoute['settleCall'];
  midStreamError: MidStreamError;
}

/** The runtime's lanes: kept by `Runtime.forward`, handed out by `Runtime.lane`. */
export interface ForwardLanes {
  /**
   * Keeps the decision behind a same-wire pass-through `call` just served over the Node sender
   * (streamed or not), when it is what the general path would decide again: the request was the
   * plain kind (no credential context, agent session, sub-path or budget) and `call`'s route is
   * the plan's first choice.
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
  breaker: RouteCall['breaker'];
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
  const records = new ByModelAndWire<LaneRecord>();
  /** The lanes being decided (one decision at a time for each). */
  const recording = new ByModelAndWire<true>();

  async function decide(call: RouteCall, wire: WireFormat, target: ForwardTarget): Promise<void> {
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
      lane: createLane({ model, candidate, adapter, breaker, context }, wire, target),
      config,
      listing,
      at: state.now(),
      breaker,
    };
    records.set(model.id, wire, record);
  }

  function createLane(
    template: Pick<RouteCall, 'model' | 'candidate' | 'adapter' | 'breaker' | 'context'>,
    wire: WireFormat,
    target: ForwardTarget,
  ): ForwardLane {
    const { model, candidate, breaker } = template;
    const controller = new AbortController();
    const route: LaneRoute = {
      call: {
        ...template,
        controller,
        release: keep,
        request: { model: model.id, messages: NO_MESSAGES, signal: controller.signal },
      },
      target,
      wire,
      send: options.sendFor(candidate.target),
      firstByteMs: Math.min(options.firstByteTimeoutMs, options.timeoutMs),
      timeoutMs: options.timeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      now: state.now,
      settleCall: options.settleCall,
      midStreamError: options.midStreamError,
      drop: () => records.delete(model.id, wire),
    };
    return {
      route: candidate.target,
      level: candidate.level ?? undefined,
      send(laneRequest: LaneRequest) {
        if (!breaker.tryAcquire()) return undefined;
        const stream = new LaneStream(route, laneRequest);
        if (stream.start()) return stream;
        breaker.release();
        records.delete(model.id, wire);
        return undefined;
      },
    };
  }

  return {
    record(call, request, target) {
      if (settledConfig === undefined) return;
      if (request.path !== undefined || request.forwardOnly || request.agentSession || request.credentialContext)
        return;
      const model = call.model.id;
      const { wire } = request;
      const existing = records.get(model, wire);
      if ((existing && fresh(existing, state.now())) || recording.get(model, wire)) return;
      recording.set(model, wire, true);
      void decide(call, wire, target)
        .catch(keep)
        .finally(() => recording.delete(model, wire));
    },
    lane(model, wire) {
      const record = records.get(model, wire);
      if (record === undefined) return undefined;
      if (
        !fresh(record, state.now()) ||
        settledConfig!() !== record.config ||
        state.listCredentials({}) !== record.listing
      ) {
        records.delete(model, wire);
        return undefined;
      }
      const { lane, breaker } = record;
      if (state.exhaustion.until(lane.route) !== undefined || breaker.state() !== 'closed') return undefined;
      return lane;
    },
  };
}

/**
 * Values by model and wire format: lanes are looked up on every request, by the two strings the
 * request has (no key string built per lookup).
 */
class ByModelAndWire<T> {
  private readonly byModel = new Map<string, Map<WireFormat, T>>();

  get(model: string, wire: WireFormat): T | undefined {
    return this.byModel.get(model)?.get(wire);
  }

  set(model: string, wire: WireFormat, value: T): void {
    let byWire = this.byModel.get(model);
    if (byWire === undefined) this.byModel.set(model, (byWire = new Map()));
    byWire.set(wire, value);
  }

  delete(model: string, wire: WireFormat): void {
    const byWire = this.byModel.get(model);
    if (byWire?.delete(wire) && byWire.size === 0) this.byModel.delete(model);
  }
}

function fresh(record: LaneRecord, now: number): boolean {
  return now >= record.at && now - record.at < LANE_LEASE_MS;
}
