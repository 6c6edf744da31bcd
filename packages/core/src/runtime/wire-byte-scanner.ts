import type { WireFormat } from '../providers/forward-target.js';
import { createWireEventInspector, type WireEventInspectorOptions, type WireUsage } from './wire-event-inspector.js';

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
const USAGE_KEY = '"usage":';

/**
 * Byte strings an event worth reading contains (a superset: a delta whose text happens to hold
 * one is read and passed on unchanged). Everything else is only searched, never decoded.
 */
const MARKERS: Readonly<Record<WireFormat, readonly Buffer[]>> = {
  'openai-chat': ['[DONE]', USAGE_KEY, '"error"'].map((text) => Buffer.from(text)),
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
const USAGE_MARKER = MARKERS['openai-chat'][1]!;

/** True when a `"usage":` key at `at` holds an object (OpenAI sends `"usage":null` on every chunk). */
function usageObjectAt(bytes: Buffer, at: number): boolean {
  for (let index = at + USAGE_KEY.length; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (byte === 0x7b) return true;
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  }
  return false;
}

/**
 * Creates the scanner of one forwarded stream. Per piece it does a few native byte searches (the
 * last event boundary, each marker); only an event holding a marker is decoded and read, and
 * only a changed event (a dropped usage chunk, a scrubbed error) costs a copy.
 */
export function createWireByteScanner(options: WireByteScannerOptions): WireByteScanner {
  const markers = MARKERS[options.wire];
  const inspector = createWireEventInspector(options);
  let pending: Buffer = EMPTY;

  /** Each marker's next position in the piece being scanned (-1: none left), found once each. */
  const found = markers.map(() => -1);

  /** Where `marker` next occurs at or after `from`, or -1. */
  function find(bytes: Buffer, marker: Buffer, from: number): number {
    let at = bytes.indexOf(marker, from);
    if (marker === USAGE_MARKER)
      while (at >= 0 && !usageObjectAt(bytes, at)) at = bytes.indexOf(marker, at + marker.length);
    return at;
  }

  /** The first marker at or after `from`, or -1; only markers already passed are searched again. */
  function nextMarker(bytes: Buffer, from: number): number {
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

  /** Starts a new piece: every marker's first position in it. */
  function findAll(bytes: Buffer): void {
    for (let index = 0; index < markers.length; index += 1) found[index] = find(bytes, markers[index]!, 0);
  }

  /** Reads the marked events of whole events `bytes`; returns `bytes` itself when nothing changed. */
  function scan(bytes: Buffer): Buffer {
    let parts: Buffer[] | undefined;
    let copied = 0;
    let from = 0;
    findAll(bytes);
    for (;;) {
      const hit = nextMarker(bytes, from);
      if (hit < 0) break;
      const before = hit === 0 ? -1 : bytes.lastIndexOf(BOUNDARY, hit - 1);
      const start = Math.max(before < 0 ? 0 : before + 2, from);
      const after = bytes.indexOf(BOUNDARY, hit);
      const end = after < 0 ? bytes.length : after + 2;
      const event = bytes.toString('utf8', start, end);
      const kept = inspector.inspect(event);
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

  return {
    feed(chunk) {
      const all = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const boundary = all.lastIndexOf(BOUNDARY);
      if (boundary < 0) {
        pending = all;
        return EMPTY;
      }
      const end = boundary + 2;
      const whole = end === all.length;
      const complete = whole ? all : all.subarray(0, end);
      // A copy: the rest must not keep the whole piece alive, nor change with it.
      pending = whole ? EMPTY : Buffer.from(all.subarray(end));
      const out = scan(complete);
      return out === chunk ? undefined : out;
    },
    flush() {
      const rest = pending;
      pending = EMPTY;
      if (rest.length === 0) return rest;
      findAll(rest);
      if (nextMarker(rest, 0) >= 0) inspector.inspect(rest.toString('utf8'));
      return rest;
    },
    get usage() {
      return inspector.usage;
    },
    get completed() {
      return inspector.completed;
    },
    get failure() {
      return inspector.failure;
    },
  };
}
