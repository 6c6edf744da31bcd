/** What {@link spliceJsonBody} changes in a request body's JSON text. */
export interface JsonBodyChanges {
  /** The top-level `model` member's new value. */
  model: string;
  /** Adds `"stream_options":{"include_usage":true}` (only to a body that has no `stream_options`). */
  includeUsage?: boolean;
}

/** Where one top-level member's value lies in the text: `[start, end)`. */
interface ValueSpan {
  start: number;
  end: number;
}

/**
 * The caller's JSON body text with only `changes` made, the rest kept byte for byte: what a
 * pass-through sends instead of `JSON.stringify` of the parsed body, which for the large bodies
 * coding agents send on every turn (hundreds of kilobytes) costs milliseconds. The text is
 * walked only at its top level: strings are skipped by searching for their closing quote, nested
 * values by counting brackets outside strings.
 *
 * Returns undefined — the caller then serialises the parsed body as before — whenever the splice
 * could differ from that: a text that is not one JSON object, a `model` member missing or given
 * twice (`JSON.parse` keeps the last one), or `stream_options` already present when usage is to
 * be asked for. The text must be the one the parsed body came from.
 */
export function spliceJsonBody(text: string, changes: JsonBodyChanges): string | undefined {
  const members = topLevelMembers(text);
  if (!members) return undefined;
  const model = members.get('model');
  if (!model || model === DUPLICATE) return undefined;
  if (changes.includeUsage && members.has('stream_options')) return undefined;
  const open = text.indexOf('{');
  const usage = changes.includeUsage ? `"stream_options":{"include_usage":true}${members.size > 0 ? ',' : ''}` : '';
  return (
    text.slice(0, open + 1) +
    usage +
    text.slice(open + 1, model.start) +
    JSON.stringify(changes.model) +
    text.slice(model.end)
  );
}

/** Marks a key given more than once. */
const DUPLICATE: ValueSpan = Object.freeze({ start: -1, end: -1 });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The value span of each top-level key of the one JSON object `text` holds, or undefined. */
function topLevelMembers(text: string): Map<string, ValueSpan> | undefined {
  const members = new Map<string, ValueSpan>();
  let at = skipSpace(text, 0);
  if (text.charCodeAt(at) !== 0x7b) return undefined;
  at = skipSpace(text, at + 1);
  if (text.charCodeAt(at) === 0x7d) return skipSpace(text, at + 1) === text.length ? members : undefined;
  for (;;) {
    if (text.charCodeAt(at) !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, at);
    if (keyEnd < 0) return undefined;
    const raw = text.slice(at + 1, keyEnd - 1);
    let key: string;
    try {
      key = raw.includes('\\') ? (JSON.parse(text.slice(at, keyEnd)) as string) : raw;
    } catch {
      return undefined;
    }
    at = skipSpace(text, keyEnd);
    if (text.charCodeAt(at) !== 0x3a) return undefined;
    const start = skipSpace(text, at + 1);
    const end = valueEnd(text, start);
    if (end < 0) return undefined;
    members.set(key, members.has(key) ? DUPLICATE : { start, end });
    at = skipSpace(text, end);
    const next = text.charCodeAt(at);
    if (next === 0x7d) return skipSpace(text, at + 1) === text.length ? members : undefined;
    if (next !== 0x2c) return undefined;
    at = skipSpace(text, at + 1);
  }
}

function skipSpace(text: string, from: number): number {
  let at = from;
  for (;;) {
    const code = text.charCodeAt(at);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return at;
    at += 1;
  }
}

/** The index just past the string starting at `start` (its opening quote), or -1. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The index just past the JSON value starting at `start`, or -1 (the value's own syntax is `JSON.parse`'s to judge). */
function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    let at = start;
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        at = stringEnd(text, at);
        if (at < 0) return -1;
        continue;
      }
      if (code === 0x7b || code === 0x5b) depth += 1;
      else if (code === 0x7d || code === 0x5d) {
        depth -= 1;
        if (depth === 0) return at + 1;
      }
      at += 1;
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let at = start;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (
      code === 0x2c ||
      code === 0x7d ||
      code === 0x5d ||
      code === 0x20 ||
      code === 0x0a ||
      code === 0x0d ||
      code === 0x09
    )
      break;
    at += 1;
  }
  return at > start ? at : -1;
}
