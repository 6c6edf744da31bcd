import { timingSafeEqual } from 'node:crypto';
import { parseAgentSession, type AgentSession } from '@switchboard/core';
import type { HeaderSource } from './header-source.js';

/**
 * The token a request presents: `Authorization: Bearer <token>` (OpenAI clients) or
 * `x-api-key: <token>` (Anthropic clients).
 */
export function presentedToken(headers: HeaderSource): string | undefined {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const apiKey = headers.get('x-api-key');
  return apiKey === null || apiKey === '' ? undefined : apiKey.trim();
}

/**
 * A constant-time check of presented tokens against `token`. Only the length can differ in
 * time, and that is public (every token is `sbl_` and 43 characters); the bytes are compared
 * with `timingSafeEqual`, so how much of a guess was right never shows.
 */
export function createTokenCheck(token: string): (presented: string | undefined) => boolean {
  if (token.length < 16) throw new Error('The gateway token is too short.');
  const expected = Buffer.from(token, 'utf8');
  return (presented) => {
    if (presented === undefined) return false;
    const candidate = Buffer.from(presented, 'utf8');
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  };
}

/** The header a client names its agent session in (`name` or `name.id`). */
export const AGENT_SESSION_HEADER = 'x-switchboard-session';

/**
 * Splits what `sb run` hands an agent as its API key, `<token>.<name>.<id>`, into the gateway
 * token and the agent session (agents send their key but no custom header). A suffix that is
 * not a session makes the whole key wrong (`token` undefined).
 */
export function splitAgentSession(presented: string | undefined): {
  token: string | undefined;
  session?: AgentSession;
} {
  if (presented === undefined) return { token: undefined };
  const dot = presented.indexOf('.');
  if (dot === -1) return { token: presented };
  const session = parseAgentSession(presented.slice(dot + 1));
  return session ? { token: presented.slice(0, dot), session } : { token: undefined };
}
