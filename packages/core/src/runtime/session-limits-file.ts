import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatAgentSession, type AgentSession } from './agent-session.js';

/** Limits one agent session was given on the command line; they override `[agents]`. */
export interface SessionLimits {
  maxTokens?: number;
  maxCostUsd?: number;
  /**
   * The stored sessions (`openai/work`) that serve this agent, in order (`sb run --login`, or
   * the `[projects]` list of the directory it runs in): over `routing.pins` and `routing.sessions`.
   */
  sessions?: string[];
}

const fileOf = (directory: string, session: AgentSession) => join(directory, `${formatAgentSession(session)}.json`);

/**
 * Records `limits` for `session` where every gateway of the home reads them (the agent's
 * requests may be served by `sb serve` in another process), until the returned function removes them.
 */
export function writeSessionLimits(directory: string, session: AgentSession, limits: SessionLimits): () => void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const path = fileOf(directory, session);
  writeFileSync(path, `${JSON.stringify(limits)}\n`, { mode: 0o600 });
  return () => {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
}

/** The command-line limits of `session`, or none (no file, or one that is not limits). */
export function readSessionLimits(directory: string, session: AgentSession): SessionLimits {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(fileOf(directory, session), 'utf8'));
  } catch {
    return {};
  }
  const fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const positive = (field: unknown) => (typeof field === 'number' && field > 0 ? field : undefined);
  const maxTokens = positive(fields['maxTokens']);
  const maxCostUsd = positive(fields['maxCostUsd']);
  const listed = fields['sessions'];
  const sessions = Array.isArray(listed) ? listed.filter((entry): entry is string => typeof entry === 'string') : [];
  return {
    ...(maxTokens ? { maxTokens } : {}),
    ...(maxCostUsd ? { maxCostUsd } : {}),
    ...(sessions.length > 0 ? { sessions } : {}),
  };
}
