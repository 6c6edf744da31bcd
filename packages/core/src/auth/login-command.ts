import type { ProviderId } from '../ids.js';
import { PROVIDER_ALIASES } from '../ids.js';

const PREFERRED_ALIAS: Partial<Record<ProviderId, string>> = Object.fromEntries(
  Object.entries(PROVIDER_ALIASES)
    .filter(([alias]) => ['chatgpt', 'claude', 'gemini'].includes(alias))
    .map(([alias, id]) => [id, alias]),
);

/**
 * The exact command a person runs to log in to `provider` again (`sb auth login claude`), for
 * one named session when `session` is given (`sb auth login chatgpt --name work`).
 */
export function loginCommand(provider: ProviderId, session?: string): string {
  const base = `sb auth login ${PREFERRED_ALIAS[provider] ?? provider}`;
  return session === undefined ? base : `${base} --name ${session}`;
}

/** The name people use for `provider` in commands (`claude` for anthropic). */
export function providerCommandName(provider: ProviderId): string {
  return PREFERRED_ALIAS[provider] ?? provider;
}
