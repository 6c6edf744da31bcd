import type { Writable } from 'node:stream';
import type { SwitchboardError } from '../errors.js';
import type { WireFormat } from '../providers/forward-target.js';
import type { ModelMessage } from 'ai';
import type { PriorFailure } from './prior-failure.js';
import type { ChatRequest, GenerateResult, RouteTarget, StreamEvent } from '../providers/types.js';
import type { JsonBody } from './json-body.js';
import type { RuntimeRequest } from './serve-with-fallback.js';

/**
 * A request as its caller's API sent it, for `Runtime.forward`: the parsed body to pass on
 * where the chosen route speaks the same wire format, and the same request in the neutral
 * shape (`messages`, `tools`, …) for routes that do not.
 */
export interface ForwardRequest extends Omit<RuntimeRequest, 'messages'> {
  /** The neutral messages, when the caller built them up front (else {@link ForwardRequest.neutral} builds them). */
  messages?: ModelMessage[];
  /**
   * Builds the neutral request only when a route of another wire format is about to serve it:
   * a pass-through is then checked for nothing but what routing needs, and a body only that
   * conversion rejects (its error thrown from here) never fails a same-wire route. Overrides the
   * inline neutral fields.
   */
  neutral?(): Omit<ChatRequest, 'model' | 'signal'>;
  /**
   * A resource below the wire format's endpoint (`/count_tokens` under Anthropic's
   * `/v1/messages`). Such a call records no usage.
   */
  path?: string;
  /**
   * Only a route that takes the body as it is may serve the request; for any other the answer
   * is `not-forwarded` and the caller answers itself (e.g. with an estimate).
   */
  forwardOnly?: boolean;
  wire: WireFormat;
  /**
   * The caller's JSON body as it came; only `model` is replaced (by the route's upstream id). A
   * same-wire route sends its bytes with that one change spliced in, never parsing the rest.
   */
  body: JsonBody;
  stream: boolean;
  /** Caller headers an upstream of the same API may need (`anthropic-version`, `anthropic-beta`); others are not sent. */
  headers?: Readonly<Record<string, string | undefined>>;
  /**
   * The caller's error event for a forwarded stream that fails after its first byte (a cut, an
   * idle timeout): the runtime appends it, so the stream never ends silently.
   */
  encodeError(error: SwitchboardError): string;
  /**
   * A first attempt already made for this request on one route (by a {@link ForwardLane}) that
   * failed before its first byte: it stands in for that route's first attempt, so the refresh
   * after a 401, the Retry-After wait and the fallback follow from it and nothing is sent twice.
   */
  priorFailure?: PriorFailure;
}

/** A forwarded stream whose first bytes are there, to write into the caller's Node response. */
export interface ForwardedNodeStream {
  /** The upstream's `content-type`. */
  contentType: string;
  /**
   * Writes the upstream's events into `sink` (the caller's Node response) and ends it; call
   * it once. A failure after the first byte ends it with `encodeError`'s event; a full sink
   * pauses the upstream; a sink closed early aborts it. `onEnded` is told how it ended, once,
   * as `ended` settles.
   */
  pipe(sink: Writable, onEnded?: (outcome: ForwardedStreamOutcome) => void): void;
  /** Settles when the body has ended (usage recorded). Never rejects. */
  readonly ended: Promise<ForwardedStreamOutcome>;
}

/**
 * One request on a {@link ForwardLane}: a same-wire pass-through, streamed or not, whose answer
 * or failure comes back through callbacks.
 */
export interface LaneRequest {
  body: JsonBody;
  /** The caller asked for a stream (`started` answers it), or for one complete answer (`completed`). */
  stream: boolean;
  /** As {@link ForwardRequest.headers}. */
  headers?: Readonly<Record<string, string | undefined>>;
  /** As {@link ForwardRequest.encodeError}. */
  encodeError(error: SwitchboardError): string;
  /** A stream's first bytes are there: write the head, then `pipe`. */
  started(stream: ForwardedNodeStream): void;
  /** The complete answer, as the upstream gave it (its usage recorded). */
  completed(answer: ForwardedJson): void;
  /**
   * Nothing came before the first byte (an error status, a refused connection, a timeout, the
   * caller's abort): serve the request with `Runtime.forward`, this failure as its `priorFailure`.
   */
  failed(failure: PriorFailure): void;
}

/** A complete answer passed through as the upstream gave it (`model` names the upstream model). */
export interface ForwardedJson {
  status: number;
  contentType: string;
  body: string;
}

/**
 * The runtime's decision for a model's same-wire pass-through, kept from a request it just
 * served that way: the route, its credential and where it goes. Sending on it does what
 * `Runtime.forward` does for such a request (the upstream body, the timers, the byte scanner or
 * the complete answer's usage, the circuit breaker, the usage line) without planning again; any
 * failure before the first byte goes back to `Runtime.forward`.
 */
export interface ForwardLane {
  readonly route: RouteTarget;
  /** The credential level that serves it (`user`, `workspace`, …), when the runtime knows it. */
  readonly level: string | undefined;
  /**
   * Sends `request`. Returns it under way, to abort — for the caller going away or the gateway
   * shutting down, as a `forward` request's signal would abort it: before the first byte it
   * ends in `failed` (whose `forward` then answers the abort), after it the stream ends with
   * `encodeError`'s event. Undefined when the lane cannot take the request after all: serve it
   * with `forward`.
   */
  send(request: LaneRequest): LaneSend | undefined;
}

/** A request sent on a {@link ForwardLane}. */
export interface LaneSend {
  abort(reason: unknown): void;
}

/** How a forwarded stream ended. */
export interface ForwardedStreamOutcome {
  /** Set when the stream failed (cut, timeout, an upstream error event). */
  error: SwitchboardError | undefined;
  /** The consumer stopped reading (cancelled the body) before the end. */
  cancelled: boolean;
}

/**
 * What `Runtime.forward` answered with. `passthrough-*`: the upstream's own bytes (its `model`
 * field names the upstream model); `stream` / `generate`: the neutral results of a route that
 * speaks another format, for the caller to encode as it does for `stream` / `generate`.
 */
export type Forwarded = ForwardedAnswer & {
  /** The credential level that served it (`user`, `workspace`, …), when the runtime knows it. */
  level?: string;
};

/** {@link Forwarded} by kind. */
export type ForwardedAnswer =
  | {
      type: 'passthrough-stream';
      route: RouteTarget;
      /** The upstream's `content-type`. */
      contentType: string;
      /** The upstream's events; a failure after the first byte ends it with `encodeError`'s event. */
      body: ReadableStream<Uint8Array>;
      /** Settles when the body has ended (usage recorded). Never rejects. */
      ended: Promise<ForwardedStreamOutcome>;
    }
  /** A passed-through stream over `node:http` (the runtime has a `sendUpstream`): no web stream on the way. */
  | ({ type: 'passthrough-node-stream'; route: RouteTarget } & ForwardedNodeStream)
  | ({ type: 'passthrough-json'; route: RouteTarget } & ForwardedJson)
  | { type: 'stream'; route: RouteTarget; events: AsyncIterable<StreamEvent> }
  /** A `forwardOnly` request whose route speaks another wire format: nothing was sent. */
  | { type: 'not-forwarded'; route: RouteTarget }
  | { type: 'generate'; route: RouteTarget; result: GenerateResult };

export type { PriorFailure } from './prior-failure.js';
