import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isProviderId } from '../ids.js';
import { formatModelLabel } from './format-model-label.js';
import { catalogModelSchema, MODEL_CONTEXTS, MODEL_MAKERS, type CatalogModel } from './model-schema.js';
import { BUILTIN_MODELS } from './models.js';
import { BUILTIN_PROVIDER_PROFILES } from './provider-profiles.js';
import { TRANSPORT_REQUIREMENTS } from './transport.js';

const allRoutes = BUILTIN_MODELS.flatMap((model) => model.routes.map((route) => ({ model, route })));

describe('the built-in model table', () => {
  it('validates against the catalog schema as a whole', () => {
    const result = z.array(catalogModelSchema).safeParse(BUILTIN_MODELS);
    expect(result.success ? [] : result.error.issues).toEqual([]);
    expect(BUILTIN_MODELS.length).toBeGreaterThanOrEqual(30);
  });

  it('covers every maker, and only makers, as providerId', () => {
    const makers = new Set(BUILTIN_MODELS.map((model) => model.providerId));
    expect([...makers].sort()).toEqual([...MODEL_MAKERS].sort());
    expect(BUILTIN_MODELS.every((model) => model.custom === undefined)).toBe(true);
  });

  it('uses unique lowercase ids, and no name (id or alias) twice', () => {
    const names = BUILTIN_MODELS.flatMap((model) => [model.id, ...(model.aliases ?? [])]).map((name) =>
      name.toLowerCase(),
    );
    expect(new Set(names).size).toBe(names.length);
    for (const model of BUILTIN_MODELS) expect(model.id).toBe(model.id.toLowerCase());
  });

  it('gives every model at least one route, and one through its own maker', () => {
    for (const model of BUILTIN_MODELS) {
      expect(model.routes.length, model.id).toBeGreaterThan(0);
      expect(
        model.routes.some((route) => route.provider === model.providerId),
        model.id,
      ).toBe(true);
    }
  });

  it('lists on each route only methods its provider supports', () => {
    for (const { model, route } of allRoutes) {
      expect(isProviderId(route.provider), `${model.id} → ${route.provider}`).toBe(true);
      if (!isProviderId(route.provider)) continue;
      const supported = BUILTIN_PROVIDER_PROFILES[route.provider].methods;
      for (const method of route.methods)
        expect(supported, `${model.id} → ${route.provider} ${method}`).toContain(method);
    }
  });

  it('pairs each transport with its own provider and methods', () => {
    for (const { model, route } of allRoutes) {
      const requirement = TRANSPORT_REQUIREMENTS[route.transport];
      expect(route.provider, `${model.id} ${route.transport}`).toBe(requirement.provider);
      for (const method of route.methods)
        expect(requirement.methods, `${model.id} ${route.transport}`).toContain(method);
      expect(route.endpoint).toBeUndefined();
    }
  });

  it('has no two identical routes on one model', () => {
    for (const model of BUILTIN_MODELS) {
      const keys = model.routes.map((route) => `${route.provider}|${route.transport}|${route.methods.join(',')}`);
      expect(new Set(keys).size, model.id).toBe(keys.length);
    }
  });

  it('names Azure deployments after the model id by default', () => {
    const azure = allRoutes.filter(({ route }) => route.provider === 'azure');
    expect(azure.length).toBeGreaterThan(0);
    for (const { model, route } of azure) expect(route.upstreamId).toBe(model.id);
  });

  it('offers ChatGPT sign-in and Google sign-in only next to an API-key route with the same upstream id', () => {
    for (const { model, route } of allRoutes) {
      const signIn =
        route.transport === 'codex-responses' || (route.provider === 'google' && route.methods.includes('oauth'));
      if (!signIn) continue;
      const keyed = model.routes.find(
        (candidate) => candidate.provider === route.provider && candidate.methods.includes('api-key'),
      );
      expect(keyed?.upstreamId, model.id).toBe(route.upstreamId);
    }
  });

  it('has exactly one default model per context', () => {
    for (const context of MODEL_CONTEXTS) {
      const defaults = BUILTIN_MODELS.filter((model) => model.isDefault?.[context] === true);
      expect(
        defaults.map((model) => model.id),
        context,
      ).toHaveLength(1);
      expect(defaults[0]?.status ?? 'active', context).toBe('active');
    }
  });

  it('dates every deprecation, and only deprecations', () => {
    for (const model of BUILTIN_MODELS) {
      expect(model.shutdownDate !== undefined, model.id).toBe(model.status === 'deprecated');
    }
  });

  it('keeps Claude Opus 4.1 as DESIGN.md shows it, with its five routes', () => {
    const opus = BUILTIN_MODELS.find((model) => model.id === 'claude-opus-4-1');
    expect(opus && formatModelLabel(opus)).toBe('Claude Opus 4.1 (ultra premium) — $15/$75');
    expect(
      opus?.routes.map((route) => [route.provider, route.methods.join('+'), route.transport, route.upstreamId]),
    ).toEqual([
      ['anthropic', 'api-key', 'anthropic-messages', 'claude-opus-4-1-20250805'],
      ['anthropic', 'claude-code', 'claude-code-cli', 'claude-opus-4-1-20250805'],
      ['anthropic', 'oauth', 'anthropic-messages', 'claude-opus-4-1-20250805'],
      ['vertex', 'service-account+adc', 'vertex-anthropic', 'claude-opus-4-1@20250805'],
      ['bedrock', 'aws+api-key', 'bedrock-converse', 'anthropic.claude-opus-4-1-20250805-v1:0'],
    ]);
  });
});

describe('the catalog schema', () => {
  const valid = (): CatalogModel =>
    structuredClone(BUILTIN_MODELS.find((model) => model.id === 'claude-opus-4-1') as CatalogModel);
  const firstIssue = (model: unknown) => {
    const result = catalogModelSchema.safeParse(model);
    return result.success ? undefined : result.error.issues[0]?.message;
  };

  it('accepts a copy of a built-in', () => {
    expect(firstIssue(valid())).toBeUndefined();
  });

  it('rejects a route whose transport cannot carry its method', () => {
    const model = valid();
    model.routes = [{ provider: 'openai', methods: ['api-key'], upstreamId: 'x', transport: 'codex-responses' }];
    expect(firstIssue(model)).toMatch(/codex-responses cannot carry api-key/);
  });

  it('rejects a transport on another provider', () => {
    const model = valid();
    model.routes = [{ provider: 'openai', methods: ['api-key'], upstreamId: 'x', transport: 'anthropic-messages' }];
    expect(firstIssue(model)).toMatch(/belongs to provider anthropic/);
  });

  it('rejects a model without routes, and output above the context window', () => {
    expect(firstIssue({ ...valid(), routes: [] })).toBeDefined();
    expect(firstIssue({ ...valid(), maxOutputTokens: 300_000 })).toMatch(/cannot exceed contextWindow/);
  });

  it('rejects an endpoint route whose methods do not match its key variable', () => {
    const endpoint = { id: 'local', name: 'Local', apiBase: 'http://127.0.0.1:1/v1' };
    const model = {
      ...valid(),
      routes: [
        { provider: 'endpoint:local', methods: ['api-key'], upstreamId: 'x', transport: 'openai-compatible', endpoint },
      ],
    };
    expect(firstIssue(model)).toMatch(/exactly when its endpoint names a key variable/);
  });
});
