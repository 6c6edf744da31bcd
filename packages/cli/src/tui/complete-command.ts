import { SLASH_COMMANDS, type SlashCommandHelp } from './slash-commands.js';

/** What Tab can do with the current input. */
export interface Completion {
  /** Commands (or values) that match what is typed, for the hint list. */
  readonly candidates: readonly string[];
  /** The input after Tab: the one match, or the longest common prefix; null when Tab changes nothing. */
  readonly completed: string | null;
}

/** Matching slash commands for a partly typed first word (`/mo` → /model). Empty when not typing a command name. */
export function matchingCommands(input: string): SlashCommandHelp[] {
  if (!input.startsWith('/') || /\s/u.test(input)) return [];
  const typed = input.toLowerCase();
  return SLASH_COMMANDS.filter((command) => command.name.startsWith(typed));
}

/**
 * Completes the command name (`/lo` → `/log` → `/login `), or the provider after
 * `/login --provider=` and `/logout `.
 */
export function completeCommand(input: string, providerNames: readonly string[]): Completion {
  if (!input.startsWith('/') || input.includes('\n')) return { candidates: [], completed: null };
  if (!/\s/u.test(input)) {
    return complete(
      input,
      matchingCommands(input).map((command) => command.name),
      ' ',
    );
  }
  const providerValue = /^(\/login\b.*--provider=|\/logout\s+)(\S*)$/iu.exec(input);
  if (providerValue) {
    const [, prefix = '', typed = ''] = providerValue;
    const result = complete(typed.toLowerCase(), providerNames, ' ');
    return { candidates: result.candidates, completed: result.completed === null ? null : prefix + result.completed };
  }
  return { candidates: [], completed: null };
}

function complete(typed: string, names: readonly string[], suffix: string): Completion {
  const candidates = names.filter((name) => name.startsWith(typed));
  if (candidates.length === 0) return { candidates, completed: null };
  if (candidates.length === 1) return { candidates, completed: `${candidates[0]}${suffix}` };
  const common = commonPrefix(candidates);
  return { candidates, completed: common.length > typed.length ? common : null };
}

function commonPrefix(values: readonly string[]): string {
  let prefix = values[0] ?? '';
  for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
