import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsageLog } from './usage-log.js';

let root: string;
let outside: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sb-symlinks-'));
  await mkdir(join(root, 'home'));
  // A file that is not Switchboard's, which a planted link in the home points at.
  outside = join(root, 'someone-elses.txt');
  await writeFile(outside, 'theirs\n', { mode: 0o644 });
  await chmod(outside, 0o644);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.runIf(process.platform !== 'win32')('a symlink planted at the usage log path', () => {
  it('the usage log refuses to append through a symlink (ELOOP) and leaves its target untouched', async () => {
    const path = join(root, 'home', 'usage.jsonl');
    await symlink(outside, path);
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
    expect(await readFile(outside, 'utf8')).toBe('theirs\n');
    expect((await stat(outside)).mode & 0o777).toBe(0o644);
  });
});
