/**
 * Parses a dotenv file (`KEY=value`, `export KEY=value`, quotes, `#` comments) the way the
 * `dotenv` package reads the common cases. Values are returned, never logged.
 */
export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rest] = match as unknown as [string, string, string];
    values[key] = parseValue(rest);
  }
  return values;
}

function parseValue(rest: string): string {
  const quote = rest[0];
  if (quote === '"' || quote === "'" || quote === '`') {
    const end = rest.indexOf(quote, 1);
    if (end > 0) {
      const inner = rest.slice(1, end);
      return quote === '"' ? inner.replace(/\\n/g, '\n') : inner;
    }
  }
  const comment = rest.search(/\s#/);
  return (comment === -1 ? rest : rest.slice(0, comment)).trim();
}
