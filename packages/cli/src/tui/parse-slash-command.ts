/** A parsed slash command: `/login --provider=claude --status` → name, flags, arguments. */
export interface SlashCommand {
  /** Lower-cased, with the slash: `/login`. */
  readonly name: string;
  /** `--flag=value` and `--flag value` as value; bare `--flag` as `true`. */
  readonly flags: Readonly<Record<string, string | true>>;
  readonly args: readonly string[];
}

const VALUE_FLAGS = new Set(['provider', 'method', 'name']);

/** Parses a line that starts with `/`; null when it does not. */
export function parseSlashCommand(line: string): SlashCommand | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return null;
  const [head = '', ...tokens] = trimmed.split(/\s+/u);
  const flags: Record<string, string | true> = {};
  const args: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    if (!token.startsWith('--')) {
      args.push(token);
      continue;
    }
    const body = token.slice(2);
    const equals = body.indexOf('=');
    if (equals !== -1) {
      flags[body.slice(0, equals).toLowerCase()] = body.slice(equals + 1);
      continue;
    }
    const name = body.toLowerCase();
    const next = tokens[index + 1];
    if (VALUE_FLAGS.has(name) && next !== undefined && !next.startsWith('--')) {
      flags[name] = next;
      index += 1;
    } else {
      flags[name] = true;
    }
  }
  return { name: head.toLowerCase(), flags, args };
}
