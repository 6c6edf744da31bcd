import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ask, collect, createHarness, type RuntimeHarness } from './runtime-fixtures.js';

const harnesses: RuntimeHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

describe('runtime usage log', () => {
  it('records every one of many concurrent requests (streamed, generated, failed) once flush() resolves', async () => {
    const h = await createHarness({ logins: ['anthropic', 'mistral'] });
    harnesses.push(h);
    const runtime = await h.runtime();
    const streams = 60;
    const generated = 20;
    for (let index = 0; index < 5; index += 1)
      h.upstream.enqueue('mistral', { kind: 'error', status: 400, message: 'bad request' });
    const results = await Promise.allSettled([
      ...Array.from({ length: streams }, (_, index) =>
        collect(runtime.stream(ask('claude-haiku-4-5', `stream ${index}`))),
      ),
      ...Array.from({ length: generated }, (_, index) =>
        runtime.generate(ask('claude-haiku-4-5', `generate ${index}`)),
      ),
      ...Array.from({ length: 5 }, () => collect(runtime.stream(ask('mistral-small-3.2', 'refused')))),
    ]);
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(5);
    await runtime.flush();
    const lines = (await readFile(h.home.paths.usageLog, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { provider: string; outcome: string; outputTokens: number });
    expect(lines.filter((line) => line.provider === 'anthropic' && line.outcome === 'ok')).toHaveLength(
      streams + generated,
    );
    expect(lines.filter((line) => line.provider === 'mistral' && line.outcome === 'error')).toHaveLength(5);
    expect(lines).toHaveLength(streams + generated + 5);
    expect(lines.every((line) => line.outcome === 'error' || line.outputTokens > 0)).toBe(true);

    // After a flush the runtime keeps working: the log reopens.
    await collect(runtime.stream(ask('claude-haiku-4-5', 'after flush')));
    await runtime.flush();
    expect((await readFile(h.home.paths.usageLog, 'utf8')).split('\n').filter(Boolean)).toHaveLength(
      streams + generated + 6,
    );
  });
});
