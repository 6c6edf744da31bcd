import { SwitchboardError } from '../errors.js';

/**
 * A `STORE_CORRUPT` error: names what is damaged, why, and the way out. Never carries the
 * underlying parse or crypto error: those can quote the damaged (secret) bytes.
 */
export function storeCorruptError(subject: string, problem: string, wayOut: string): SwitchboardError {
  return new SwitchboardError('STORE_CORRUPT', `${subject} ${problem}. ${wayOut} Nothing was changed.`, {
    hint: wayOut,
  });
}

/** "Move it aside with `mv <file> <file>.broken` and log in again." */
export function moveAsideAdvice(...files: string[]): string {
  const commands = files.map((file) => `mv ${shellQuote(file)} ${shellQuote(`${file}.broken`)}`);
  return `Move ${files.length === 1 ? 'it' : 'them'} aside with \`${commands.join(' && ')}\` and log in again.`;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
