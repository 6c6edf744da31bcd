import type { WireFormat } from '../providers/forward-target.js';
import {
  createWireEventInspector,
  type WireEventInspector,
  type WireEventInspectorOptions,
  type WireUsage,
} from './wire-event-inspector.js';

/**
 * Watches a forwarded server-sent-events stream as bytes, for its usage, its clean end and
 * in-band errors (what {@link createWireEventInspector} reads), without decoding the deltas.
 */
export interface WireByteScanner {
  /**
   * Takes the next piece of the upstream body and returns what to send on instead: `undefined`
   * to send the piece as it came (the usual case: whole events, nothing changed), else the bytes
   * to send (whole events only, possibly none: an unfinished event waits for its end).
   */
  feed(chunk: Buffer): Buffer | undefined;
  /** At the end of the body: an unfinished last event, sent as it is. */
  flush(): Buffer;
  readonly usage: WireUsage | undefined;
  /** The upstream's own clean end was seen (`[DONE]`, `message_stop`, `response.completed`). */
  readonly completed: boolean;
  /** The error object of an in-band error event, when the upstream reported a failure. */
  readonly failure: unknown;
}

/** Options of {@link createWireByteScanner}. */
export type WireByteScannerOptions = WireEventInspectorOptions;

const BOUNDARY = Buffer.from('\n\n');
const EMPTY: Buffer = Buffer.alloc(0);

/**
 * Byte strings an event worth reading contains (a superset: a delta whose text happens to hold
 * one is read and passed on unchanged). Everything else is only searched, never decoded.
 * OpenAI's chunks carry `"usage":null` until the one that counts, `"usage":{…}`: the markers are
 * the object's, with or without the space Python's `json.dumps` puts after a colon (vLLM, LiteLLM
 * and other compatible servers), so the `null` of every chunk costs no search of its own. No
 * marker starts with `"`: a search tries each place its first byte occurs, and JSON has a quote
 * every few bytes (`usage":{` and `error"` find everything `"usage":{` and `"error"` do, at about
 * three quarters of the time in `bench/runtime-forward.js`).
 */
const MARKERS: Readonly<Record<WireFormat, readonly Buffer[]>> = {
  'openai-chat': ['[DONE]', 'usage":{', 'usage": {', 'error"'].map((text) => Buffer.from(text)),
  'anthropic-messages': ['message_start', 'message_delta', 'message_stop', 'event: error', 'event:error'].map((text) =>
    Buffer.from(text),
  ),
  'openai-responses': [
    'response.completed',
    'response.incomplete',
    'response.failed',
    'event: error',
    'event:error',
  ].map((text) => Buffer.from(text)),
};

/**
 * Creates the scanner of one forwarded stream. Per piece it does a few native byte searches (the
 * last event boundary, each marker); only an event holding a marker is decoded and read, and
 * only a changed event (a dropped usage chunk, a scrubbed error) costs a copy.
 */
export function createWireByteScanner(options: WireByteScannerOptions): WireByteScanner {
  return new ByteScanner(options);
}

/** Where `marker` next occurs in `bytes` at or after `from`, or -1. */
function find(bytes: Buffer, marker: Buffer, from: number): number {
  return bytes.indexOf(marker, from);
}

/** One stream's scanner: a class, so a stream costs one object rather than a closure per method. */
class ByteScanner implements WireByteScanner {
  readonly #markers: readonly Buffer[];
  readonly #inspector: WireEventInspector;
  /** Each marker's next position in the piece being scanned (-1: none left), found once each. */
  readonly #found: number[];
  #pending: Buffer = EMPTY;

  constructor(options: WireByteScannerOptions) {
    this.#markers = MARKERS[options.wire];
    this.#inspector = createWireEventInspector(options);
    this.#found = this.#markers.map(() => -1);
  }

  get usage(): WireUsage | undefined {
    return this.#inspector.usage;
  }

  get completed(): boolean {
    return this.#inspector.completed;
  }

  get failure(): unknown {
    return this.#inspector.failure;
  }

  feed(chunk: Buffer): Buffer | undefined {
    const pending = this.#pending;
    const all = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    const boundary = all.lastIndexOf(BOUNDARY);
    if (boundary < 0) {
      this.#pending = all;
      return EMPTY;
    }
    const end = boundary + 2;
    const whole = end === all.length;
    const complete = whole ? all : all.subarray(0, end);
    // A copy: the rest must not keep the whole piece alive, nor change with it.
    this.#pending = whole ? EMPTY : Buffer.from(all.subarray(end));
    const out = this.#scan(complete);
    return out === chunk ? undefined : out;
  }

  flush(): Buffer {
    const rest = this.#pending;
    this.#pending = EMPTY;
    if (rest.length === 0) return rest;
    this.#findAll(rest);
    if (this.#nextMarker(rest, 0) >= 0) this.#inspector.inspect(rest.toString('utf8'));
    return rest;
  }

  /** Starts a new piece: every marker's first position in it. */
  #findAll(bytes: Buffer): void {
    const markers = this.#markers;
    for (let index = 0; index < markers.length; index += 1) this.#found[index] = find(bytes, markers[index]!, 0);
  }

  /** The first marker at or after `from`, or -1; only markers already passed are searched again. */
  #nextMarker(bytes: Buffer, from: number): number {
    const markers = this.#markers;
    const found = this.#found;
    let first = -1;
    for (let index = 0; index < markers.length; index += 1) {
      let at = found[index]!;
      if (at >= 0 && at < from) {
        at = find(bytes, markers[index]!, from);
        found[index] = at;
      }
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    return first;
  }

  /** Reads the marked events of whole events `bytes`; returns `bytes` itself when nothing changed. */
  #scan(bytes: Buffer): Buffer {
    let parts: Buffer[] | undefined;
    let copied = 0;
    let from = 0;
    this.#findAll(bytes);
    for (;;) {
      const hit = this.#nextMarker(bytes, from);
      if (hit < 0) break;
      const before = hit === 0 ? -1 : bytes.lastIndexOf(BOUNDARY, hit - 1);
      const start = Math.max(before < 0 ? 0 : before + 2, from);
      const after = bytes.indexOf(BOUNDARY, hit);
      const end = after < 0 ? bytes.length : after + 2;
      const event = bytes.toString('utf8', start, end);
      const kept = this.#inspector.inspect(event);
      if (kept !== event) {
        parts ??= [];
        if (start > copied) parts.push(bytes.subarray(copied, start));
        if (kept !== '') parts.push(Buffer.from(kept));
        copied = end;
      }
      from = end;
    }
    if (!parts) return bytes;
    if (copied < bytes.length) parts.push(bytes.subarray(copied));
    return Buffer.concat(parts);
  }
}
