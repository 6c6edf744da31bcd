import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  SwitchboardError,
  type ForwardedJson,
  type ForwardedNodeStream,
  type LaneRequest,
  type LaneSend,
  type PriorFailure,
} from '@switchboard/core';
import { anthropicDialect } from '../anthropic/anthropic-dialect.js';
import { messagesRequest } from '../anthropic/messages-route.js';
import { chatCompletionsRequest } from '../openai/chat-completions-route.js';
import { openaiDialect } from '../openai/openai-dialect.js';
import { responsesRequest } from '../openai/responses-route.js';
import { agentSessionOf, callerRefused } from './admit-caller.js';
import { AGENT_SESSION_HEADER, createTokenCheck, presentedToken, splitAgentSession } from './create-token-check.js';
import { errorAnswer } from './error-answer.js';
import type { GatewayDependencies } from './gateway-dependencies.js';
import type { GatewayRequestState } from './gateway-types.js';
import { nodeHeaderSource, type HeaderSource } from './header-source.js';
import { checkLoopbackHost } from './loopback-host-check.js';
import { readNodeJsonBody } from './read-json-body.js';
import { createRequestIds } from './create-request-ids.js';
import { createRequestState, type AbortOwner, type RequestFinisher } from './request-state.js';
import {
  answerRequest,
  callerHeaders,
  ownHeaders,
  writeForwardedJson,
  writeForwardedNodeStream,
  type ApiRequest,
  type ApiRequestBuilder,
} from './run-model-request.js';
import type { StreamEncoder } from './stream-encoder.js';
import type { UpstreamSpan, UpstreamTiming } from './upstream-timing.js';
import { writeNodeStream } from './write-node-stream.js';

/** The model endpoints the fast path serves, by path; every other request is Hono's. */
const FAST_PATH_APIS: ReadonlyMap<string, { build: ApiRequestBuilder; anthropic: boolean }> = new Map([
  ['/v1/chat/completions', { build: chatCompletionsRequest, anthropic: false }],
  ['/v1/responses', { build: responsesRequest, anthropic: false }],
  ['/v1/messages', { build: messagesRequest, anthropic: true }],
]);

/**
 * Which requests the fast path takes: `POST` to `/v1/chat/completions`, `/v1/responses` or
 * `/v1/messages`, with any query (`?beta=true`). Everything else — health and readiness, the
 * model list, token counting, other methods, unknown paths — goes to the Hono app.
 * @returns the path (without the query) when the fast path takes the request, else undefined.
 */
export function fastPathFor(method: string | undefined, url: string | undefined): string | undefined {
  if (method !== 'POST' || url === undefined) return undefined;
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return FAST_PATH_APIS.has(path) ? path : undefined;
}

/** Options of {@link createFastPath}: what the Hono app of the same gateway is built with. */
export interface FastPathOptions {
  dependencies: GatewayDependencies;
  /** The local token (a gateway that authenticates callers by key has no fast path). */
  token: string;
  /** The port the gateway listens on, for the Host check. */
  listeningPort: () => number | undefined;
  upstreamTiming: UpstreamTiming;
}

/**
 * A request's abort for the tracker and the client going away, passed on to its send on a lane;
 * it also releases the request from the tracker when it finishes. Its `AbortController` is made
 * only when something asks for it (the general path's signal): a request on a lane has none.
 */
class RequestAbort implements RequestFinisher, AbortOwner {
  lane: LaneSend | undefined = undefined;
  /** Set once the tracker has it; called when the request finishes. */
  release: (() => void) | undefined = undefined;
  aborted = false;
  private reason: unknown = undefined;
  private made: AbortController | undefined = undefined;
  /** The request has finished: nothing is aborted any more. */
  private finished = false;

  get controller(): AbortController {
    if (this.made === undefined) {
      this.made = new AbortController();
      if (this.aborted) this.made.abort(this.reason);
    }
    return this.made;
  }

  abort(reason: unknown): void {
    if (this.finished || this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.made?.abort(reason);
    this.lane?.abort(reason);
  }

  requestFinished(): void {
    this.finished = true;
    this.release?.();
  }
}

/** A `node:http` handler: true when it took the request, false to leave it to Hono. */
export type FastPath = (incoming: IncomingMessage, outgoing: ServerResponse) => boolean;

/**
 * The local gateway's model endpoints served by a plain `node:http` handler in front of Hono:
 * no web `Request`, no middleware chain, no `Context`. It keeps what the Hono app does for the
 * same requests, with the same code where it can: the Host/Origin check, the token check and the
 * agent session, the body limit, the request id and overhead headers, the access log line, one
 * error mapping in each API's shape, a client going away aborting the upstream, and
 * `answerRequest` — whose pass-through writes the upstream's Node stream straight into the
 * response (backpressure kept), while an answer the runtime translated is written from its
 * Response. A request the runtime has a lane for (`Runtime.lane`: the decision it made for the
 * same model a moment ago) is sent on it with callbacks only, and goes to `answerRequest` if it
 * fails before its first byte. The body read timeout is Node's
 * (`server.requestTimeout`), for both ways in.
 */
export function createFastPath(options: FastPathOptions): FastPath {
  const { dependencies, upstreamTiming, listeningPort } = options;
  const { logger, tracker, runtime } = dependencies;
  const checkToken = createTokenCheck(options.token);
  const newId = createRequestIds();
  let acceptedHost: string | null = null;
  let acceptedPort: number | undefined;

  function serve(incoming: IncomingMessage, outgoing: ServerResponse, path: string): void {
    const arrivedAt = performance.now();
    const api = FAST_PATH_APIS.get(path)!;
    const headers = nodeHeaderSource(incoming.headers);
    // The request's abort (the client going away, shutdown) also reaches a send on a lane.
    const aborts = new RequestAbort();
    aborts.release = tracker.add(aborts);
    // Once the request has finished, `aborts` ignores it (cheaper than removing the listener).
    outgoing.on('close', () => {
      if (!outgoing.writableFinished)
        aborts.abort(new SwitchboardError('CANCELLED', 'The client closed the connection.'));
    });
    const state = createRequestState({
      requestId: headers.get('x-request-id'),
      newId,
      arrivedAt,
      dialect: api.anthropic || headers.get('anthropic-version') !== null ? anthropicDialect : openaiDialect,
      aborts,
      method: 'POST',
      path,
      accessLog: dependencies.accessLog,
      finisher: aborts,
    });
    try {
      admit(headers, state);
    } catch (thrown) {
      state.finish(writeError(incoming, outgoing, state, thrown));
      return;
    }
    readNodeJsonBody(incoming, dependencies.bodyLimitBytes, (failure, body) => {
      let request: ApiRequest;
      try {
        if (failure !== undefined) throw failure;
        request = api.build(dependencies, state, body!);
      } catch (thrown) {
        state.finish(writeError(incoming, outgoing, state, thrown));
        return;
      }
      const header = (name: string): string | undefined => headers.get(name) ?? undefined;
      if (!state.agentSession && sendOnLane(incoming, outgoing, header, state, request, aborts)) return;
      void answer(incoming, outgoing, header, state, request, undefined);
    });
  }

  /** Answers through `answerRequest` (the runtime's `forward`), errors in the caller's API shape. */
  const answer: AnswerThroughForward = async (incoming, outgoing, header, state, request, priorFailure) => {
    let status = 200;
    try {
      // The runtime's upstream calls are linked to this request's timing (x-switchboard-overhead-ms).
      const response = await upstreamTiming.run(state.timing, () =>
        answerRequest(dependencies, { state, header, outgoing, ...(priorFailure ? { priorFailure } : {}) }, request),
      );
      if (response) {
        status = response.status;
        writeResponse(outgoing, response, state);
      }
    } catch (thrown) {
      status = writeError(incoming, outgoing, state, thrown);
    } finally {
      // A streamed body finishes the request at its own end.
      if (!state.streaming) state.finish(status);
    }
  };

  /**
   * Sends a request on the runtime's lane for its model, when there is one: true when it took
   * the request. Its answer is written as `answerRequest` writes a passed-through one; a failure
   * before the first byte goes to `answerRequest` as the route's first attempt.
   */
  function sendOnLane(
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    header: (name: string) => string | undefined,
    state: GatewayRequestState,
    request: ApiRequest,
    aborts: RequestAbort,
  ): boolean {
    const lane = aborts.aborted ? undefined : runtime.lane?.(request.model, request.wire);
    if (lane === undefined) return false;
    const startedAt = performance.now();
    const caller = new LaneCaller(laneContext, incoming, outgoing, header, state, request, aborts);
    const sent = lane.send(caller);
    if (sent === undefined) return false;
    // The lane answers (`started`, `completed`, `failed`) on a later turn, never from inside `send`.
    state.route = lane.route;
    state.level = lane.level;
    aborts.lane = sent;
    state.timing.runtimeStartedAt = startedAt;
    caller.span = state.timing.startSpan();
    return true;
  }

  /** Writes the error answer of `thrown` (or cuts a stream already started); returns its status. */
  function writeError(
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    state: GatewayRequestState,
    thrown: unknown,
  ): number {
    const answer = errorAnswer(state, thrown, logger);
    if (outgoing.headersSent) outgoing.destroy();
    else {
      const text = JSON.stringify(answer.body);
      // An unread body (refused before reading it) is not worth keeping the connection for.
      if (!incoming.complete) outgoing.shouldKeepAlive = false;
      outgoing.writeHead(answer.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...answer.headers,
        ...ownHeaders(state),
      });
      outgoing.end(text);
    }
    return answer.status;
  }

  /** The checks the Hono app's middleware makes before a model request. @throws GatewayRequestError */
  function admit(headers: HeaderSource, state: GatewayRequestState): void {
    const port = listeningPort();
    // Clients send the same Host on every request: one accepted value is not parsed again.
    const host = headers.get('host');
    const origin = headers.get('origin');
    if (port !== undefined && !(origin === null && host === acceptedHost && port === acceptedPort)) {
      checkLoopbackHost(headers, port);
      if (origin === null) {
        acceptedHost = host;
        acceptedPort = port;
      }
    }
    const { token, session } = splitAgentSession(presentedToken(headers));
    if (!checkToken(token)) throw callerRefused(false);
    const agentSession = agentSessionOf(session, headers.get(AGENT_SESSION_HEADER));
    if (agentSession) state.agentSession = agentSession;
  }

  const laneContext: LaneCallerContext = { dependencies, answer };

  return (incoming, outgoing) => {
    const path = fastPathFor(incoming.method, incoming.url);
    if (path === undefined) return false;
    serve(incoming, outgoing, path);
    return true;
  };
}

/** Writes an answer the runtime translated (its encoders built a web Response) to the Node response. */
function writeResponse(outgoing: ServerResponse, response: Response, state: GatewayRequestState): void {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  Object.assign(headers, ownHeaders(state));
  if (response.body) writeNodeStream(outgoing, response.status, headers, response.body);
  else {
    outgoing.writeHead(response.status, headers);
    outgoing.end();
  }
}

/** Answers a request through `answerRequest`; a lane's failure before the first byte goes there too. */
type AnswerThroughForward = (
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  header: (name: string) => string | undefined,
  state: GatewayRequestState,
  request: ApiRequest,
  priorFailure: PriorFailure | undefined,
) => Promise<void>;

/** What every {@link LaneCaller} of one fast path shares. */
interface LaneCallerContext {
  dependencies: GatewayDependencies;
  answer: AnswerThroughForward;
}

/** One request sent on a lane, as the lane sees its caller: one object, no closures. */
class LaneCaller implements LaneRequest {
  readonly body: ApiRequest['body'];
  readonly stream: boolean;
  readonly headers: Readonly<Record<string, string | undefined>>;
  span: UpstreamSpan | undefined = undefined;
  private encoder: StreamEncoder | undefined = undefined;

  constructor(
    private readonly context: LaneCallerContext,
    private readonly incoming: IncomingMessage,
    private readonly outgoing: ServerResponse,
    private readonly header: (name: string) => string | undefined,
    private readonly state: GatewayRequestState,
    private readonly request: ApiRequest,
    private readonly aborts: RequestAbort,
  ) {
    this.body = request.body;
    this.stream = state.stream;
    this.headers = callerHeaders(header, request.wire);
  }

  encodeError(error: SwitchboardError): string {
    return (this.encoder ??= this.request.createEncoder()).fail(error);
  }

  started(stream: ForwardedNodeStream): void {
    this.state.timing.runtimeAnsweredAt = performance.now();
    writeForwardedNodeStream(this.context.dependencies, this.state, this.outgoing, stream);
  }

  completed(answer: ForwardedJson): void {
    this.state.timing.runtimeAnsweredAt = performance.now();
    writeForwardedJson(this.state, this.outgoing, answer);
  }

  failed(priorFailure: PriorFailure): void {
    const { state } = this;
    this.aborts.lane = undefined;
    if (this.span) this.span.endedAt = performance.now();
    state.route = undefined;
    state.level = undefined;
    void this.context.answer(this.incoming, this.outgoing, this.header, state, this.request, priorFailure);
  }
}
