import { appendFile, mkdtemp, readFile, readdir, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBudgetGuard, budgetExceededError } from './check-budget.js';
import { estimateCost } from './estimate-cost.js';
import { summarizeUsage } from './summarize-usage.js';
import type { UsageEntry } from './usage-entry.js';
import { createUsageLog } from './usage-log.js';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

async function logPath() {
  const directory = await mkdtemp(join(tmpdir(), 'sb-usage-'));
  directories.push(directory);
  return join(directory, 'home', 'usage.jsonl');
}

const entry = (overrides: Partial<UsageEntry> = {}): UsageEntry => ({
  time: '2026-11-20T10:00:00.000Z',
  provider: 'anthropic',
  model: 'claude-opus-4-1',
  route: { method: 'api-key', transport: 'anthropic-messages', upstreamId: 'claude-opus-4-1-20250805' },
  inputTokens: 1000,
  outputTokens: 500,
  costUsd: 0.0525,
  outcome: 'ok',
  ...overrides,
});

describe('createUsageLog', () => {
  it('appends JSON lines to a 0600 file and writes only the known fields', async () => {
    const path = await logPath();
    const log = createUsageLog({ path });
    const planted = { ...entry(), prompt: 'CANARY-PROMPT-TEXT', apiKey: 'sk-CANARY-0000000000' } as UsageEntry;
    await log.append(planted);
    await log.append(entry({ outcome: 'error', errorCode: 'STREAM_INTERRUPTED' }));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
    expect(text).not.toContain('CANARY');
    expect((await log.read()).map((line) => line.outcome)).toEqual(['ok', 'error']);
  });

  it('reads what other processes appended, skips torn and foreign lines, and re-reads a truncated file', async () => {
    const path = await logPath();
    const log = createUsageLog({ path });
    expect(await log.read()).toEqual([]);
    await log.append(entry());
    expect(await log.read()).toHaveLength(1);
    // Another writer: a whole line, a garbage line, and a line still being written.
    await appendFile(path, `${JSON.stringify(entry({ provider: 'mistral' }))}\nnot json\n{"time":"2026-11-20T`);
    expect((await log.read()).map((line) => line.provider)).toEqual(['anthropic', 'mistral']);
    await appendFile(path, `10:00:00.000Z"}\n${JSON.stringify(entry({ provider: 'bedrock' }))}\n`);
    expect((await log.read()).map((line) => line.provider)).toEqual(['anthropic', 'mistral', 'bedrock']);
    await writeFile(path, `${JSON.stringify(entry({ provider: 'google' }))}\n`);
    expect((await log.read()).map((line) => line.provider)).toEqual(['google']);
  });
});

/** How many of this process's file descriptors point at `path` (Linux /proc). */
async function openDescriptors(path: string): Promise<number> {
  let count = 0;
  for (const name of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${name}`).catch(() => undefined);
    if (target === path) count += 1;
  }
  return count;
}

async function eventually(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 1_000 && !(await condition()); tries += 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await condition()).toBe(true);
}

describe('createUsageLog: one append handle', () => {
  it('lands every line of many concurrent appends, whole, through one open file that close() releases', async () => {
    const path = await logPath();
    const log = createUsageLog({ path, idleCloseMs: 60_000 });
    const count = 300;
    await Promise.all(Array.from({ length: count }, (_, index) => log.append(entry({ inputTokens: index }))));
    expect(await openDescriptors(path)).toBe(1);
    await Promise.all(Array.from({ length: count }, (_, index) => log.append(entry({ inputTokens: count + index }))));
    expect(await openDescriptors(path)).toBe(1);
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(2 * count);
    expect(
      lines.map((line) => (JSON.parse(line) as UsageEntry).inputTokens).sort((left, right) => left - right),
    ).toEqual(Array.from({ length: 2 * count }, (_, index) => index));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await log.close();
    expect(await openDescriptors(path)).toBe(0);
    // A later append opens it again.
    await log.append(entry({ inputTokens: -1 }));
    expect((await readFile(path, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2 * count + 1);
    await log.close();
    expect(await openDescriptors(path)).toBe(0);
  });

  it('closes the file once appends stop', async () => {
    const path = await logPath();
    const log = createUsageLog({ path, idleCloseMs: 20 });
    await log.append(entry());
    await eventually(async () => (await openDescriptors(path)) === 0);
    await log.append(entry());
    expect((await log.read()).length).toBe(2);
  });

  it('reopens a log that was rotated or deleted (noticed within a second) instead of writing into the old file', async () => {
    const path = await logPath();
    let clock = 0;
    const log = createUsageLog({ path, idleCloseMs: 60_000, now: () => clock });
    await log.append(entry({ provider: 'anthropic' }));
    await rename(path, `${path}.1`);
    // Within the second after a check the path is not looked at again.
    await log.append(entry({ provider: 'anthropic' }));
    clock += 1_000;
    await log.append(entry({ provider: 'mistral' }));
    await rm(path);
    clock += 1_000;
    await log.append(entry({ provider: 'bedrock' }));
    await log.close();
    expect(
      (await readFile(`${path}.1`, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as UsageEntry).provider),
    ).toEqual(['anthropic', 'anthropic']);
    expect(
      (await readFile(path, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as UsageEntry).provider),
    ).toEqual(['bedrock']);
  });

  it('read() includes the lines appended just before it (budget checks see every request)', async () => {
    const path = await logPath();
    const log = createUsageLog({ path });
    const appended = Array.from({ length: 20 }, () => log.append(entry()));
    expect(await log.read()).toHaveLength(20);
    await Promise.all(appended);
    await log.close();
  });
});

describe('summarizeUsage', () => {
  it('sums by provider, model and UTC day', () => {
    const summary = summarizeUsage([
      entry({ time: '2026-11-19T23:59:00.000Z', costUsd: 1 }),
      entry({ time: '2026-11-20T00:01:00.000Z', provider: 'bedrock', costUsd: 2 }),
      entry({
        time: '2026-11-20T08:00:00.000Z',
        model: 'claude-haiku-4-5',
        costUsd: 0.5,
        outcome: 'error',
        inputTokens: 0,
        outputTokens: 0,
      }),
    ]);
    expect(summary.total).toEqual({ requests: 3, errors: 1, inputTokens: 2000, outputTokens: 1000, costUsd: 3.5 });
    expect(summary.byProvider.map((row) => [row.provider, row.costUsd, row.requests])).toEqual([
      ['bedrock', 2, 1],
      ['anthropic', 1.5, 2],
    ]);
    expect(summary.byModel.map((row) => [row.model, row.requests])).toEqual([
      ['claude-opus-4-1', 2],
      ['claude-haiku-4-5', 1],
    ]);
    expect(summary.byDay.map((row) => [row.day, row.costUsd])).toEqual([
      ['2026-11-19', 1],
      ['2026-11-20', 2.5],
    ]);
    expect(
      summarizeUsage([entry({ time: '2026-10-01T00:00:00.000Z' }), entry()], {
        since: new Date('2026-11-01T00:00:00Z'),
      }).total.requests,
    ).toBe(1);
  });
});

describe('estimateCost', () => {
  it('prices tokens at list price per million, and subscription routes at zero', () => {
    const price = { inputPerMillion: 15, outputPerMillion: 75 };
    expect(estimateCost({ inputTokens: 1000, outputTokens: 500 }, price, { transport: 'anthropic-messages' })).toBe(
      0.0525,
    );
    expect(estimateCost({ inputTokens: 1000, outputTokens: 500 }, price, { transport: 'claude-code-cli' })).toBe(0);
  });
});

describe('createBudgetGuard', () => {
  it('counts this UTC month only; warns from 80 % and refuses at 100 %', async () => {
    const path = await logPath();
    const log = createUsageLog({ path });
    let now = Date.parse('2026-11-20T12:00:00Z');
    const guard = createBudgetGuard({
      usageLog: log,
      now: () => now,
      budgets: (provider) => ({
        budgetUsd: provider === 'anthropic' ? 10 : undefined,
        name: provider === 'anthropic' ? 'Claude' : provider,
      }),
    });
    // No budget: answered at once, without a promise (the runtime asks on every request).
    expect(guard.check('mistral')).toBeUndefined();
    await log.append(entry({ time: '2026-10-31T23:59:59.000Z', costUsd: 100 }));
    await log.append(entry({ costUsd: 7.9 }));
    expect(await guard.check('anthropic')).toMatchObject({ level: 'ok', spentUsd: 7.9 });
    await log.append(entry({ costUsd: 0.1 }));
    await log.append(entry({ provider: 'bedrock', costUsd: 50 }));
    expect(await guard.check('anthropic')).toMatchObject({ level: 'warn', spentUsd: 8 });
    await log.append(entry({ costUsd: 2 }));
    const exceeded = await guard.check('anthropic');
    expect(exceeded).toMatchObject({ level: 'exceeded', spentUsd: 10 });
    const error = budgetExceededError(exceeded!);
    expect(error.code).toBe('BUDGET_EXCEEDED');
    expect(error.message).toContain('$10.00 of its $10.00 monthly budget');
    // A new month starts from zero.
    now = Date.parse('2026-12-01T00:00:00Z');
    expect(await guard.check('anthropic')).toMatchObject({ level: 'ok', spentUsd: 0 });
  });
});
