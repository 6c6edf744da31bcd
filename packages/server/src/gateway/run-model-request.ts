import { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { PassThrough, Readable } from 'node:stream';
import type { Context } from 'hono';
import type {
  CatalogModel,
  ChatRequest,
  ForwardedJson,
  ForwardedNodeStream,
  GenerateResult,
  JsonBody,
  PriorFailure,
  WireFormat,
} from '@switchboard/core';
import type { GatewayDependencies } from './gateway-dependencies.js';
import type { GatewayEnv, GatewayRequestState } from './gateway-types.js';
import {
  eventStreamResponse,
  SSE_HEADERS,
  startStream,
  type StartedStream,
  type StreamOutcome,
} from './event-stream-response.js';
import { parseRoutingFields, type RoutingFields } from './parse-request-body.js';
import type { StreamEncoder } from './stream-encoder.js';
import { OVERHEAD_HEADER } from './upstream-timing.js';
import { writeNodeStream } from './write-node-stream.js';

/** The Node response behind a request @hono/node-server serves (none under `app.request`). */
function nodeResponseOf(c: Context<GatewayEnv>): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}

/** What answering a request needs of where it came from: Hono's context, or the Node fast path. */
export interface RequestExchange {
  state: GatewayRequestState;
  /** A request header, by lower-case name. */
  header(name: string): string | undefined;
  /** The Node response, when Node serves the request (not `app.request` in a test). */
  outgoing: ServerResponse | undefined;
  /** The failure of a first attempt the runtime's lane made for this request (see `ForwardRequest.priorFailure`). */
  priorFailure?: PriorFailure;
}

/** The {@link RequestExchange} of a request Hono serves. */
export function exchangeOf(c: Context<GatewayEnv>): RequestExchange {
  return { state: c.get('state'), header: (name) => c.req.header(name), outgoing: nodeResponseOf(c) };
}

/** The catalog model a request names (by id or alias); `UNKNOWN_MODEL` (404) naming the closest ids otherwise. */
export function requireModel(dependencies: GatewayDependencies, name: string): CatalogModel {
  return dependencies.catalog.get(name) ?? dependencies.catalog.require(name);
}

/**
 * A model request's routing fields, checked and noted on `state` (for the access log) before the
 * model they name is looked up: what every model route does first.
 */
export function routeModelRequest(
  dependencies: GatewayDependencies,
  state: GatewayRequestState,
  body: JsonBody,
): { routing: RoutingFields; model: CatalogModel } {
  let routing: RoutingFields;
  try {
    routing = parseRoutingFields(body);
  } catch (error) {
    // The access line of a refusal still names the model the caller asked for, when it named one.
    const named = body.member('model');
    if (typeof named === 'string' && named !== '') state.model = named;
    throw error;
  }
  state.model = routing.model;
  state.stream = routing.stream;
  return { routing, model: requireModel(dependencies, routing.model) };
}

/** One validated request of one API, as a route module hands it to {@link answerRequest}. */
export interface ApiRequest {
  wire: WireFormat;
  /** The body as the client sent it: forwarded as it is (but for the model) where the route speaks `wire`. */
  body: JsonBody;
  /** The catalog id of the model the request names. */
  model: string;
  /**
   * The same request in the runtime's neutral shape, built (and fully validated) only when a
   * route of another wire format serves it.
   */
  neutral(): ChatRequest;
  /** This API's stream encoder (neutral events → SSE); its `fail` also ends a forwarded stream that breaks. */
  createEncoder(): StreamEncoder;
  /** This API's response body for a neutral, complete answer. */
  resultBody(result: GenerateResult): unknown;
}

/** Builds one API's request from its body (a route module's `…Request`). */
export type ApiRequestBuilder = (
  dependencies: GatewayDependencies,
  state: GatewayRequestState,
  body: JsonBody,
) => ApiRequest;

/** Caller headers an upstream of the same API needs (the runtime passes on nothing else). */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

const NO_HEADERS: Readonly<Record<string, string | undefined>> = Object.freeze({});

/** The caller's headers a `wire` upstream may need, for `runtime.forward`. */
export function callerHeaders(
  header: (name: string) => string | undefined,
  wire: WireFormat,
): Readonly<Record<string, string | undefined>> {
  if (wire !== 'anthropic-messages') return NO_HEADERS;
  const headers: Record<string, string | undefined> = {};
  for (const name of FORWARDED_HEADERS) headers[name] = header(name);
  return headers;
}

/** The headers every answer the gateway writes itself carries: the request id and its overhead so far. */
export function ownHeaders(state: GatewayRequestState): Record<string, string> {
  return headersOf(pushOwnHeaders([], state));
}

/** {@link ownHeaders} as name-value pairs, pushed onto `head`. */
function pushOwnHeaders(head: string[], state: GatewayRequestState): string[] {
  head.push('x-request-id', state.id, OVERHEAD_HEADER, state.timing.overheadMs(performance.now()).toFixed(3));
  return head;
}

/** Name-value `pairs` as a headers object. */
function headersOf(pairs: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index < pairs.length; index += 2) headers[pairs[index]!] = pairs[index + 1]!;
  return headers;
}

/**
 * Answers one API request through `runtime.forward`: where the chosen route speaks the caller's
 * wire format, the upstream's answer goes back as it came (no conversion either way); otherwise
 * the runtime's neutral stream or result is encoded in the caller's format. A failure before
 * the first byte is thrown, so it goes out with its own status in the caller's error shape.
 * Resolves to the Response to send, or to undefined when the answer was written to
 * `exchange.outgoing` already.
 */
export async function answerRequest(
  dependencies: GatewayDependencies,
  exchange: RequestExchange,
  api: ApiRequest,
): Promise<Response | undefined> {
  const { state, outgoing } = exchange;
  let encoder: StreamEncoder | undefined;
  const encoderOf = (): StreamEncoder => (encoder ??= api.createEncoder());
  state.timing.runtimeStartedAt = performance.now();
  const forwarded = await dependencies.runtime.forward({
    model: api.model,
    signal: state.controller.signal,
    neutral: () => api.neutral(),
    wire: api.wire,
    body: api.body,
    stream: state.stream,
    headers: callerHeaders(exchange.header, api.wire),
    ...(state.agentSession ? { agentSession: state.agentSession } : {}),
    ...(state.credentialContext ? { credentialContext: state.credentialContext } : {}),
    encodeError: (error) => encoderOf().fail(error),
    ...(exchange.priorFailure ? { priorFailure: exchange.priorFailure } : {}),
  });
  state.timing.runtimeAnsweredAt = performance.now();
  state.route = forwarded.route;
  state.level = forwarded.level;
  const served = servedByHeaders(state);
  switch (forwarded.type) {
    case 'generate':
      return Response.json(api.resultBody(forwarded.result), { status: 200, headers: served });
    case 'stream':
      return streamedResponse(dependencies, state, await startStream(forwarded.events, state), encoderOf());
    case 'passthrough-json': {
      if (!outgoing)
        return new Response(forwarded.body, {
          status: forwarded.status,
          headers: { 'content-type': forwarded.contentType, ...served },
        });
      writeForwardedJson(state, outgoing, forwarded);
      return undefined;
    }
    case 'passthrough-stream':
    case 'passthrough-node-stream': {
      // Served by Node (not `app.request` in a test): the bytes go straight to the socket.
      if (forwarded.type === 'passthrough-node-stream' && outgoing) {
        writeForwardedNodeStream(dependencies, state, outgoing, forwarded);
        return undefined;
      }
      finishAtEnd(dependencies, state, forwarded.ended);
      const headers = { ...SSE_HEADERS, 'content-type': forwarded.contentType, ...served };
      if (forwarded.type === 'passthrough-stream') {
        if (outgoing) {
          writeNodeStream(outgoing, 200, { ...headers, ...ownHeaders(state) }, forwarded.body);
          return undefined;
        }
        return new Response(forwarded.body, { status: 200, headers });
      }
      const body = new PassThrough();
      forwarded.pipe(body);
      return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status: 200, headers });
    }
    case 'not-forwarded':
      // Only requests that ask for `forwardOnly` get this answer, and this one did not.
      throw new Error('The runtime did not serve a request that allows every route.');
  }
}

/**
 * Writes a complete passed-through answer to the caller's Node response, with the upstream's own
 * status, and finishes the request.
 */
export function writeForwardedJson(state: GatewayRequestState, outgoing: ServerResponse, answer: ForwardedJson): void {
  state.streaming = true;
  // Name-value pairs, as the streamed head (written for every complete passed-through answer).
  const head = ['content-type', answer.contentType];
  pushServedByHeaders(head, state);
  head.push('content-length', String(Buffer.byteLength(answer.body)));
  pushOwnHeaders(head, state);
  outgoing.writeHead(answer.status, head);
  outgoing.end(answer.body);
  state.finish(answer.status);
}

/**
 * Writes a passed-through Node stream into the caller's Node response: the head with the route
 * and overhead headers, then the upstream's bytes; the stream's end finishes the request.
 */
export function writeForwardedNodeStream(
  dependencies: GatewayDependencies,
  state: GatewayRequestState,
  outgoing: ServerResponse,
  stream: ForwardedNodeStream,
): void {
  state.streaming = true;
  // This head is written for every passed-through stream: as name-value pairs, which Node
  // writes in order without enumerating an object's keys. Node adds `Transfer-Encoding:
  // chunked` itself (no content length); the SSE headers' copy of it is for Hono's adapter.
  const head: string[] = [
    'content-type',
    stream.contentType,
    'cache-control',
    SSE_HEADERS['cache-control'],
    'x-accel-buffering',
    SSE_HEADERS['x-accel-buffering'],
  ];
  pushServedByHeaders(head, state);
  pushOwnHeaders(head, state);
  outgoing.writeHead(200, head);
  stream.pipe(outgoing, (outcome) => streamFinished(dependencies, state, outcome));
}

/**
 * Who served an answer, on every answer: the provider, the way in (`api-key`, `oauth`, …) and,
 * where the runtime knows it, the credential level (`user`, `workspace` on a team server).
 */
export function servedByHeaders(state: GatewayRequestState): Record<string, string> {
  return headersOf(pushServedByHeaders([], state));
}

/** {@link servedByHeaders} as name-value pairs, pushed onto `head`. */
function pushServedByHeaders(head: string[], state: GatewayRequestState): string[] {
  const { route } = state;
  if (!route) return head;
  head.push('x-switchboard-provider', route.provider, 'x-switchboard-method', route.method);
  if (state.level) head.push('x-switchboard-credential-level', state.level);
  return head;
}

/** The SSE response of a started stream; the stream's end finishes the request (log, release). */
export function streamedResponse(
  dependencies: GatewayDependencies,
  state: GatewayRequestState,
  started: StartedStream,
  encoder: StreamEncoder,
): Response {
  state.streaming = true;
  return eventStreamResponse({
    started,
    encoder,
    state,
    headers: servedByHeaders(state),
    onEnd: (outcome) => streamEnded(dependencies, state, outcome),
  });
}

/** A passed-through stream finishes its request (log line, release) when it ends, not when its head is written. */
function finishAtEnd(
  dependencies: GatewayDependencies,
  state: GatewayRequestState,
  ended: Promise<StreamOutcome>,
): void {
  state.streaming = true;
  void ended.then((outcome) => streamFinished(dependencies, state, outcome));
}

/** A passed-through stream's end: its request finishes (log line, release). */
function streamFinished(dependencies: GatewayDependencies, state: GatewayRequestState, outcome: StreamOutcome): void {
  state.timing.runtimeAnsweredAt = performance.now();
  streamEnded(dependencies, state, outcome);
}

function streamEnded(dependencies: GatewayDependencies, state: GatewayRequestState, outcome: StreamOutcome): void {
  if (outcome.cancelled) state.errorCode = 'CANCELLED';
  else if (outcome.error) {
    state.errorCode = outcome.error.code;
    dependencies.logger.warn(
      { reqId: state.id, errorCode: outcome.error.code, provider: state.route?.provider },
      'stream failed after it started',
    );
  }
  state.finish(200);
}
