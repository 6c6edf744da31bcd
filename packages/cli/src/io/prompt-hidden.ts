import { SwitchboardError } from '@switchboard/core';
import type { InputStream, OutputStream } from '../cli-io.js';

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

/**
 * Asks for a secret on a terminal without echoing it (raw mode, nothing printed per key).
 * @throws SwitchboardError `INVALID_INPUT` when `input` is not a terminal; `CANCELLED` on Ctrl-C/Ctrl-D.
 */
export function promptHidden(prompt: string, input: InputStream, output: OutputStream): Promise<string> {
  if (!input.isTTY || typeof input.setRawMode !== 'function') {
    return Promise.reject(new SwitchboardError('INVALID_INPUT', 'A hidden prompt needs a terminal.'));
  }
  const setRawMode = input.setRawMode.bind(input);
  // Raw mode first: keys typed (or pasted) the instant the prompt shows must not be echoed.
  setRawMode(true);
  output.write(prompt);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let characters: string[] = [];
    const finish = () => {
      input.off('data', onData);
      setRawMode(false);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: string | Buffer) => {
      for (const character of String(chunk)) {
        if (ENTER.has(character)) {
          finish();
          resolve(characters.join('').trim());
          return;
        }
        if (character === CTRL_C || (character === CTRL_D && characters.length === 0)) {
          finish();
          characters = [];
          reject(new SwitchboardError('CANCELLED', 'Cancelled.'));
          return;
        }
        if (BACKSPACE.has(character)) characters.pop();
        else if (character >= ' ') characters.push(character);
      }
    };
    input.on('data', onData);
  });
}
