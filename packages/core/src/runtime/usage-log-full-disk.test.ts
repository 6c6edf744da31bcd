import { spawnSync } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageEntry } from './usage-entry.js';
import { createUsageLog } from './usage-log.js';

// A real full disk needs a small filesystem of our own: a tmpfs, which only root may mount.
const canMount = process.platform === 'linux' && process.getuid?.() === 0;
let mountPoint: string;

beforeAll(async () => {
  if (!canMount) return;
  mountPoint = await mkdtemp(join(tmpdir(), 'sb-usage-full-disk-'));
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]).status).toBe(0);
});
afterAll(async () => {
  if (!canMount) return;
  spawnSync('umount', ['-l', mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

const entry = (model: string): UsageEntry => ({
  time: '2026-12-04T10:00:00.000Z',
  provider: 'openai',
  model,
  route: { method: 'api-key', transport: 'openai-chat', upstreamId: model },
  inputTokens: 12,
  outputTokens: 8,
  costUsd: 0,
  outcome: 'ok',
});

describe.runIf(canMount)('the usage log on a disk that fills up', () => {
  it('rejects the append with ENOSPC, keeps what was written, and writes again once there is room', async () => {
    const path = join(mountPoint, 'usage.jsonl');
    // A line written earlier that fills the file's first page: the next byte needs a new one.
    const earlier = JSON.stringify(entry('before'));
    await writeFile(path, `${earlier}${' '.repeat(4096 - earlier.length - 1)}\n`, { mode: 0o600 });
    const log = createUsageLog({ path });

    const filler = await open(join(mountPoint, 'filler'), 'w');
    try {
      for (;;) await filler.write(Buffer.alloc(4096, 1));
    } catch (error) {
      expect((error as { code?: string }).code).toBe('ENOSPC');
    } finally {
      await filler.close();
    }
    await expect(log.append(entry('refused'))).rejects.toMatchObject({ code: 'ENOSPC' });

    await rm(join(mountPoint, 'filler'));
    await log.append(entry('after'));
    await log.close();
    const models = (await readFile(path, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as UsageEntry).model);
    expect(models).toEqual(['before', 'after']);
  });
});
