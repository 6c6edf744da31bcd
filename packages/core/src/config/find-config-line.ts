/**
 * Finds the line of config.toml that defines `path` (e.g. `['providers', 'openai', 'api_base']`),
 * following table headers (`[providers.openai]`), dotted keys (`providers.openai.api_base = …`)
 * and inline tables (`auth = { … }`). Array indexes in `path` are ignored. When no line defines
 * the whole path, the line of its deepest defined ancestor is returned (the `scopes = […]` line
 * for a bad array item, the `[providers.x]` header for an unknown provider).
 * Returns a 1-based line number, or `undefined` when nothing in the file matches.
 */
export function findConfigLine(text: string, path: ReadonlyArray<PropertyKey>): number | undefined {
  const wanted = path.filter((segment): segment is string => typeof segment === 'string');
  let table: string[] = [];
  let best: { line: number; depth: number } | undefined;
  const consider = (defined: string[], line: number) => {
    const depth = sharedPrefixLength(defined, wanted);
    // Only a definition on the path counts, and a deeper one wins; the first one wins a tie.
    if (depth === defined.length && depth > 0 && (!best || depth > best.depth)) best = { line, depth };
  };
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const header = /^\s*\[\[?([^\]]+)\]\]?\s*(#.*)?$/.exec(line);
    if (header?.[1]) {
      table = parseDottedKey(header[1]) ?? [];
      consider(table, index + 1);
      continue;
    }
    const assignment =
      /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=/.exec(line);
    const key = assignment?.[1] ? parseDottedKey(assignment[1]) : undefined;
    if (key) consider([...table, ...key], index + 1);
  }
  return best?.line;
}

function parseDottedKey(source: string): string[] | undefined {
  const segments: string[] = [];
  const pattern = /\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(\.|$)/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < source.length && (match = pattern.exec(source)) !== null) {
    segments.push(match[1] ?? match[2] ?? match[3] ?? '');
    if (match[4] === '') break;
  }
  return segments.length > 0 ? segments : undefined;
}

function sharedPrefixLength(left: string[], right: string[]): number {
  let length = 0;
  while (length < left.length && length < right.length && left[length] === right[length]) length += 1;
  return length;
}
