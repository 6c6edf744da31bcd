/** Printable ASCII but `"` and `\`: the characters a JSON string holds as they are. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * `value` as JSON text, byte for byte what `JSON.stringify(value)` writes. A string of plain
 * characters (the ids, names and codes of the gateway's log lines) is quoted here: every
 * `JSON.stringify` call leaves optimized code for V8's runtime, which cost more than the rest of
 * an access line's assembly (perf, docs/benchmarks.md). Anything else is `JSON.stringify`'s.
 */
export function jsonString(value: string): string {
  return PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}

/** A number as JSON text: `null` when it is not finite, as `JSON.stringify` writes it. */
export function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}
