import { describe, expect, it } from 'vitest';
import { createRouteErrorNormalizer } from './create-route-error-normalizer.js';
import type { RouteTarget } from './types.js';

const notFound = {
  statusCode: 404,
  responseBody: JSON.stringify({ error: { message: 'no such model' } }),
  responseHeaders: {},
};

function route(transport: string): RouteTarget {
  return { model: 'm', provider: 'openai', method: 'oauth', upstreamId: 'gpt-upstream-7', transport };
}

describe('createRouteErrorNormalizer', () => {
  const normalizeError = createRouteErrorNormalizer('openai', { 'codex-responses': 'ChatGPT (Codex backend)' });

  it('describes a route by its transport display name and names its upstream model', () => {
    const error = normalizeError(notFound, route('codex-responses'));
    expect(error).toMatchObject({ code: 'MODEL_NOT_FOUND', provider: 'openai' });
    expect(error.message).toContain('ChatGPT (Codex backend)');
    expect(error.message).toContain('gpt-upstream-7');
  });

  it('uses the provider name for other transports and for errors without a route', () => {
    const other = normalizeError(notFound, route('openai-chat'));
    // The provider's one display name, as everywhere else.
    expect(other.message).toContain('ChatGPT');
    expect(other.message).not.toContain('Codex');
    expect(other.message).toContain('gpt-upstream-7');
    const routeless = normalizeError(notFound);
    expect(routeless).toMatchObject({ code: 'MODEL_NOT_FOUND', provider: 'openai' });
    expect(routeless.message).not.toContain('Codex');
    expect(routeless.message).not.toContain('gpt-upstream-7');
  });

  it('takes only its own transport names, not names inherited from Object', () => {
    const error = normalizeError(notFound, route('toString'));
    expect(error.message).toContain('ChatGPT');
    expect(error.message).not.toContain('function');
  });
});
