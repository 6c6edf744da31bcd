import type { AuthMethod } from '../ids.js';
import type { AgentSession } from './agent-session.js';

/**
 * One line of the usage log (`$SWITCHBOARD_HOME/usage.jsonl`): who served which model and what
 * it cost. Never a prompt, an answer or a secret.
 */
export interface UsageEntry {
  /** ISO 8601 time the request ended. */
  time: string;
  /** Provider (or `endpoint:<id>`) that served it: the route's, not the model's maker. */
  provider: string;
  /** Catalog model id. */
  model: string;
  route: { method: AuthMethod | null; transport: string; upstreamId: string };
  inputTokens: number;
  outputTokens: number;
  /** Estimated USD from catalog list prices; 0 on subscription routes (flat fee). */
  costUsd: number;
  /** `ok`, or `error` for a request that failed (after its first byte, or on every route). */
  outcome: 'ok' | 'error';
  errorCode?: string;
  /** The agent session that made the request (`sb run`, a client naming itself). */
  agent?: AgentSession;
  /** The team member the request was for (the credential context's user), on a team server. */
  userId?: string;
  /** Which credential level served it (`user`: the member's own key, `workspace`, `session`, …). */
  level?: string;
}
