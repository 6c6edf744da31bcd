import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAllInput, readInputLine } from './read-input.js';

function input(...chunks: string[]): PassThrough {
  const stream = new PassThrough();
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return stream;
}

describe('readAllInput', () => {
  it('reads every chunk and trims the trailing newline', async () => {
    await expect(readAllInput(input('sk-abc', 'def\n'), 'an API key')).resolves.toBe('sk-abcdef');
  });
  it('rejects empty input as INVALID_INPUT naming what was expected', async () => {
    await expect(readAllInput(input('  \n'), 'an API key')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Nothing on standard input; expected an API key.',
    });
  });
  it('rejects implausibly large input', async () => {
    await expect(readAllInput(input('x'.repeat(70 * 1024)), 'an API key')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('readInputLine', () => {
  it('returns the first line, trimmed', async () => {
    await expect(readInputLine(input('  http://127.0.0.1/callback?code=1&state=2 \r\nsecond line\n'))).resolves.toBe(
      'http://127.0.0.1/callback?code=1&state=2',
    );
  });
  it('rejects as CANCELLED when input ends first', async () => {
    await expect(readInputLine(input())).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
