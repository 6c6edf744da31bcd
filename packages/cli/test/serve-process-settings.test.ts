import { describe, expect, it } from 'vitest';
import { SERVE_V8_FLAGS, serveEnvironment, wantsServeProcess } from '../bin/serve-process.js';

describe('the gateway process settings', () => {
  it('caps glibc malloc arenas at two, keeping every other variable and a number the user chose', () => {
    const environment = { PATH: '/usr/bin', SWITCHBOARD_HOME: '/home/a/.switchboard' };
    expect(serveEnvironment(environment)).toEqual({ ...environment, MALLOC_ARENA_MAX: '2' });
    expect(environment).not.toHaveProperty('MALLOC_ARENA_MAX');
    expect(serveEnvironment({ ...environment, MALLOC_ARENA_MAX: '8' })).toMatchObject({ MALLOC_ARENA_MAX: '8' });
  });

  it('starts the gateway in its own process with the V8 flags, unless the user set the young generation', () => {
    expect(SERVE_V8_FLAGS).toEqual(['--max-semi-space-size=16', '--no-allocation-site-pretenuring']);
    expect(wantsServeProcess(['serve', '--local'], [], 'linux')).toBe(true);
    expect(wantsServeProcess(['serve'], ['--max-semi-space-size=32'], 'linux')).toBe(false);
    expect(wantsServeProcess(['serve'], [], 'linux', '--max-semi-space-size=8')).toBe(false);
    expect(wantsServeProcess(['serve', '--print-token'], [], 'linux')).toBe(false);
    expect(wantsServeProcess(['serve'], [], 'win32')).toBe(false);
    expect(wantsServeProcess(['chat'], [], 'linux')).toBe(false);
  });
});
