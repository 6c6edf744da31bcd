import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUsageLog } from './usage-log.js';

describe.runIf(process.platform !== 'win32')('a symlink planted at the usage log path', () => {
  it('is refused (ELOOP): nothing is appended to the file it points at', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sb-usage-symlink-'));
    try {
      const target = join(root, 'someone-elses.txt');
      await writeFile(target, 'theirs\n');
      const path = join(root, 'usage.jsonl');
      await symlink(target, path);
      const log = createUsageLog({ path });
      const appended = log.append({
        time: '2026-11-20T10:00:00.000Z',
        provider: 'openai',
        model: 'gpt-5',
        route: { method: 'api-key', transport: 'openai-responses', upstreamId: 'gpt-5' },
        inputTokens: 1,
        outputTokens: 1,
        costUsd: 0,
        outcome: 'ok',
      });
      await expect(appended).rejects.toMatchObject({ code: 'ELOOP' });
      await log.close();
      expect(await readFile(target, 'utf8')).toBe('theirs\n');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
