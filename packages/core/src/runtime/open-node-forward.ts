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
  const errorsOf = () => ({ ...target.errors, signal: call.request.signal });
  const providerName = (): string => target.errors.providerName ?? call.candidate.target.provider;
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
    throw normalizeProviderError(
      { statusCode: status, responseBody: text, responseHeaders: plainHeaders(headers) },
      errorsOf(),
    );
  }
  const declared = headers['content-type'];
  const contentType =
    (Array.isArray(declared) ? declared[0] : declared) ?? (request.stream ? 'text/event-stream' : 'application/json');

  if (!request.stream) {
    let text: string;
    try {
      text = await readAll(body);
    } catch (error) {
      throw normalizeProviderError(error, errorsOf());
    }
    return jsonAnswer(call, request, { status, contentType, text }, providerName());
  }

  const scanner = createWireByteScanner({
    wire: request.wire,
    stripUsageChunk: prepared.stripUsageChunk,
    secrets: target.errors.secrets ?? [],
  });
  try {
    const first = await firstOutput(body, scanner, () => {
      if (scanner.failure !== undefined) return inBandError(scanner.failure, errorsOf());
      return new SwitchboardError('STREAM_INTERRUPTED', `${providerName()} ended the stream before any output.`, {
        provider: call.candidate.target.provider,
        isRetryable: true,
      });
    });
    return { kind: 'passthrough-node-stream', contentType, body, first, scanner, target };
  } catch (error) {
    body.destroy();
    throw error instanceof SwitchboardError ? error : normalizeProviderError(error, errorsOf());
  }
}

/**
 * Reads until the scanner lets the first bytes through, then pauses the body. An in-band error
 * before them, or the end of the body, rejects with `failure()`.
 */
function firstOutput(body: Readable, scanner: WireByteScanner, failure: () => SwitchboardError): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
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
        reject(failure());
        return;
      }
      const first = out ?? chunk;
      if (first.length === 0) return;
      stop();
      resolve(first);
    };
    const onEnd = (): void => {
      stop();
      reject(failure());
    };
    const onError = (error: unknown): void => {
      stop();
      reject(error);
    };
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
  });
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
