import { afterEach, describe, expect, it } from 'vitest';
import { createPaths, updateConfigFile } from '@switchboard/core';
import { defaultAnswerText } from '@switchboard/testkit';
import { createUpstreamHome, type UpstreamHome } from './helpers/fake-upstream-home.js';
import { jsonLines } from './helpers/json-lines.js';

const CANARY = 'ASKCANARY8c1e55d0';
const anthropicKey = `sk-ant-${CANARY}-0001`;
const bedrockSecret = `bedrock-${CANARY}-0002`;
const mistralKey = `mistral-${CANARY}-0003`;

const homes: UpstreamHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.close()));
});

async function claudeHome(extra = '[routing]\nprefer = ["anthropic", "bedrock"]') {
  const home = await createUpstreamHome(extra);
  homes.push(home);
  await home.login('claude', anthropicKey);
  await home.login('bedrock', `AKIAASKTESTFAKE0001:${bedrockSecret}`, 'aws');
  return home;
}

async function expectNoLeaks(home: UpstreamHome) {
  const everything = [
    ...home.results.map((result) => result.stdout + result.stderr),
    await home.home.readLogs(),
    await home.readUsageLog(),
  ].join('\n');
  expect(everything).not.toContain(CANARY);
}

describe('sb ask', () => {
  it('streams the answer of the next route when the first one fails before its first byte (503)', async () => {
    const home = await claudeHome();
    home.upstream.enqueue('anthropic', { kind: 'error', status: 503 });
    const result = await home.sb(['ask', '--model', 'claude-opus-4-1', 'hello', 'there']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(home.upstream.requests.map((request) => request.provider)).toEqual(['anthropic', 'bedrock']);
    expect(home.upstream.lastRequest('bedrock')?.credential).toBe('AKIAASKTESTFAKE0001');
    expect(result.stdout).toBe(
      `${defaultAnswerText('bedrock', 'us.anthropic.claude-opus-4-1-20250805-v1:0', 'hello there')}\n`,
    );
    await expectNoLeaks(home);
  });

  it('a cut mid-stream keeps the partial text on stdout, reports the error on stderr and exits non-zero', async () => {
    const home = await claudeHome();
    home.upstream.enqueue('anthropic', { kind: 'cut', afterChunks: 2, text: 'alpha beta gamma delta epsilon' });
    const result = await home.sb(['ask', '--model', 'claude-opus-4-1', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('alpha beta \n');
    expect(result.stderr).toMatch(/^sb: .+\n$/);
    // No fallback after the first byte.
    expect(home.upstream.requests.map((request) => request.provider)).toEqual(['anthropic']);
    const usage = (await home.readUsageLog())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(usage.at(-1)).toMatchObject({ provider: 'anthropic', outcome: 'error' });
    await expectNoLeaks(home);
  });

  it('--json prints one event per line and ends with finish, or with error and a non-zero exit', async () => {
    const home = await claudeHome();
    const ok = await home.sb(['ask', '--json', '--model', 'opus-4.1', 'hi']);
    expect(ok.code).toBe(0);
    const events = jsonLines<{ type: string; route?: { provider: string } }>(ok.stdout);
    expect(events[0]).toMatchObject({
      type: 'start',
      route: { provider: 'anthropic', method: 'api-key', model: 'claude-opus-4-1' },
    });
    expect(events.slice(1, -1).every((event) => event.type === 'text-delta')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });

    home.upstream.enqueue('anthropic', {
      kind: 'stream-error',
      afterChunks: 1,
      errorType: 'overloaded_error',
      message: 'Overloaded',
    });
    const failed = await home.sb(['ask', '--json', '--model', 'opus-4.1', 'hi']);
    expect(failed.code).toBe(1);
    const failedEvents = jsonLines<{ type: string; error?: { code: string } }>(failed.stdout);
    expect(failedEvents[0]?.type).toBe('start');
    expect(failedEvents.at(-1)).toMatchObject({ type: 'error', error: { code: expect.any(String) } });
    expect(failedEvents.some((event) => event.type === 'finish')).toBe(false);
    await expectNoLeaks(home);
  });

  it('reads the prompt from stdin with -, and uses the active model without --model', async () => {
    const home = await createUpstreamHome();
    homes.push(home);
    await home.login('mistral', mistralKey);
    expect((await home.sb(['use', 'mistral-large-3'])).code).toBe(0);
    const result = await home.sb(['ask', '-'], { input: 'a question\nover two lines\n' });
    expect(result.code).toBe(0);
    const request = home.upstream.lastRequest('mistral');
    expect(request?.credential).toBe(mistralKey);
    expect(JSON.stringify(request?.body)).toContain('a question\\nover two lines');
    await expectNoLeaks(home);
  });

  it('every route failing before the first byte: one error line, nothing on stdout, exit 1', async () => {
    const home = await claudeHome();
    home.upstream.enqueue('anthropic', { kind: 'error', status: 503 });
    home.upstream.enqueue('bedrock', { kind: 'error', status: 500 });
    const result = await home.sb(['ask', '--model', 'claude-opus-4-1', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('also tried anthropic api-key');
    await expectNoLeaks(home);
  });

  it('every answered ask is in usage.jsonl by the time sb exits (the log is flushed before exit)', async () => {
    const home = await claudeHome();
    for (const prompt of ['one', 'two', 'three']) {
      const result = await home.sb(['ask', '--model', 'claude-opus-4-1', prompt]);
      expect(result.code).toBe(0);
      // Read right after each exit: nothing is left to a process that is gone.
      const lines = (await home.readUsageLog())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.filter((line) => line['outcome'] === 'ok')).toHaveLength(
        ['one', 'two', 'three'].indexOf(prompt) + 1,
      );
      expect(lines.at(-1)).toMatchObject({ provider: 'anthropic', model: 'claude-opus-4-1', outcome: 'ok' });
    }
  });

  it('without a login for the model: exit 3 and the login command', async () => {
    const home = await createUpstreamHome();
    homes.push(home);
    const result = await home.sb(['ask', '--model', 'claude-opus-4-1', 'hi']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Claude Opus 4.1 requires Claude login. Run sb auth login claude');
    expect(home.upstream.requests).toEqual([]);
  });
});

describe('sb usage', () => {
  it('summarizes what was asked by provider, model and day, and enforces monthly budgets', async () => {
    const home = await claudeHome('[routing]\nprefer = ["anthropic", "bedrock"]');
    home.upstream.setDefaultBehavior('any', {
      kind: 'text',
      text: 'ok',
      usage: { inputTokens: 100_000, outputTokens: 10_000 },
    });
    const utcDay = () => new Date().toISOString().slice(0, 10);
    const dayBefore = utcDay();
    expect((await home.sb(['ask', '--model', 'claude-opus-4-1', 'one'])).code).toBe(0);
    expect((await home.sb(['ask', '--model', 'claude-opus-4-1', 'two'])).code).toBe(0);
    const dayAfter = utcDay();

    const json = await home.sb(['usage', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      summary: { byProvider: unknown[]; byModel: unknown[]; byDay: unknown[]; total: unknown };
    };
    // 100k in × $15/M + 10k out × $75/M = $2.25 per request.
    expect(report.summary.byProvider).toEqual([
      { provider: 'anthropic', requests: 2, errors: 0, inputTokens: 200_000, outputTokens: 20_000, costUsd: 4.5 },
    ]);
    expect(report.summary.byModel).toEqual([expect.objectContaining({ model: 'claude-opus-4-1', requests: 2 })]);
    // Both requests on the UTC day they were made (two days only for a run across midnight).
    const byDay = report.summary.byDay as Array<{ day: string; costUsd: number }>;
    expect(byDay.length).toBeGreaterThan(0);
    for (const row of byDay) expect([dayBefore, dayAfter]).toContain(row.day);
    expect(byDay.reduce((sum, row) => sum + row.costUsd, 0)).toBeCloseTo(4.5, 10);

    const human = await home.sb(['usage']);
    expect(human.stdout).toMatch(/^anthropic\s+2\s+0\s+200,000\s+20,000\s+\$4\.50$/m);

    // A $5 monthly budget: at $4.50 (90 %) the next request warns; past $5 it is refused.
    await updateConfigFile(createPaths(home.home.home), (document) => {
      document.providers = {
        ...document.providers,
        anthropic: { ...document.providers?.anthropic, budget_usd_monthly: 5 },
      };
    });
    const warned = await home.sb(['ask', '--model', 'claude-opus-4-1', 'three']);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('sb: warning: Claude has used 90% of its $5.00 monthly budget');
    home.upstream.reset();
    // The budget is per provider: anthropic is refused, so the bedrock route answers.
    const fellBack = await home.sb(['ask', '--model', 'claude-opus-4-1', 'four']);
    expect(fellBack.code).toBe(0);
    expect(home.upstream.requests.map((request) => request.provider)).toEqual(['bedrock']);
    expect((await home.sb(['auth', 'logout', 'bedrock'])).code).toBe(0);
    const refused = await home.sb(['ask', '--model', 'claude-opus-4-1', 'five']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('Claude has used $6.75 of its $5.00 monthly budget');
    expect(home.upstream.requests.map((request) => request.provider)).toEqual(['bedrock']);
    const budgets = JSON.parse((await home.sb(['usage', '--json'])).stdout) as {
      budgets: Array<{ provider: string; level: string }>;
    };
    expect(budgets.budgets).toEqual([expect.objectContaining({ provider: 'anthropic', level: 'exceeded' })]);
    await expectNoLeaks(home);
  });
});
