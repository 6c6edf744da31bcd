import { describe, expect, it } from 'vitest';
import { routeKey, sameRoute } from './route-key.js';

const route = { provider: 'openai', method: 'api-key', transport: 'openai-chat', upstreamId: 'gpt-x' } as const;

describe('routeKey and sameRoute', () => {
  it('tells routes apart by provider, method, transport, upstream model and session, not by object', () => {
    expect(sameRoute(route, { ...route })).toBe(true);
    expect(sameRoute({ ...route, session: 'work' }, { ...route, session: 'work' })).toBe(true);
    for (const other of [
      { ...route, session: 'work' },
      { ...route, method: 'oauth' as const },
      { ...route, transport: 'openai-responses' as const },
      { ...route, upstreamId: 'gpt-y' },
      { ...route, provider: 'azure' as const },
    ]) {
      expect(sameRoute(route, other)).toBe(false);
      expect(routeKey(route)).not.toBe(routeKey(other));
    }
  });
});
