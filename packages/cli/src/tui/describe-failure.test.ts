import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { asSwitchboardError } from './describe-failure.js';

describe('asSwitchboardError (the chat’s error edge)', () => {
  it.runIf(process.platform === 'linux')('says a full disk is full, not a bug', async () => {
    const full = await writeFile('/dev/full', 'x').catch((error: unknown) => error);
    const shown = asSwitchboardError(full);
    expect(shown.code).toBe('DISK_FULL');
    expect(shown.message).toMatch(/^No space left on the disk/);
  });

  it('keeps anything else as INTERNAL with its message', () => {
    expect(asSwitchboardError(new Error('odd'))).toMatchObject({ code: 'INTERNAL', message: 'odd' });
  });
});
