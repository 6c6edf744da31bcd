import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createProviderRegistry, type ProviderRuntime, type RouteTarget } from '../src/index.js';
import { ask, collect, createHarness, type RuntimeHarness } from './runtime-fixtures.js';

const harnesses: RuntimeHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

/**
 * The real provider registry, with each adapter's `streamGenerate` noting the signal the runtime
 * handed it (the attempt's `AbortSignal.any([caller, attempt])`) before delegating to it.
 */
function observingRegistry(seen: AbortSignal[]): { forRoute(target: RouteTarget): ProviderRuntime } {
  const registry = createProviderRegistry();
  return {
    forRoute(target) {
      const adapter = registry.forRoute(target);
      return {
        ...adapter,
        streamGenerate(request, context) {
          if (request.signal) seen.push(request.signal);
          return adapter.streamGenerate(request, context);
        },
      };
    },
  };
}

describe('runtime stream signals', () => {
  it('leaves no abort listener behind on the signals of finished, failed or abandoned streams', async () => {
    const h = await createHarness({ logins: ['anthropic'] });
    harnesses.push(h);
    const seen: AbortSignal[] = [];
    const runtime = await h.runtime({ registry: observingRegistry(seen) });
    const callers: AbortController[] = [];
    const rounds = 20;
    for (let index = 0; index < rounds; index += 1) {
      const caller = new AbortController();
      callers.push(caller);
      const events = await collect(
        runtime.stream({ ...ask('claude-haiku-4-5', `hello ${index}`), signal: caller.signal }),
      );
      expect(events.at(-1)?.type).toBe('finish');
    }
    // A stream cut by the upstream after its first byte, and one the consumer leaves early.
    h.upstream.enqueue('anthropic', { kind: 'cut', afterChunks: 1, text: 'one two three' });
    const cut = await collect(
      runtime.stream({ ...ask('claude-haiku-4-5', 'cut'), signal: new AbortController().signal }),
    );
    expect(cut.at(-1)?.type).toBe('error');
    for await (const event of runtime.stream({
      ...ask('claude-haiku-4-5', 'leave early'),
      signal: new AbortController().signal,
    })) {
      if (event.type === 'text-delta') break;
    }
    await runtime.flush();

    expect(seen).toHaveLength(rounds + 2);
    expect(seen.map((signal) => getEventListeners(signal, 'abort').length)).toEqual(seen.map(() => 0));
    expect(callers.map((caller) => getEventListeners(caller.signal, 'abort').length)).toEqual(callers.map(() => 0));
  });
});
