import { describe, expect, it } from 'vitest';
import type { EventLogEntry } from './event-log-entry.js';
import { summarizeEvents } from './summarize-events.js';

const at = (kind: EventLogEntry['kind'], provider: string, extra: Partial<EventLogEntry> = {}): EventLogEntry => ({
  time: '2026-12-01T10:00:00.000Z',
  pid: 1,
  process: 'cli',
  kind,
  provider,
  ...extra,
});

describe('summarizeEvents', () => {
  it('gives switch success rate and latency percentiles, refresh success rate with adopted ones, by provider', () => {
    const entries = [
      ...Array.from({ length: 99 }, (_, index) => at('switch.succeeded', 'openai', { latencyMs: index + 1 })),
      at('switch.failed', 'openai', { code: 'NETWORK', latencyMs: 500 }),
      at('refresh.succeeded', 'openai'),
      at('refresh.adopted', 'openai'),
      at('refresh.failed', 'openai', { code: 'NETWORK', kept: true }),
      at('refresh.adopted', 'openai'),
      at('login.failed', 'anthropic', { code: 'INVALID_INPUT' }),
      at('login.succeeded', 'anthropic'),
      at('session.expired', 'anthropic'),
    ];
    const [anthropic, openai] = summarizeEvents(entries);
    expect(openai).toEqual({
      provider: 'openai',
      switches: { attempts: 100, succeeded: 99, successRate: 0.99, p50Ms: 50, p95Ms: 95, p99Ms: 99 },
      refreshes: { attempts: 4, succeeded: 3, adopted: 2, successRate: 0.75 },
      logins: { attempts: 0, succeeded: 0 },
      expired: 0,
    });
    expect(anthropic).toMatchObject({
      switches: { attempts: 0, successRate: null, p50Ms: null },
      logins: { attempts: 2, succeeded: 1 },
      expired: 1,
    });
  });
});
