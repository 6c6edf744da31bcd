import { SwitchboardError } from '../errors.js';

/** What {@link JsonBody.splice} changes in a request body. */
export interface JsonBodyChanges {
  /** The top-level `model` member's new value. */
  model: string;
  /** Adds `"stream_options":{"include_usage":true}` (only to a body that has no `stream_options`). */
  includeUsage?: boolean;
}

/**
 * A caller's JSON request body, kept as the bytes it came in. Only its top level is read up
 * front; a member is parsed when asked for, the whole body only when a route has to translate
 * it. A same-wire pass-through sends the bytes with the routed fields spliced in: for the
 * hundreds of kilobytes coding agents send on every turn, no string or object of the body is
 * ever built (each would be copied by every young-generation collection while the request is
 * in flight).
 */
export interface JsonBody {
  /** The body as the caller sent it (UTF-8 JSON). */
  readonly bytes: Buffer;
  /**
   * A top-level member's value, parsed (the last one when given twice, as `JSON.parse` keeps);
   * undefined when absent.
   * @throws InvalidJsonBodyError when its text is not JSON.
   */
  member(name: string): unknown;
  /**
   * The whole body, parsed once.
   * @throws InvalidJsonBodyError when it is not JSON.
   */
  value(): Record<string, unknown>;
  /**
   * The bytes with only `changes` made, the rest kept byte for byte, as the pieces to write one
   * after another (views of {@link JsonBody.bytes} and the new values: no copy of the body is
   * made); undefined whenever that could differ from serialising {@link JsonBody.value} with the
   * same changes (a `model` missing or given twice, `stream_options` already present when usage
   * is to be asked for).
   */
  splice(changes: JsonBodyChanges): Buffer[] | undefined;
}

/**
 * Reads the top level of a JSON body: undefined when `bytes` are not one JSON object (the caller
 * then says why, e.g. by parsing them). Strings are skipped by searching for their closing quote,
 * nested values by counting brackets outside strings; their own syntax is `JSON.parse`'s to judge
 * when they are read, or the upstream's when they are passed on. UTF-8 never uses a byte below
 * 0x80 inside a multi-byte character, so the search for ASCII punctuation is exact.
 */
export function scanJsonBody(bytes: Buffer): JsonBody | undefined {
  const members = topLevelMembers(bytes);
  return members ? new ScannedBody(bytes, members) : undefined;
}

/**
 * The body of a value built rather than received (its bytes are the value serialised), for
 * callers that make a request themselves.
 */
export function jsonBodyOf(value: Record<string, unknown>): JsonBody {
  const body = scanJsonBody(Buffer.from(JSON.stringify(value)));
  // JSON.stringify of an object is one JSON object: the scan always takes it.
  if (!body) throw new TypeError('A serialised object was not read back as one.');
  return body;
}

/**
 * A request body that is not valid JSON where it had to be read ({@link JsonBody.member},
 * {@link JsonBody.value}): its own class, so each edge can answer it as it answers any other body
 * that is not JSON, whichever layer happened to read it.
 */
export class InvalidJsonBodyError extends SwitchboardError {
  constructor() {
    super('INVALID_REQUEST', 'The request body is not valid JSON.');
    this.name = 'InvalidJsonBodyError';
  }
}

function parseBytes(bytes: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', start, end)) as unknown;
  } catch {
    throw new InvalidJsonBodyError();
  }
}

const NOT_PLAIN = Symbol('not plain');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/**
 * The value at `[start, end)` read without `JSON.parse` when it is what routing reads on every
 * request — a string with no escape or control character (`"model"`), `true`, `false` or
 * `null` (`"stream"`) — else {@link NOT_PLAIN}, and the parse judges it. The same value a parse
 * gives: such a string's text is its bytes between the quotes.
 */
function plainValueOf(bytes: Buffer, start: number, end: number): unknown {
  if (bytes[start] === QUOTE) {
    for (let at = start + 1; at < end - 1; at += 1) {
      const code = bytes[at]!;
      if (code === BACKSLASH || code < 0x20) return NOT_PLAIN;
    }
    return bytes.toString('utf8', start + 1, end - 1);
  }
  if (bytes.compare(TRUE, 0, 4, start, end) === 0) return true;
  if (bytes.compare(FALSE, 0, 5, start, end) === 0) return false;
  if (bytes.compare(NULL, 0, 4, start, end) === 0) return null;
  return NOT_PLAIN;
}

/** Where one top-level member's value lies in the bytes: `[start, end)`. */
interface ValueSpan {
  start: number;
  end: number;
}

/** The member that asks for OpenAI's usage chunk, put first: `model` follows it, so it takes a comma. */
const USAGE_MEMBER = Buffer.from('"stream_options":{"include_usage":true},');

/** Marks a key given more than once. */
const DUPLICATE: ValueSpan = Object.freeze({ start: -1, end: -1 });

class ScannedBody implements JsonBody {
  readonly bytes: Buffer;
  readonly #members: ReadonlyMap<string, ValueSpan>;
  #value: Record<string, unknown> | undefined;

  constructor(bytes: Buffer, members: ReadonlyMap<string, ValueSpan>) {
    this.bytes = bytes;
    this.#members = members;
  }

  member(name: string): unknown {
    const span = this.#members.get(name);
    if (span === undefined) return undefined;
    if (span === DUPLICATE || this.#value) return this.value()[name];
    const plain = plainValueOf(this.bytes, span.start, span.end);
    return plain === NOT_PLAIN ? parseBytes(this.bytes, span.start, span.end) : plain;
  }

  value(): Record<string, unknown> {
    // The scan saw one object at the top level, so a successful parse is an object.
    return (this.#value ??= parseBytes(this.bytes, 0, this.bytes.length) as Record<string, unknown>);
  }

  splice(changes: JsonBodyChanges): Buffer[] | undefined {
    const model = this.#members.get('model');
    if (!model || model === DUPLICATE) return undefined;
    if (changes.includeUsage && this.#members.has('stream_options')) return undefined;
    const { bytes } = this;
    const open = bytes.indexOf(OPEN_BRACE);
    const pieces = [bytes.subarray(0, open + 1)];
    if (changes.includeUsage) pieces.push(USAGE_MEMBER);
    pieces.push(
      bytes.subarray(open + 1, model.start),
      Buffer.from(JSON.stringify(changes.model)),
      bytes.subarray(model.end),
    );
    return pieces;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** The value span of each top-level key of the one JSON object `bytes` hold, or undefined. */
function topLevelMembers(bytes: Buffer): Map<string, ValueSpan> | undefined {
  const members = new Map<string, ValueSpan>();
  let at = skipSpace(bytes, 0);
  if (bytes[at] !== OPEN_BRACE) return undefined;
  at = skipSpace(bytes, at + 1);
  if (bytes[at] === CLOSE_BRACE) return skipSpace(bytes, at + 1) === bytes.length ? members : undefined;
  for (;;) {
    if (bytes[at] !== QUOTE) return undefined;
    const keyEnd = stringEnd(bytes, at);
    if (keyEnd < 0) return undefined;
    const key = keyOf(bytes, at, keyEnd);
    if (key === undefined) return undefined;
    at = skipSpace(bytes, keyEnd);
    if (bytes[at] !== COLON) return undefined;
    const start = skipSpace(bytes, at + 1);
    const end = valueEnd(bytes, start);
    if (end < 0) return undefined;
    members.set(key, members.has(key) ? DUPLICATE : { start, end });
    at = skipSpace(bytes, end);
    const next = bytes[at];
    if (next === CLOSE_BRACE) return skipSpace(bytes, at + 1) === bytes.length ? members : undefined;
    if (next !== COMMA) return undefined;
    at = skipSpace(bytes, at + 1);
  }
}

/** A key as `JSON.parse` reads it ("\u006dodel" is "model"), or undefined when it is not a JSON string. */
function keyOf(bytes: Buffer, start: number, end: number): string | undefined {
  const backslash = bytes.indexOf(BACKSLASH, start + 1);
  if (backslash < 0 || backslash >= end) return bytes.toString('utf8', start + 1, end - 1);
  try {
    return JSON.parse(bytes.toString('utf8', start, end)) as string;
  } catch {
    return undefined;
  }
}

/** JSON's whitespace: space, line feed, carriage return, tab. */
function isSpace(code: number | undefined): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipSpace(bytes: Buffer, from: number): number {
  let at = from;
  while (isSpace(bytes[at])) at += 1;
  return at;
}

/** The index just past the string starting at `start` (its opening quote), or -1. */
function stringEnd(bytes: Buffer, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = nextQuote(bytes, from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Bytes looked at one by one before the native search takes over. */
const NEAR_BYTES = 32;

/**
 * The next `"` at or after `from`, or -1. Most strings of a request body are keys and short
 * values: looked for byte by byte, their end is found sooner than a call into the native
 * search costs (≈ 1 µs of the gateway's ≈ 130 µs per request went to those calls, perf,
 * docs/benchmarks.md); a longer string (a prompt) is searched natively from there.
 */
function nextQuote(bytes: Buffer, from: number): number {
  const near = Math.min(from + NEAR_BYTES, bytes.length);
  for (let at = from; at < near; at += 1) if (bytes[at] === QUOTE) return at;
  return near === bytes.length ? -1 : bytes.indexOf(QUOTE, near);
}

/** The index just past the JSON value starting at `start`, or -1. */
function valueEnd(bytes: Buffer, start: number): number {
  const first = bytes[start];
  if (first === QUOTE) return stringEnd(bytes, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let at = start;
    while (at < bytes.length) {
      const code = bytes[at];
      if (code === QUOTE) {
        at = stringEnd(bytes, at);
        if (at < 0) return -1;
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return at + 1;
      }
      at += 1;
    }
    return -1;
  }
  let at = start;
  while (at < bytes.length) {
    const code = bytes[at];
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code)) break;
    at += 1;
  }
  return at > start ? at : -1;
}
