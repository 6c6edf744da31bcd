import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../errors.js';
import type { RouteTarget } from '../providers/types.js';
import { acquireSubscriptionSlot, checkAgentBudget } from './agent-limits.js';
import type { RouteSlots } from './route-slots.js';

const session = { name: 'claude', id: '1a2b3c4d' };
const target = (method: RouteTarget['method']): RouteTarget => ({
  model: 'm',
  provider: 'anthropic',
  method,
  upstreamId: 'u',
  transport: method === 'claude-code' ? 'claude-code-cli' : 'anthropic-messages',
});
const noneLeft: RouteSlots = { acquire: () => undefined };

describe('agent session limits', () => {
  it('refuses a session past its token or cost budget, naming the session and the limit', async () => {
    const limits = { maxTokens: 100, maxCostUsd: 0.5, subscriptionConcurrency: undefined };
    await expect(
      checkAgentBudget(session, limits, async () => ({ tokens: 99, costUsd: 0.1 })),
    ).resolves.toBeUndefined();
    const tokens = await checkAgentBudget(session, limits, async () => ({ tokens: 100, costUsd: 0.1 })).catch(
      (error: unknown) => error,
    );
    expect(isSwitchboardError(tokens, 'BUDGET_EXCEEDED') && tokens.message).toBe(
      'Agent session claude.1a2b3c4d has used 100 tokens; its limit is 100 (sb run --max-tokens, else agents.max_tokens in config.toml).',
    );
    const cost = await checkAgentBudget(session, limits, async () => ({ tokens: 1, costUsd: 0.5 })).catch(
      (error: unknown) => error,
    );
    expect(isSwitchboardError(cost, 'BUDGET_EXCEEDED') && cost.message).toMatch(
      /its limit is \$0\.5 \(sb run --max-cost, else agents\.max_cost_usd/,
    );
  });

  it('caps only agent sessions on subscription routes', () => {
    const profile = { name: 'Claude', billing: undefined };
    expect(acquireSubscriptionSlot(session, target('api-key'), profile, 1, noneLeft)).not.toBeInstanceOf(Error);
    expect(acquireSubscriptionSlot(undefined, target('claude-code'), profile, 1, noneLeft)).not.toBeInstanceOf(Error);
    const refused = acquireSubscriptionSlot(session, target('claude-code'), profile, 2, noneLeft);
    expect(isSwitchboardError(refused, 'RATE_LIMITED') && refused.message).toBe(
      '2 agent sessions already use Claude (claude-code); agent session claude.1a2b3c4d may not join them (agents.subscription_concurrency = 2).',
    );
    expect(isSwitchboardError(refused) && refused.isRetryable).toBe(true);
  });
});
