import type { SwitchboardError } from '../errors.js';
import { timeoutReason } from '../internal/abort-reason.js';
import type { ForwardTarget, WireFormat } from '../providers/forward-target.js';
import { normalizeProviderError } from '../providers/normalize-provider-error.js';
import type { ForwardRequest, LaneRequest, LaneSend } from './forward-types.js';
import { midStreamFailure, type MidStreamError } from './mid-stream-failure.js';
import { inBandError, jsonAnswer, prepareForward, type OpenedForwardJson } from './open-forward.js';
import {
  contentTypeOf,
  ignore,
  noOutputFailure,
  readAll,
  scannerOf,
  statusFailure,
  watchFirstOutput,
  type NodeAnswerErrors,
} from './open-node-forward.js';
import { NodeStreamRelay } from './relay-node-stream.js';
import type { StreamRelayHooks } from './relay-forwarded-stream.js';
import type { RouteCall } from './runtime-dependencies.js';
import type { SendUpstream, UpstreamAnswer, UpstreamExchange, UpstreamReply } from './upstream-sender.js';
import type { WireByteScanner } from './wire-byte-scanner.js';
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
export class LaneStream implements UpstreamReply, StreamRelayHooks, LaneSend {
  /** The abort's state, read as an abort signal's when a failure is judged. */
  aborted = false;
  reason: unknown = undefined;
  readonly provider: string;
  readonly idleTimeoutMs: number;
  private readonly startedAt: number;
  /** The runtime asked for OpenAI's usage chunk the caller did not: the scanner drops it. */
  private stripUsageChunk = false;
  private exchange: UpstreamExchange | undefined;
  private timer: NodeJS.Timeout | undefined;
  private answer: UpstreamAnswer | undefined;
  private scanner: WireByteScanner | undefined;
  /** The request as `Runtime.forward` would have been given it. */
  private forward: ForwardRequest | undefined;
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
    const forward: ForwardRequest = {
      model: lane.call.model.id,
      wire: lane.wire,
      body: request.body,
      stream: request.stream,
      ...(request.headers ? { headers: request.headers } : {}),
      encodeError: request.encodeError,
    };
    this.forward = forward;
    const prepared = prepareForward(lane.call, lane.target, forward);
    this.stripUsageChunk = prepared.stripUsageChunk;
    this.exchange = lane.send(prepared.url, { headers: prepared.headers, body: prepared.body }, this);
    if (this.exchange === undefined) return false;
    this.timer = setTimeout(this.onTimeout, this.waitMs());
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
    const { body } = answer;
    // An error after the answer is read below or by the relay; none may go unheard in between.
    body.on('error', ignore);
    if (answer.status < 200 || answer.status > 299) {
      void readAll(body)
        .catch(() => '')
        .then((text) => this.failBefore(statusFailure(answer, text, this.errors())));
      return;
    }
    this.answer = answer;
    if (!this.request.stream) {
      readAll(body).then(this.onWhole, (raw: unknown) => this.failBefore(normalizeProviderError(raw, this.errors())));
      return;
    }
    this.scanner = scannerOf(this.lane.wire, this.stripUsageChunk, this.lane.target);
    watchFirstOutput(body, this.scanner, this.onFirstOutput);
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

  private readonly onTimeout = (): void => {
    this.abort(timeoutReason(`No answer from ${this.provider} within ${this.waitMs()} ms.`));
  };

  private readonly onFirstOutput = (first: Buffer | undefined, raw?: unknown): void => {
    const { body } = this.answer!;
    const scanner = this.scanner!;
    if (first === undefined) {
      body.destroy();
      this.failBefore(noOutputFailure(scanner, raw, this.errors(), this.provider));
      return;
    }
    clearTimeout(this.timer);
    this.settled = true;
    this.lane.call.breaker.recordSuccess();
    const relay = new NodeStreamRelay(body, scanner, first, contentTypeOf(this.answer!, true), this);
    try {
      this.request.started(relay);
    } catch (error) {
      // The relay ends the answer with its error event and records it.
      this.abort(error);
    }
  };

  /** A complete answer has arrived: its usage is recorded as `Runtime.forward` records it. */
  private readonly onWhole = (text: string): void => {
    const { lane } = this;
    const answer = this.answer!;
    let json: OpenedForwardJson;
    try {
      json = jsonAnswer(
        lane.call,
        this.forward!,
        { status: answer.status, contentType: contentTypeOf(answer, false), text },
        lane.target.errors.providerName ?? this.provider,
      );
    } catch (error) {
      this.failBefore(error as SwitchboardError);
      return;
    }
    if (this.settled) return;
    clearTimeout(this.timer);
    this.settled = true;
    lane.call.breaker.recordSuccess();
    lane.settleCall(lane.call, { usage: json.usage });
    this.request.completed({ status: json.status, contentType: json.contentType, body: json.text });
  };

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
    return { ...this.lane.target.errors, signal: this };
  }
}
