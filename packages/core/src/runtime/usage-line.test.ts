import { describe, expect, it } from 'vitest';
import type { UsageEntry } from './usage-entry.js';
import { usageLine } from './usage-line.js';

const base: UsageEntry = {
  time: '2026-12-05T13:40:00.123Z',
  provider: 'openai',
  model: 'gpt-5',
  route: { method: 'api-key', transport: 'openai-chat', upstreamId: 'gpt-5' },
  inputTokens: 12,
  outputTokens: 8,
  costUsd: 0.000135,
  outcome: 'ok',
};

/** The reference: `JSON.stringify` of the known fields, in the line's order. */
function reference(entry: UsageEntry): string {
  return JSON.stringify({
    time: entry.time,
    provider: entry.provider,
    model: entry.model,
    route: { method: entry.route.method, transport: entry.route.transport, upstreamId: entry.route.upstreamId },
    inputTokens: entry.inputTokens,
    outputTokens: entry.outputTokens,
    costUsd: entry.costUsd,
    outcome: entry.outcome,
    ...(entry.errorCode !== undefined ? { errorCode: entry.errorCode } : {}),
    ...(entry.agent !== undefined ? { agent: { name: entry.agent.name, id: entry.agent.id } } : {}),
  });
}

describe('usageLine', () => {
  it.each<[string, UsageEntry]>([
    ['a plain entry', base],
    [
      'an error with an agent',
      { ...base, outcome: 'error', errorCode: 'STREAM_INTERRUPTED', agent: { name: 'claude', id: 'a1' } },
    ],
    [
      'a route without a method, an endpoint provider',
      { ...base, provider: 'endpoint:my "lab"', route: { ...base.route, method: null } },
    ],
    ['names that need escaping', { ...base, model: 'wörld\n✓\\', route: { ...base.route, upstreamId: 'a\u0001b' } }],
    ['odd numbers', { ...base, inputTokens: Number.NaN, outputTokens: 1e21, costUsd: -0 }],
  ])('writes what JSON.stringify writes: %s', (_name, entry) => {
    expect(usageLine(entry)).toBe(reference(entry));
  });

  it('writes only the known fields (nothing else an entry carries)', () => {
    const planted = { ...base, userId: 'u1', level: 'user', prompt: 'CANARY-PROMPT' } as UsageEntry;
    expect(usageLine(planted)).toBe(reference(base));
  });
});
