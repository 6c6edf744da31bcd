import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTarget } from '../providers/types.js';
import { createSessionExhaustion, EXHAUSTION_RECHECK_MS } from './session-exhaustion.js';

const ADA: RouteTarget = {
  provider: 'openai',
  method: 'oauth',
  session: 'ada',
  model: 'gpt-5',
  upstreamId: 'gpt-5',
  transport: 'codex',
};
const HOUR = 3_600_000;

const homes: string[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => rm(home, { recursive: true, force: true })));
});

async function recordPath(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'sb-exhaustion-'));
  homes.push(home);
  return join(home, 'exhausted-sessions.json');
}

/** What another process of the same home writes when its request meets the plan's limit. */
async function writtenElsewhere(path: string, until: number): Promise<void> {
  await writeFile(path, `${JSON.stringify({ version: 1, until: { 'openai/oauth/ada': until } })}\n`);
}

describe('createSessionExhaustion', () => {
  it("sees another process's mark within the recheck interval, not on every request", async () => {
    const path = await recordPath();
    let clock = 1_000_000;
    const exhaustion = createSessionExhaustion({ path, now: () => clock });
    expect(exhaustion.until(ADA)).toBeUndefined();

    await writtenElsewhere(path, clock + HOUR);
    clock += EXHAUSTION_RECHECK_MS - 1;
    // Within the interval the file is not looked at: the request is tried, as before the mark.
    expect(exhaustion.until(ADA)).toBeUndefined();
    clock += 1;
    expect(exhaustion.until(ADA)).toBe(1_000_000 + HOUR);
  });

  it("sees this process's own mark at once", async () => {
    const path = await recordPath();
    const clock = 1_000_000;
    const exhaustion = createSessionExhaustion({ path, now: () => clock });
    expect(exhaustion.until(ADA)).toBeUndefined();
    await exhaustion.record(ADA, clock + HOUR);
    expect(exhaustion.until(ADA)).toBe(clock + HOUR);
    // And a session whose reset time has passed serves again.
    const later = createSessionExhaustion({ path, now: () => clock + HOUR + 1 });
    expect(later.until(ADA)).toBeUndefined();
  });

  it('looks at the file again when the clock is set back', async () => {
    const path = await recordPath();
    let clock = 1_000_000;
    const exhaustion = createSessionExhaustion({ path, now: () => clock });
    expect(exhaustion.until(ADA)).toBeUndefined();
    await writtenElsewhere(path, clock + HOUR);
    clock -= 10;
    expect(exhaustion.until(ADA)).toBe(1_000_000 + HOUR);
  });

  it('keeps an unreadable record as it is and skips nothing', async () => {
    const path = await recordPath();
    await writeFile(path, '{ not json');
    const exhaustion = createSessionExhaustion({ path, now: () => 1_000_000 });
    expect(exhaustion.until(ADA)).toBeUndefined();
    await exhaustion.record(ADA, 1_000_000 + HOUR);
    expect(await readFile(path, 'utf8')).toBe('{ not json');
    expect(exhaustion.until(ADA)).toBeUndefined();
  });

  it('keeps marks in memory without a path, and forgets a file mark once the file is emptied', async () => {
    const clock = 1_000_000;
    const inMemory = createSessionExhaustion({ now: () => clock });
    expect(inMemory.until(ADA)).toBeUndefined();
    await inMemory.record(ADA, clock + HOUR);
    expect(inMemory.until(ADA)).toBe(clock + HOUR);
    expect(inMemory.until({ ...ADA, session: 'grace' })).toBeUndefined();

    const path = await recordPath();
    let now = clock;
    const fromFile = createSessionExhaustion({ path, now: () => now });
    await writtenElsewhere(path, clock + HOUR);
    expect(fromFile.until(ADA)).toBe(clock + HOUR);
    await writeFile(path, `${JSON.stringify({ version: 1, until: {} })}\n`);
    now += EXHAUSTION_RECHECK_MS;
    expect(fromFile.until(ADA)).toBeUndefined();
  });
});
