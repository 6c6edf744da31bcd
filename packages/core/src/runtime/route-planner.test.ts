import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/create-catalog.js';
import { resolveConfig } from '../config/load-config.js';
import type { CredentialListing } from './plan-routes.js';
import { planRoutes, routingPolicyOf } from './plan-routes.js';
import { createRoutePlanner } from './route-planner.js';

const catalog = createCatalog({});
const model = catalog.require('claude-opus-4-1');
const sessions = (methods: Array<'api-key' | 'claude-code'>): CredentialListing[] => [
  { level: 'session', available: methods.map((method) => ({ provider: 'anthropic', method })) },
];

describe('createRoutePlanner', () => {
  it('plans as planRoutes does, and plans again only when an input changes', () => {
    const planner = createRoutePlanner({ environment: {} });
    const config = resolveConfig({});
    const policy = planner.policyOf(config);
    expect(planner.policyOf(config)).toBe(policy);
    expect(policy).toEqual(routingPolicyOf(config));

    const first = planner.plan(model, config, policy, sessions(['api-key']));
    expect(first).toEqual(planRoutes({ model, available: sessions(['api-key']), environment: {}, ...policy }));
    // Equal listings (new arrays, as a source lists them on every request): the same plan.
    expect(planner.plan(model, config, policy, sessions(['api-key']))).toBe(first);

    // Another credential available, another configuration, another policy object: planned again.
    const both = planner.plan(model, config, policy, sessions(['api-key', 'claude-code']));
    expect(both).not.toBe(first);
    expect(both.map((candidate) => candidate.target.method).sort()).toEqual(['api-key', 'claude-code']);
    const preferring = resolveConfig({ routing: { prefer: ['subscription'] } });
    const reordered = planner.plan(
      model,
      preferring,
      planner.policyOf(preferring),
      sessions(['api-key', 'claude-code']),
    );
    expect(reordered).toEqual(
      planRoutes({
        model,
        available: sessions(['api-key', 'claude-code']),
        environment: {},
        ...routingPolicyOf(preferring),
      }),
    );
    const agentRun = { ...policy, sessions: { pins: {}, order: ['anthropic/work'], source: 'agent' } };
    expect(planner.plan(model, config, agentRun, sessions(['api-key']))).not.toBe(first);
  });
});
