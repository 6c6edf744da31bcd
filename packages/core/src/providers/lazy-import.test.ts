import { describe, expect, it } from 'vitest';
import { lazyImport } from './lazy-import.js';

describe('lazyImport', () => {
  it('loads nothing until first used, then loads once for every caller', async () => {
    let loads = 0;
    const load = lazyImport(async () => {
      loads += 1;
      return await import('node:path');
    });
    expect(loads).toBe(0);
    const [first, second] = await Promise.all([load(), load()]);
    const third = await load();
    expect(loads).toBe(1);
    expect(first).toBe(second);
    expect(third).toBe(first);
    expect(typeof third.join).toBe('function');
  });

  it('forgets a failed load, so the next call tries again', async () => {
    let loads = 0;
    const load = lazyImport(async () => {
      loads += 1;
      if (loads === 1) throw new Error('Cannot find module');
      return await Promise.resolve({ loaded: loads });
    });
    await expect(load()).rejects.toThrow();
    await expect(load()).resolves.toEqual({ loaded: 2 });
    await expect(load()).resolves.toEqual({ loaded: 2 });
    expect(loads).toBe(2);
  });
});
