import type { OutputStream } from '../cli-io.js';

/** Writes `value` as one line of JSON (the `--json` contract: one object per line). */
export function writeJsonLine(stream: OutputStream, value: unknown): void {
  stream.write(`${JSON.stringify(value)}\n`);
}
