import type { Readable } from 'node:stream';
import { SwitchboardError } from '../errors.js';
import type { ForwardTarget } from '../providers/forward-target.js';
import { normalizeProviderError } from '../providers/normalize-provider-error.js';
import type { ForwardRequest } from './forward-types.js';
import { inBandError, jsonAnswer, type OpenedForwardJson, type PreparedForward } from './open-forward.js';
import type { RouteCall } from './serve-with-fallback.js';
import type { UpstreamAnswer } from './upstream-sender.js';
import { createWireByteScanner, type WireByteScanner } from './wire-byte-scanner.js';

/** A forwarded stream over `node:http` whose first bytes have arrived, ready to relay. */
export interface OpenedNodeForwardStream {
  kind: 'passthrough-node-stream';
  contentType: string;
  /** The upstream body, paused after the first bytes. */
  body: Readable;
  /** The first bytes to send (the upstream's, or the scanner's rewrite of them). */
  first: Buffer;
  scanner: WireByteScanner;
  target: ForwardTarget;
}

const ignore = (): void => undefined;

/** What a Node answer's failures are judged with: the route's error settings and the attempt's abort. */
export type NodeAnswerErrors = Parameters<typeof normalizeProviderError>[1];

/** What opening one attempt's Node answer needs to know of the attempt. */
export interface NodeAnswerOpening {
  call: RouteCall;
  target: ForwardTarget;
  request: ForwardRequest;
  /** The runtime asked for OpenAI's usage chunk the caller did not (see `PreparedForward`). */
  stripUsageChunk: boolean;
  /** The attempt's abort, as a signal tells it: a failure after it is a cancellation or a timeout. */
  signal: Pick<AbortSignal, 'aborted' | 'reason'> | undefined;
}

/** Told once how opening a Node answer went: `failure`, else what was `opened`. */
export interface NodeAnswerListener {
  opened(failure: SwitchboardError | undefined, opened?: OpenedNodeForwardStream | OpenedForwardJson): void;
}

/** The errors of `opening`'s attempt are judged with. */
export function nodeAnswerErrors(opening: NodeAnswerOpening): NodeAnswerErrors {
  return { ...opening.target.errors, signal: opening.signal };
}

/**
 * Opens an attempt's Node answer as `Runtime.forward` does, and calls `done` once: a 2xx
 * complete answer read whole (its usage read off it), or a stream whose first bytes are there;
 * else the failure before the first byte — an error status, a body that fails or ends (or
 * reports an in-band error) before any output, a complete answer that is not JSON.
 */
export function openNodeAnswer(answer: UpstreamAnswer, opening: NodeAnswerOpening, listener: NodeAnswerListener): void {
  const { call, target, request } = opening;
  const { status, body } = answer;
  // An error after the answer is read below or by the relay; none may go unheard in between.
  body.on('error', ignore);
  if (status < 200 || status > 299) {
    void readAll(body)
      .catch(() => '')
      .then((text) => listener.opened(statusFailure(answer, text, nodeAnswerErrors(opening))));
    return;
  }
  const contentType = contentTypeOf(answer, request.stream);
  if (!request.stream) {
    readAll(body).then(
      (text) => {
        let json: OpenedForwardJson;
        try {
          json = jsonAnswer(
            call,
            request,
            { status, contentType, text },
            target.errors.providerName ?? call.candidate.target.provider,
          );
        } catch (error) {
          return listener.opened(error as SwitchboardError);
        }
        listener.opened(undefined, json);
      },
      (error: unknown) => listener.opened(normalizeProviderError(error, nodeAnswerErrors(opening))),
    );
    return;
  }
  const scanner = createWireByteScanner({
    wire: request.wire,
    stripUsageChunk: opening.stripUsageChunk,
    secrets: target.errors.secrets ?? [],
  });
  watchFirstOutput(body, scanner, (first, raw) => {
    if (first !== undefined)
      return listener.opened(undefined, { kind: 'passthrough-node-stream', contentType, body, first, scanner, target });
    body.destroy();
    listener.opened(noOutputFailure(scanner, raw, nodeAnswerErrors(opening), call.candidate.target.provider));
  });
}

/**
 * {@link openForward} over a Node answer (`SendUpstream`): the same failures thrown the same
 * way before the first byte (error status, refused connection, a body cut or an in-band error
 * before any output), but the answer stays a Node stream, watched by a byte scanner.
 */
export async function openNodeForward(
  call: RouteCall,
  target: ForwardTarget,
  request: ForwardRequest,
  prepared: PreparedForward,
  sending: Promise<UpstreamAnswer>,
): Promise<OpenedNodeForwardStream | OpenedForwardJson> {
  const opening: NodeAnswerOpening = {
    call,
    target,
    request,
    stripUsageChunk: prepared.stripUsageChunk,
    signal: call.request.signal,
  };
  let answer: UpstreamAnswer;
  try {
    answer = await sending;
  } catch (error) {
    throw normalizeProviderError(error, nodeAnswerErrors(opening));
  }
  return new Promise((resolve, reject) =>
    openNodeAnswer(answer, opening, {
      opened: (failure, opened) => (failure ? reject(failure) : resolve(opened!)),
    }),
  );
}

/** The content type of a 2xx answer (what it declared, else what its kind always is). */
function contentTypeOf(answer: UpstreamAnswer, stream: boolean): string {
  const declared = answer.headers['content-type'];
  return (Array.isArray(declared) ? declared[0] : declared) ?? (stream ? 'text/event-stream' : 'application/json');
}

/** The failure of an answer whose status is not 2xx, judged from its body `text`. */
function statusFailure(answer: UpstreamAnswer, text: string, errors: NodeAnswerErrors): SwitchboardError {
  return normalizeProviderError(
    { statusCode: answer.status, responseBody: text, responseHeaders: plainHeaders(answer.headers) },
    errors,
  );
}

/**
 * What a stream that gave no output is: its in-band error, the read's failure `raw`, or an
 * answer that ended before any output.
 */
function noOutputFailure(
  scanner: WireByteScanner,
  raw: unknown,
  errors: NodeAnswerErrors,
  provider: string,
): SwitchboardError {
  if (scanner.failure !== undefined) return inBandError(scanner.failure, errors);
  if (raw !== undefined) return raw instanceof SwitchboardError ? raw : normalizeProviderError(raw, errors);
  return new SwitchboardError(
    'STREAM_INTERRUPTED',
    `${errors.providerName ?? provider} ended the stream before any output.`,
    {
      provider,
      isRetryable: true,
    },
  );
}

/**
 * Reads until the scanner lets the first bytes through, then pauses the body and calls `done`
 * with them. An in-band error before them, the end of the body or a failed read calls it with
 * no output (and the read's error, if it was one): see {@link noOutputFailure}.
 */
function watchFirstOutput(
  body: Readable,
  scanner: WireByteScanner,
  done: (first: Buffer | undefined, raw?: unknown) => void,
): void {
  // Only the data listener is removed (the relay adds its own); the others return once `watching` is over.
  let watching = true;
  const stop = (): void => {
    watching = false;
    body.pause();
    body.off('data', onData);
  };
  const onData = (chunk: Buffer): void => {
    const out = scanner.feed(chunk);
    if (scanner.failure !== undefined) {
      stop();
      done(undefined);
      return;
    }
    const first = out ?? chunk;
    if (first.length === 0) return;
    stop();
    done(first);
  };
  const onEnd = (): void => {
    if (!watching) return;
    stop();
    done(undefined);
  };
  const onError = (error: unknown): void => {
    if (!watching) return;
    stop();
    done(undefined, error);
  };
  body.on('data', onData);
  body.on('end', onEnd);
  body.on('error', onError);
}

/** The whole body as text. */
function readAll(body: Readable): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.once('error', reject);
  });
}

function plainHeaders(headers: UpstreamAnswer['headers']): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) plain[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return plain;
}
