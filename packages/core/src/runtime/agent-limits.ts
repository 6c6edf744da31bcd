import type { UsageEntry } from './usage-entry.js';
import type { ProviderProfile } from '../catalog/provider-profiles.js';
import { methodBilling } from '../catalog/provider-profiles.js';
import { SwitchboardError } from '../errors.js';
import type { RouteTarget } from '../providers/types.js';
import { formatAgentSession, type AgentSession } from './agent-session.js';
import type { RouteSlots } from './route-slots.js';

/** What an agent session has used so far (every process's usage lines of it). */
export interface SessionUsage {
  tokens: number;
  costUsd: number;
}

/**
 * Refuses a request of an agent session past its `[agents]` token or cost budget, with
 * BUDGET_EXCEEDED naming the session and the limit (no route can serve it: the limit is the
 * session's, not a route's).
 */
export async function checkAgentBudget(
  session: AgentSession,
  limits: { maxTokens?: number | undefined; maxCostUsd?: number | undefined },
  usageOf: (session: AgentSession) => Promise<SessionUsage>,
): Promise<void> {
  if (limits.maxTokens === undefined && limits.maxCostUsd === undefined) return;
  const used = await usageOf(session);
  const name = formatAgentSession(session);
  if (limits.maxTokens !== undefined && used.tokens >= limits.maxTokens) {
    throw new SwitchboardError(
      'BUDGET_EXCEEDED',
      `Agent session ${name} has used ${used.tokens} tokens; its limit is ${limits.maxTokens} (sb run --max-tokens, else agents.max_tokens in config.toml).`,
      { isRetryable: false, hint: 'Start a new session (sb run) with a higher limit.' },
    );
  }
  if (limits.maxCostUsd !== undefined && used.costUsd >= limits.maxCostUsd) {
    throw new SwitchboardError(
      'BUDGET_EXCEEDED',
      `Agent session ${name} has spent about $${used.costUsd.toFixed(4)}; its limit is $${limits.maxCostUsd} (sb run --max-cost, else agents.max_cost_usd in config.toml).`,
      { isRetryable: false, hint: 'Start a new session (sb run) with a higher limit.' },
    );
  }
}

/** What a request that takes no slot holds: nothing to release. */
const FREE_SLOT: { release: () => void } = Object.freeze({ release: () => undefined });

/**
 * A slot on a subscription route for a request of an agent session, when
 * `agents.subscription_concurrency` caps them: the release to call when the request is over, or
 * the RATE_LIMITED error that makes the request skip this route (it falls back before its first
 * byte, or fails naming the session and the limit). Other requests and API-key routes pass.
 */
export function acquireSubscriptionSlot(
  session: AgentSession | undefined,
  target: RouteTarget,
  profile: Pick<ProviderProfile, 'name' | 'billing'>,
  limit: number | undefined,
  slots: RouteSlots | undefined,
): { release: () => void } | SwitchboardError {
  if (!session || limit === undefined || !slots) return FREE_SLOT;
  if (methodBilling(profile, target.method) !== 'subscription') return FREE_SLOT;
  const release = slots.acquire(`${target.provider}.${target.method}`, limit);
  if (release) return { release };
  return new SwitchboardError(
    'RATE_LIMITED',
    `${limit} agent session${limit === 1 ? '' : 's'} already use${limit === 1 ? 's' : ''} ${profile.name} (${target.method}); agent session ${formatAgentSession(session)} may not join them (agents.subscription_concurrency = ${limit}).`,
    { provider: target.provider, isRetryable: true },
  );
}

/** What `session` has used according to `entries` (every process's usage lines). */
export function tallySessionUsage(entries: readonly UsageEntry[], session: AgentSession): SessionUsage {
  let tokens = 0;
  let costUsd = 0;
  for (const entry of entries) {
    if (entry.agent?.id !== session.id || entry.agent.name !== session.name) continue;
    tokens += entry.inputTokens + entry.outputTokens;
    costUsd += entry.costUsd;
  }
  return { tokens, costUsd };
}
