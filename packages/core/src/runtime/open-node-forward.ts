import type { Readable } from 'node:stream';
import { SwitchboardError } from '../errors.js';
import type { ForwardTarget, WireFormat } from '../providers/forward-target.js';
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

/** Keeps a body's error from going unheard between the answer and its reader. */
export const ignore = (): void => undefined;

/** What a Node answer's failures are judged with: the route's error settings and the attempt's abort. */
export type NodeAnswerErrors = Parameters<typeof normalizeProviderError>[1];

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
  // Only a failure needs these.
  const errorsOf = (): NodeAnswerErrors => ({ ...target.errors, signal: call.request.signal });
  let answer: UpstreamAnswer;
  try {
    answer = await sending;
  } catch (error) {
    throw normalizeProviderError(error, errorsOf());
  }
  const { status, headers, body } = answer;
  // An error after the answer is read below or by the relay; none may go unheard in between.
  body.on('error', ignore);
  if (status < 200 || status > 299) {
    const text = await readAll(body).catch(() => '');
    throw statusFailure(answer, text, errorsOf());
  }
  const contentType = contentTypeOf(answer, request.stream);
  if (!request.stream) {
    let text: string;
    try {
      text = await readAll(body);
    } catch (error) {
      throw normalizeProviderError(error, errorsOf());
    }
    return jsonAnswer(
      call,
      request,
      { status, contentType, text },
      target.errors.providerName ?? call.candidate.target.provider,
    );
  }

  const scanner = scannerOf(request.wire, prepared.stripUsageChunk, target);
  const first = await new Promise<Buffer>((resolve, reject) => {
    watchFirstOutput(body, scanner, (output, raw) => {
      if (output !== undefined) return resolve(output);
      body.destroy();
      reject(noOutputFailure(scanner, raw, errorsOf(), call.candidate.target.provider));
    });
  });
  return { kind: 'passthrough-node-stream', contentType, body, first, scanner, target };
}

/** The content type of a 2xx answer (what it declared, else what its kind always is). */
export function contentTypeOf(answer: UpstreamAnswer, stream: boolean): string {
  const declared = answer.headers['content-type'];
  return (Array.isArray(declared) ? declared[0] : declared) ?? (stream ? 'text/event-stream' : 'application/json');
}

/** The byte scanner that watches a forwarded stream (usage, its clean end, in-band errors, secrets). */
export function scannerOf(wire: WireFormat, stripUsageChunk: boolean, target: ForwardTarget): WireByteScanner {
  return createWireByteScanner({ wire, stripUsageChunk, secrets: target.errors.secrets ?? [] });
}

/** The failure of an answer whose status is not 2xx, judged from its body `text`. */
export function statusFailure(answer: UpstreamAnswer, text: string, errors: NodeAnswerErrors): SwitchboardError {
  return normalizeProviderError(
    { statusCode: answer.status, responseBody: text, responseHeaders: plainHeaders(answer.headers) },
    errors,
  );
}

/**
 * What a stream that gave no output is: its in-band error, the read's failure `raw`, or an
 * answer that ended before any output.
 */
export function noOutputFailure(
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
export function watchFirstOutput(
  body: Readable,
  scanner: WireByteScanner,
  done: (first: Buffer | undefined, raw?: unknown) => void,
): void {
  const stop = (): void => {
    body.pause();
    body.off('data', onData);
    body.off('end', onEnd);
    body.off('error', onError);
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
    stop();
    done(undefined);
  };
  const onError = (error: unknown): void => {
    stop();
    done(undefined, error);
  };
  body.on('data', onData);
  body.once('end', onEnd);
  body.once('error', onError);
}

/** The whole body as text. */
export function readAll(body: Readable): Promise<string> {
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
