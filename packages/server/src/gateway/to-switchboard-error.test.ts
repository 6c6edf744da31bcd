import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { httpStatusFor } from './http-status-for.js';
import { toSwitchboardError } from './to-switchboard-error.js';

describe('toSwitchboardError (the gateway edge)', () => {
  it.runIf(process.platform === 'linux')('answers a full disk as DISK_FULL (507), not as a gateway bug', async () => {
    const full = await writeFile('/dev/full', 'x').catch((error: unknown) => error);
    const error = toSwitchboardError(full);
    expect(error.code).toBe('DISK_FULL');
    expect(httpStatusFor(error)).toBe(507);
  });

  it('hides the text of anything else behind a fixed INTERNAL message', () => {
    const error = toSwitchboardError(new Error('upstream said sk-secret'));
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'The gateway failed while handling the request.' });
  });
});
