import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tightenMode } from './tighten-mode.js';

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

describe.runIf(process.platform !== 'win32')('symlinks planted in the home', () => {
  it('tightenMode tightens a real file but never chmods through a symlink', async () => {
    const real = join(root, 'home', 'auth.json');
    await writeFile(real, '{}', { mode: 0o644 });
    await chmod(real, 0o644);
    await tightenMode(real, 0o600);
    expect((await stat(real)).mode & 0o777).toBe(0o600);

    const link = join(root, 'home', 'auth.key');
    await symlink(outside, link);
    await tightenMode(link, 0o600);
    expect((await stat(outside)).mode & 0o777).toBe(0o644);
  });
});
