import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createUpstreamTiming, RequestTiming } from './upstream-timing.js';

describe('RequestTiming.overheadMs', () => {
  it('subtracts each upstream span: failed calls end where they failed, others where the next call starts', () => {
    const timing = new RequestTiming(100);
    timing.spans.push(
      { startedAt: 102, endedAt: 104 },
      { startedAt: 105, endedAt: undefined },
      { startedAt: 120, endedAt: undefined },
    );
    timing.runtimeAnsweredAt = 150;
    // Upstream: 2 + 15 (until the third call) + 30 (until the runtime answered) = 47 of 55.
    expect(timing.overheadMs(155)).toBe(8);
  });

  it('counts the last span up to when the runtime answered (first bytes, then the end), never past now', () => {
    const timing = new RequestTiming(100);
    timing.spans.push({ startedAt: 101, endedAt: undefined });
    timing.runtimeAnsweredAt = 120;
    expect(timing.overheadMs(121)).toBe(2);
    timing.runtimeAnsweredAt = 190;
    expect(timing.overheadMs(192)).toBe(3);
    timing.runtimeAnsweredAt = undefined;
    expect(timing.overheadMs(130)).toBe(1);
  });

  it('falls back to the runtime call window when no upstream fetch was seen', () => {
    const timing = new RequestTiming(100);
    timing.runtimeStartedAt = 103;
    timing.runtimeAnsweredAt = 140;
    expect(timing.overheadMs(142)).toBe(5);
  });
});

describe('createUpstreamTiming', () => {
  it('records when each fetch of the current request starts, and leaves the body untouched', async () => {
    const server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first ');
      setTimeout(() => response.end('last'), 5);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const timing = createUpstreamTiming();
      const fetchWithTiming = timing.wrapFetch(globalThis.fetch);
      const request = new RequestTiming();
      const text = await timing.run(request, async () => (await fetchWithTiming(url)).text());
      expect(text).toBe('first last');
      expect(request.spans).toHaveLength(1);
      expect(request.spans[0]!.startedAt).toBeGreaterThanOrEqual(request.arrivedAt);
      expect(request.spans[0]!.endedAt).toBeUndefined();
      const refused = await timing.run(request, () => fetchWithTiming('http://127.0.0.1:1/').catch(() => 'refused'));
      expect(refused).toBe('refused');
      expect(request.spans[1]!.endedAt).toBeGreaterThanOrEqual(request.spans[1]!.startedAt);

      // Outside a request, nothing is recorded anywhere.
      expect(await (await fetchWithTiming(url)).text()).toBe('first last');
      expect(request.spans).toHaveLength(2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
