import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createUpstreamTiming, RequestTiming } from './upstream-timing.js';

describe('RequestTiming.overheadMs', () => {
  it('subtracts finished upstream spans from the elapsed time', () => {
    const timing = new RequestTiming(100);
    timing.spans.push({ startedAt: 102, firstByteAt: 110, endedAt: 150 });
    expect(timing.overheadMs(155)).toBe(7);
  });

  it('counts an open span up to its first byte for a streaming header, and up to now otherwise', () => {
    const timing = new RequestTiming(100);
    timing.spans.push({ startedAt: 101, firstByteAt: 120, endedAt: undefined });
    expect(timing.overheadMs(121, true)).toBe(2);
    expect(timing.overheadMs(121, false)).toBe(1);
  });

  it('falls back to the runtime call window when no upstream fetch was seen', () => {
    const timing = new RequestTiming(100);
    timing.runtimeStartedAt = 103;
    timing.runtimeAnsweredAt = 140;
    expect(timing.overheadMs(142)).toBe(5);
  });
});

describe('createUpstreamTiming', () => {
  it('records each fetch of the current request as a span from call to last byte', async () => {
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
      const [span] = request.spans;
      expect(span!.firstByteAt).toBeGreaterThanOrEqual(span!.startedAt);
      expect(span!.endedAt).toBeGreaterThanOrEqual(span!.firstByteAt!);

      // Outside a request, nothing is recorded anywhere.
      expect(await (await fetchWithTiming(url)).text()).toBe('first last');
      expect(request.spans).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
