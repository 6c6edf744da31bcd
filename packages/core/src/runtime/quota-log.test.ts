import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createQuotaLog } from './quota-log.js';
import type { QuotaSnapshot } from './quota-snapshot.js';

function snapshot(overrides: Partial<QuotaSnapshot> = {}): QuotaSnapshot {
  return {
    provider: 'openai',
    method: 'oauth',
    source: 'codex-response-headers',
    observedAt: 1_000,
    windows: [{ id: 'codex.primary', usedPercent: 10 }],
    ...overrides,
  };
}

async function tempPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'sb-quota-')), 'quota.json');
}

describe('createQuotaLog', () => {
  it('keeps the latest snapshot per provider and method, for any process to read', async () => {
    const path = await tempPath();
    const log = createQuotaLog({ path });
    expect(await log.read()).toEqual({ snapshots: [], corrupt: false });
    await log.record(snapshot());
    await log.record(snapshot({ method: 'codex-cli', source: 'codex-cli', observedAt: 500 }));
    await log.record(snapshot({ observedAt: 2_000, windows: [{ id: 'codex.primary', usedPercent: 30 }] }));
    // An older report arriving late does not replace a newer one.
    await log.record(snapshot({ observedAt: 1_500, windows: [{ id: 'codex.primary', usedPercent: 20 }] }));
    const { snapshots } = await createQuotaLog({ path }).read();
    expect(snapshots.map((item) => [item.method, item.observedAt, item.windows[0]?.usedPercent])).toEqual([
      ['codex-cli', 500, 10],
      ['oauth', 2_000, 30],
    ]);
  });

  it('merges reports of single windows (Claude Code), each window keeping its latest report', async () => {
    const path = await tempPath();
    const log = createQuotaLog({ path });
    const window = (id: string, usedPercent: number, windowMinutes: number) => ({ id, usedPercent, windowMinutes });
    const claude = (observedAt: number, windows: QuotaSnapshot['windows'], limitReached?: string) =>
      snapshot({
        provider: 'anthropic',
        method: 'claude-code',
        source: 'claude-code',
        observedAt,
        windows,
        partial: true,
        ...(limitReached ? { limitReached } : {}),
      });
    await log.record(claude(1_000, [window('claude-code.five_hour', 40, 300)]));
    await log.record(claude(2_000, [window('claude-code.seven_day', 90, 10_080)], 'seven_day'));
    // A late report of the 5-hour window older than the one recorded changes nothing.
    await log.record(claude(500, [window('claude-code.five_hour', 5, 300)]));
    await log.record(claude(3_000, [window('claude-code.five_hour', 55, 300)]));
    const [recorded] = (await log.read()).snapshots;
    expect(recorded).toMatchObject({ observedAt: 3_000, limitReached: 'seven_day' });
    expect(recorded?.windows).toEqual([
      window('claude-code.five_hour', 55, 300),
      window('claude-code.seven_day', 90, 10_080),
    ]);
    expect(recorded).not.toHaveProperty('partial');
  });

  it('keeps an unreadable file as it is and reports it', async () => {
    const path = await tempPath();
    await writeFile(path, '{ not json');
    const log = createQuotaLog({ path });
    expect(await log.record(snapshot())).toBe(false);
    expect(await log.read()).toEqual({ snapshots: [], corrupt: true });
    expect(await readFile(path, 'utf8')).toBe('{ not json');
  });
});
