import { describe, expect, it } from 'vitest';
import type { RouteTarget } from '../providers/types.js';
import { isSubscriptionRoute, orderRoutes } from './order-routes.js';

const target = (provider: RouteTarget['provider'], method: RouteTarget['method'], transport: string): RouteTarget => ({
  model: 'claude-opus-4-1',
  provider,
  method,
  upstreamId: 'x',
  transport,
});

// Claude Opus as the catalog lists it: api key, claude-code, org oauth, vertex, bedrock.
const routes = [
  target('anthropic', 'api-key', 'anthropic-messages'),
  target('anthropic', 'claude-code', 'claude-code-cli'),
  target('anthropic', 'oauth', 'anthropic-messages'),
  target('vertex', 'client-credentials', 'vertex-anthropic'),
  target('bedrock', 'aws', 'bedrock-converse'),
].map((route, tableIndex) => ({ target: route, tableIndex }));

const order = (options: Parameters<typeof orderRoutes>[1]) =>
  orderRoutes(routes, options).map((route) => `${route.target.provider}/${route.target.method}`);

describe('orderRoutes', () => {
  it('subscription first: flat-fee routes lead, then API keys, then the rest in table order', () => {
    expect(order({ prefer: 'subscription' })).toEqual([
      'anthropic/claude-code',
      'anthropic/api-key',
      'anthropic/oauth',
      'vertex/client-credentials',
      'bedrock/aws',
    ]);
  });

  it('api-key first', () => {
    expect(order({ prefer: 'api-key' })).toEqual([
      'anthropic/api-key',
      'anthropic/claude-code',
      'anthropic/oauth',
      'vertex/client-credentials',
      'bedrock/aws',
    ]);
  });

  it('cost: zero marginal cost (subscription) first, then table order', () => {
    expect(order({ prefer: 'cost', price: { inputPerMillion: 15, outputPerMillion: 75 } })[0]).toBe(
      'anthropic/claude-code',
    );
  });

  it('an explicit provider order (aliases accepted), unlisted ones after in table order', () => {
    expect(order({ prefer: ['bedrock', 'claude'] })).toEqual([
      'bedrock/aws',
      'anthropic/api-key',
      'anthropic/claude-code',
      'anthropic/oauth',
      'vertex/client-credentials',
    ]);
  });

  it('lists may mix classes, methods and providers', () => {
    expect(order({ prefer: ['vertex', 'claude-code', 'api-key'] })).toEqual([
      'vertex/client-credentials',
      'anthropic/claude-code',
      'anthropic/api-key',
      'anthropic/oauth',
      'bedrock/aws',
    ]);
  });

  it('the active session serves the model when it can, whatever prefer says', () => {
    expect(order({ prefer: 'subscription', active: { provider: 'bedrock', method: 'aws' } })[0]).toBe('bedrock/aws');
    expect(order({ prefer: 'subscription', active: { provider: 'anthropic', method: 'api-key' } })[0]).toBe(
      'anthropic/api-key',
    );
    // An active provider that does not serve the model changes nothing.
    expect(order({ prefer: 'api-key', active: { provider: 'mistral' } })[0]).toBe('anthropic/api-key');
  });

  it('knows the subscription transports explicitly', () => {
    expect(isSubscriptionRoute({ transport: 'codex-responses' })).toBe(true);
    expect(isSubscriptionRoute({ transport: 'gemini-cli' })).toBe(true);
    // A sign-in through the user's own Google client bills that client's project, not a plan.
    expect(isSubscriptionRoute({ transport: 'gemini' })).toBe(false);
    expect(isSubscriptionRoute({ transport: 'claude-code-cli' })).toBe(true);
    expect(isSubscriptionRoute({ transport: 'anthropic-messages' })).toBe(false);
  });
});
