import { createInterface } from 'node:readline';
import { SwitchboardError } from '@switchboard/core';
import type { InputStream } from '../cli-io.js';

const MAX_STDIN_BYTES = 64 * 1024;

/**
 * Reads all of standard input (for `--with-api-key`), trimmed.
 * @throws SwitchboardError `INVALID_INPUT` when it is empty or implausibly large.
 */
export async function readAllInput(input: InputStream, what: string): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text.length > MAX_STDIN_BYTES)
      throw new SwitchboardError('INVALID_INPUT', `Standard input is too large to be ${what}.`);
  }
  const value = text.trim();
  if (value === '') throw new SwitchboardError('INVALID_INPUT', `Nothing on standard input; expected ${what}.`);
  return value;
}

/**
 * Reads one line from standard input (the paste-code flow), trimmed.
 * @throws SwitchboardError `CANCELLED` when input ends before a line arrives.
 */
export function readInputLine(input: InputStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
    let settled = false;
    lines.once('line', (line) => {
      settled = true;
      lines.close();
      resolve(line.trim());
    });
    lines.once('close', () => {
      if (!settled) reject(new SwitchboardError('CANCELLED', 'Standard input ended before anything was pasted.'));
    });
  });
}
