import { SwitchboardError } from '../errors.js';
import type { ForwardTarget, WireFormat } from '../providers/forward-target.js';
import { normalizeProviderError } from '../providers/normalize-provider-error.js';
import { asksForUsage } from './asks-for-usage.js';
import type { ForwardRequest } from './forward-types.js';
import type { RouteCall } from './serve-with-fallback.js';
import {
  createWireStreamMonitor,
  usageOfWireBody,
  type WireStreamMonitor,
  type WireUsage,
} from './wire-stream-monitor.js';

/** Caller headers passed on to an upstream of the same API; nothing else of the caller's is sent. */
const CALLER_HEADERS: Readonly<Record<WireFormat, readonly string[]>> = {
  'anthropic-messages': ['anthropic-version', 'anthropic-beta'],
  'openai-chat': [],
  'openai-responses': [],
};

const TEXT = new TextEncoder();

/** A forwarded stream whose first bytes have arrived, ready to relay. */
export interface OpenedForwardStream {
  kind: 'passthrough-stream';
  contentType: string;
  reader: ReadableStreamDefaultReader<Uint8Array>;
  /** The first bytes to send (the upstream's, or the monitor's rewrite of them). */
  first: Uint8Array;
  monitor: WireStreamMonitor;
  decoder: TextDecoder;
  target: ForwardTarget;
}

/** A complete forwarded (non-streamed) answer. */
export interface OpenedForwardJson {
  kind: 'passthrough-json';
  status: number;
  contentType: string;
  text: string;
  usage: WireUsage | undefined;
}

/**
 * Sends the caller's body to `target` with the route's upstream model id and credential, and
 * waits for the first bytes of the answer (streams) or the whole answer. Every failure up to
 * then — an error status, a refused connection, a body cut before any output, an in-band error
 * event as the first thing sent — is thrown as a SwitchboardError built from the upstream's
 * status and body with the credential scrubbed, so the runtime may refresh, wait, or fall back
 * exactly as it does for adapter calls; the upstream's error body itself is never passed on.
 */
export async function openForward(
  call: RouteCall,
  target: ForwardTarget,
  request: ForwardRequest,
  prepared: PreparedForward,
  fetch: typeof globalThis.fetch,
): Promise<OpenedForwardStream | OpenedForwardJson> {
  const { url, headers, body, stripUsageChunk } = prepared;
  const signal = call.request.signal;
  const errors = { ...target.errors, signal };
  const providerName = target.errors.providerName ?? call.candidate.target.provider;

  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : Buffer.concat(body),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw normalizeProviderError(error, errors);
  }
  if (!response.ok) {
    let text = '';
    try {
      text = await response.text();
    } catch {
      // The status alone still says what went wrong.
    }
    throw normalizeProviderError(
      { statusCode: response.status, responseBody: text, responseHeaders: Object.fromEntries(response.headers) },
      errors,
    );
  }
  const contentType =
    response.headers.get('content-type') ?? (request.stream ? 'text/event-stream' : 'application/json');

  if (!request.stream) {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw normalizeProviderError(error, errors);
    }
    return jsonAnswer(call, request, { status: response.status, contentType, text }, providerName);
  }

  const interrupted = () =>
    new SwitchboardError('STREAM_INTERRUPTED', `${providerName} ended the stream before any output.`, {
      provider: call.candidate.target.provider,
      isRetryable: true,
    });
  if (!response.body) throw interrupted();
  const reader = response.body.getReader();
  const monitor = createWireStreamMonitor({
    wire: request.wire,
    stripUsageChunk,
    secrets: target.errors.secrets ?? [],
  });
  const decoder = new TextDecoder();
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw normalizeProviderError(error, errors);
      }
      if (chunk.done) throw interrupted();
      const out = monitor.feed(decoder.decode(chunk.value, { stream: true }));
      // An error event before anything else: nothing was sent yet, so it may still fall back.
      if (monitor.failure !== undefined) throw inBandError(monitor.failure, errors);
      if (out === undefined)
        return { kind: 'passthrough-stream', contentType, reader, first: chunk.value, monitor, decoder, target };
      if (out !== '')
        return { kind: 'passthrough-stream', contentType, reader, first: TEXT.encode(out), monitor, decoder, target };
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  }
}

/**
 * A complete (non-streamed) answer of a forwarded call, its usage read off it.
 * @throws SwitchboardError `UPSTREAM_ERROR` (retryable) when the answer is not JSON.
 */
export function jsonAnswer(
  call: RouteCall,
  request: ForwardRequest,
  answer: { status: number; contentType: string; text: string },
  providerName: string = call.candidate.target.provider,
): OpenedForwardJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text) as unknown;
  } catch {
    throw new SwitchboardError('UPSTREAM_ERROR', `${providerName} answered with something that is not JSON.`, {
      provider: call.candidate.target.provider,
      status: answer.status,
      isRetryable: true,
    });
  }
  return {
    kind: 'passthrough-json',
    ...answer,
    usage: request.path === undefined ? usageOfWireBody(request.wire, parsed) : undefined,
  };
}

/** What goes upstream for a forwarded request. */
export interface PreparedForward {
  url: string;
  headers: Record<string, string>;
  /** The caller's body with the route's upstream model id (and what the route needs added): text, or its pieces. */
  body: string | readonly Buffer[];
  /** The runtime asked for OpenAI's usage chunk: the caller did not, so it is dropped on the way back. */
  stripUsageChunk: boolean;
}

/** The upstream request of a forwarded call: the caller's body but for the model id, the route's headers. */
export function prepareForward(call: RouteCall, target: ForwardTarget, request: ForwardRequest): PreparedForward {
  const model = call.candidate.target.upstreamId;
  // The runtime asks for OpenAI's usage chunk when the caller did not (and drops it on the way back).
  const stripUsageChunk = request.stream === true && target.usageOnRequest === true && !asksForUsage(request.body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: request.stream ? 'text/event-stream' : 'application/json',
    ...target.headers,
  };
  for (const name of CALLER_HEADERS[request.wire]) {
    const value = request.headers?.[name];
    if (value) headers[name] = value;
  }
  return {
    url: request.path === undefined ? target.url : `${target.url}${request.path}`,
    headers,
    body: upstreamBody(request, target, model, stripUsageChunk),
    stripUsageChunk,
  };
}

/** The caller's body with the route's model (and the usage chunk asked for): spliced into its bytes when it can be. */
function upstreamBody(
  request: ForwardRequest,
  target: ForwardTarget,
  model: string,
  includeUsage: boolean,
): string | readonly Buffer[] {
  if (!target.adaptBody) {
    const spliced = request.body.splice({ model, includeUsage });
    if (spliced !== undefined) return spliced;
  }
  const body: Record<string, unknown> = { ...request.body.value(), model };
  if (includeUsage) body['stream_options'] = { ...record(body['stream_options']), include_usage: true };
  target.adaptBody?.(body);
  return JSON.stringify(body);
}

/** The SwitchboardError of an upstream's in-band error event (its `error` object). */
export function inBandError(failure: unknown, errors: Parameters<typeof normalizeProviderError>[1]): SwitchboardError {
  return normalizeProviderError({ data: { error: failure } }, errors);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
