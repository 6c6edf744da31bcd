import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptHidden } from './prompt-hidden.js';

/** A stand-in for a terminal: a stream that records raw-mode switches. */
function terminal() {
  const stream = new PassThrough() as PassThrough & {
    isTTY: boolean;
    setRawMode(mode: boolean): void;
    modes: boolean[];
  };
  stream.isTTY = true;
  stream.modes = [];
  stream.setRawMode = (mode: boolean) => {
    stream.modes.push(mode);
  };
  return stream;
}

function capture() {
  const chunks: string[] = [];
  return { stream: { write: (text: string) => chunks.push(text) }, text: () => chunks.join('') };
}

describe('promptHidden', () => {
  it('reads keys in raw mode without echoing them, honours backspace, and restores the terminal', async () => {
    const input = terminal();
    const output = capture();
    const answer = promptHidden('API key: ', input, output.stream);
    input.write('sk-secrex');
    input.write('\u007ft\r');
    await expect(answer).resolves.toBe('sk-secret');
    expect(output.text()).toBe('API key: \n');
    expect(input.modes).toEqual([true, false]);
  });

  it('rejects as CANCELLED on Ctrl-C and restores the terminal', async () => {
    const input = terminal();
    const answer = promptHidden('API key: ', input, capture().stream);
    input.write('abc\u0003');
    await expect(answer).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(input.modes).toEqual([true, false]);
  });

  it('refuses a stream that is not a terminal', async () => {
    const input = new PassThrough();
    await expect(promptHidden('API key: ', input, capture().stream)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
