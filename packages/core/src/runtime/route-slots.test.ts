import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouteSlots } from './route-slots.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sb-slots-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('createRouteSlots', () => {
  it('hands out at most `limit` slots of a route across processes, and a release frees one', () => {
    // Two processes of one home: this one and its parent (both alive).
    const here = createRouteSlots({ directory });
    const other = createRouteSlots({ directory, pid: process.ppid });
    const first = here.acquire('openai.oauth', 2);
    const second = other.acquire('openai.oauth', 2);
    expect(first && second).toBeTruthy();
    expect(here.acquire('openai.oauth', 2)).toBeUndefined();
    expect(other.acquire('anthropic.claude-code', 2)).toBeTruthy();
    second!();
    second!();
    const third = here.acquire('openai.oauth', 2);
    expect(third).toBeTruthy();
    expect(other.acquire('openai.oauth', 2)).toBeUndefined();
  });

  it('takes back the slot of a process that died without releasing it', async () => {
    await mkdir(join(directory, 'openai.oauth'), { recursive: true });
    // No process has this pid (above the kernel's pid_max).
    await writeFile(join(directory, 'openai.oauth', 'slot-0'), '4194305');
    expect(createRouteSlots({ directory }).acquire('openai.oauth', 1)).toBeTruthy();
  });
});
