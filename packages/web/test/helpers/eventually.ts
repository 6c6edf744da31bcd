import { expect } from 'vitest';

/**
 * `expect.poll` with room for a loaded machine (other test files may run at the same time):
 * vitest's default gives up after one second.
 */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });
