import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'smol-toml';

/**
 * Rewrites config.toml `text` (whose parsed form is `before`) into `after` by editing only the
 * lines of top-level keys that changed (`model`, `active_auth_provider`, …), so the user's
 * comments, order and layout survive Switchboard's own writes. Returns `undefined` when the
 * change is not of that kind (a table or an array changed) or the edit would not parse back
 * to exactly `after`; the caller then writes the whole document instead.
 */
export function editConfigText(
  text: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string | undefined {
  // Compared by value alone: the parser builds tables without a prototype and a mutated clone
  // has Object's, which a strict comparison counted as a change to every table (and so every
  // file with `[models.*]`, `[endpoints.*]` or any table lost its comments on each write).
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => !isDeepStrictEqual(normalize(before[key]), normalize(after[key])),
  );
  if (changed.length === 0) return text;
  if (!changed.every((key) => isScalarOrAbsent(before[key]) && isScalarOrAbsent(after[key]))) return undefined;

  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  // Top-level keys live above the first table header.
  const firstTable = lines.findIndex((line) => /^\s*\[/.test(line));
  let topEnd = firstTable === -1 ? lines.length : firstTable;
  for (const key of changed) {
    const value = after[key];
    const index = lines.slice(0, topEnd).findIndex((line) => keyOfLine(line) === key);
    if (index !== -1) {
      if (value === undefined) {
        lines.splice(index, 1);
        topEnd -= 1;
      } else {
        lines[index] = `${assignment(key, value)}${trailingComment(lines[index] ?? '')}`;
      }
    } else if (value !== undefined) {
      // After the last top-level line that is not blank, so it stays with the other keys.
      let at = topEnd;
      while (at > 0 && (lines[at - 1] ?? '').trim() === '') at -= 1;
      lines.splice(at, 0, assignment(key, value));
      topEnd += 1;
    }
  }
  const edited = lines.join(newline);
  try {
    return isDeepStrictEqual(normalize(parse(edited)), normalize(after)) ? edited : undefined;
  } catch {
    return undefined;
  }
}

function isScalarOrAbsent(value: unknown): boolean {
  return (
    value === undefined ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** `key = value` as smol-toml writes it (quoting and escaping included). */
function assignment(key: string, value: unknown): string {
  return stringify({ [key]: value }).trim();
}

/** The bare or quoted key a `key = value` line assigns, if any. */
function keyOfLine(line: string): string | undefined {
  const match = /^\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*=/.exec(line);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** A ` # comment` after a simple one-line value (kept when the value is replaced). */
function trailingComment(line: string): string {
  const match = /^\s*[^=]+=\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s#"']+)(\s+#.*)$/.exec(line);
  return match?.[1] ?? '';
}

/** A JSON round trip, so parsed TOML and a validated document compare by value alone. */
function normalize(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
