import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, SwitchboardError } from './errors.js';
import { fromSystemError } from './system-error.js';

/** The shape Node gives a failed system call (see lib/internal/errors.js UVException). */
function systemError(code: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${code}: failed`), { code, errno: -1, ...fields });
}

describe('fromSystemError', () => {
  it('gives each fault a stable code, one actionable line and exit code 1', () => {
    const cases = [
      [systemError('ENOSPC', { syscall: 'write' }), 'DISK_FULL', /No space left on the disk\./],
      [systemError('EDQUOT', { syscall: 'open', path: '/h/auth.json' }), 'DISK_FULL', /writing \/h\/auth\.json/],
      [
        systemError('EROFS', { syscall: 'open', path: '/h/config.toml' }),
        'READ_ONLY_FILESYSTEM',
        /\/h\/config\.toml.*read-only/,
      ],
      [
        systemError('EACCES', { syscall: 'open', path: '/h/auth.json' }),
        'FILE_ACCESS_DENIED',
        /Permission denied on \/h\/auth\.json/,
      ],
      [systemError('EACCES', { syscall: 'listen', port: 80 }), 'PORT_IN_USE', /listen on port 80/],
      [
        systemError('ELOOP', { syscall: 'open', path: '/h/usage.jsonl' }),
        'FILE_ACCESS_DENIED',
        /usage\.jsonl is a symbolic link/,
      ],
      [systemError('EADDRINUSE', { syscall: 'listen', port: 4141 }), 'PORT_IN_USE', /Port 4141 is already in use/],
    ] as const;
    for (const [error, code, message] of cases) {
      const mapped = fromSystemError(error);
      expect(mapped).toBeInstanceOf(SwitchboardError);
      expect(mapped!.code).toBe(code);
      expect(mapped!.message).toMatch(message);
      expect(mapped!.message).not.toContain('\n');
      expect(mapped!.hint).toBeTruthy();
      expect(exitCodeFor(mapped)).toBe(1);
    }
  });

  it('finds the system error inside a library wrapper, and ignores everything else', () => {
    const wrapped = new Error('lock failed', { cause: systemError('ENOSPC') });
    expect(fromSystemError(wrapped)?.code).toBe('DISK_FULL');
    expect(fromSystemError(new Error('plain'))).toBeUndefined();
    expect(fromSystemError(systemError('ECONNRESET'))).toBeUndefined();
    expect(fromSystemError('text')).toBeUndefined();
  });

  it('maps a real busy port and a real full device', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    const second = createServer();
    const busy = await new Promise<unknown>((resolve) => {
      second.once('error', resolve);
      second.listen(port, '127.0.0.1');
    });
    holder.close();
    expect(fromSystemError(busy)?.message).toContain(`Port ${port} is already in use`);

    if (process.platform !== 'linux') return;
    const full = await writeFile('/dev/full', 'x').catch((error: unknown) => error);
    expect(fromSystemError(full)?.code).toBe('DISK_FULL');
  });
});
