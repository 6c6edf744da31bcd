import type { SwitchboardError } from '../errors.js';
import { timeoutReason } from '../internal/abort-reason.js';
import type { ForwardTarget, WireFormat } from '../providers/forward-target.js';
import { normalizeProviderError } from '../providers/normalize-provider-error.js';
import type { ForwardRequest, LaneRequest, LaneSend } from './forward-types.js';
import { midStreamFailure, type MidStreamError } from './mid-stream-failure.js';
import { inBandError, prepareForward, type OpenedForwardJson } from './open-forward.js';
import {
  nodeAnswerErrors,
  openNodeAnswer,
  type NodeAnswerErrors,
  type NodeAnswerListener,
  type NodeAnswerOpening,
  type OpenedNodeForwardStream,
} from './open-node-forward.js';
import { NodeStreamRelay } from './relay-node-stream.js';
import type { StreamRelayHooks } from './relay-forwarded-stream.js';
import type { RouteCall } from './runtime-dependencies.js';
import type { SendUpstream, UpstreamAnswer, UpstreamExchange, UpstreamReply } from './upstream-sender.js';
import type { WireUsage } from './wire-event-inspector.js';

/** What every request on one lane shares: its route's call and where and how it is sent. */
export interface LaneRoute {
  /**
   * The call every request on the lane is recorded as (usage line, breaker, error messages).
   * Shared: nothing on a lane aborts or releases it; each request has its own abort.
   */
  call: RouteCall;
  target: ForwardTarget;
  wire: WireFormat;
  send: SendUpstream;
  /** How long a stream waits for its first bytes. */
  firstByteMs: number;
  /** How long a complete answer may take. */
  timeoutMs: number;
  idleTimeoutMs: number;
  now(): number;
  settleCall(call: RouteCall, result: { usage?: WireUsage | undefined; error?: SwitchboardError }): void;
  midStreamError: MidStreamError;
  /** A request on the lane failed before its first byte: the general path decides again. */
  drop(): void;
}

const ABORTED = 'This operation was aborted';

/**
 * One request on a lane, from the send to the end of its answer, as one object: it is the
 * sender's reply, the relay's hooks, the caller's abort and — for judging failures — the abort
 * signal's state. Its steps are `Runtime.forward`'s for the same request (the same body and
 * headers, timers, byte scanner or complete answer, failures, usage line and breaker), without
 * a promise or an `AbortController` on the way to a stream. A failure before the first byte goes
 * back to the caller's `failed` as the route's first attempt.
 */
export class LaneStream implements UpstreamReply, StreamRelayHooks, LaneSend, NodeAnswerListener {
  /** The abort's state, read as an abort signal's when a failure is judged. */
  aborted = false;
  reason: unknown = undefined;
  readonly provider: string;
  readonly idleTimeoutMs: number;
  private readonly startedAt: number;
  /** The request as `Runtime.forward` would have been given it, and how its answer is judged. */
  private opening: NodeAnswerOpening | undefined;
  private exchange: UpstreamExchange | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Started, completed or failed: the caller has been told. */
  private settled = false;

  constructor(
    private readonly lane: LaneRoute,
    private readonly request: LaneRequest,
  ) {
    this.provider = lane.call.candidate.target.provider;
    this.idleTimeoutMs = lane.idleTimeoutMs;
    this.startedAt = lane.now();
  }

  /** Sends the request; false when the lane's sender does not serve it after all (nothing was sent). */
  start(): boolean {
    const { lane, request } = this;
    // One literal (no spread of a temporary): made for every request on a lane.
    const forward: ForwardRequest = {
      model: lane.call.model.id,
      wire: lane.wire,
      body: request.body,
      stream: request.stream,
      headers: request.headers,
      encodeError: request.encodeError,
    };
    const prepared = prepareForward(lane.call, lane.target, forward);
    this.opening = {
      call: lane.call,
      target: lane.target,
      request: forward,
      stripUsageChunk: prepared.stripUsageChunk,
      signal: this,
    };
    this.exchange = lane.send(prepared.url, { headers: prepared.headers, body: prepared.body }, this);
    if (this.exchange === undefined) return false;
    this.timer = setTimeout(timedOut, this.waitMs(), this);
    return true;
  }

  /** The caller's abort (it went away, the gateway is shutting down), or the relay's. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException(ABORTED, 'AbortError');
    this.exchange?.abort(this.reason);
  }

  answered(answer: UpstreamAnswer): void {
    openNodeAnswer(answer, this.opening!, this);
  }

  failed(error: unknown): void {
    this.failBefore(normalizeProviderError(error, this.errors()));
  }

  encodeError(error: SwitchboardError): string {
    return this.request.encodeError(error);
  }

  classify(raw: unknown): SwitchboardError {
    return midStreamFailure(this.lane.midStreamError, this.lane.call, raw, this);
  }

  failureOf(failure: unknown): SwitchboardError {
    return inBandError(failure, this.errors());
  }

  end(result: { usage?: WireUsage | undefined; error?: SwitchboardError }): void {
    this.lane.settleCall(this.lane.call, result);
  }

  /** How long the answer may take to start (a stream) or to arrive whole. */
  private waitMs(): number {
    return this.request.stream ? this.lane.firstByteMs : this.lane.timeoutMs;
  }

  /** No answer (a stream's first bytes, or a complete answer) in time. */
  timedOut(): void {
    this.abort(timeoutReason(`No answer from ${this.provider} within ${this.waitMs()} ms.`));
  }

  /** The answer is there as `Runtime.forward` would take it: a stream's first bytes, or all of it. */
  opened(failure: SwitchboardError | undefined, opened?: OpenedNodeForwardStream | OpenedForwardJson): void {
    if (failure !== undefined) return this.failBefore(failure);
    if (this.settled) return;
    clearTimeout(this.timer);
    this.settled = true;
    const { lane } = this;
    lane.call.breaker.recordSuccess();
    if (opened!.kind === 'passthrough-json') {
      const { status, contentType, text, usage } = opened!;
      lane.settleCall(lane.call, { usage });
      this.request.completed({ status, contentType, body: text });
      return;
    }
    const { body, scanner, first, contentType } = opened!;
    const relay = new NodeStreamRelay(body, scanner, first, contentType, this);
    try {
      this.request.started(relay);
    } catch (error) {
      // The relay ends the answer with its error event and records it.
      this.abort(error);
    }
  }

  /** Nothing came before the first byte: the general path judges `raw` as its own first attempt. */
  private failBefore(raw: SwitchboardError): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.exchange!.abort(this.reason ?? raw);
    const { lane } = this;
    lane.call.breaker.release();
    lane.drop();
    this.request.failed({
      route: lane.call.candidate.target,
      credential: lane.call.context.credential,
      raw,
      startedAt: this.startedAt,
    });
  }

  private errors(): NodeAnswerErrors {
    return nodeAnswerErrors(this.opening!);
  }
}

/** A lane request's timer (a function of the module, given the stream: no closure per request). */
function timedOut(stream: LaneStream): void {
  stream.timedOut();
}
