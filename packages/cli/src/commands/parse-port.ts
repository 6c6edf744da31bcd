import { SwitchboardError } from '@switchboard/core';

/** The `--port` value as a TCP port (0 picks a free one), or `fallback` when absent. */
export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new SwitchboardError('INVALID_INPUT', `--port must be a TCP port number from 0 to 65535 (got "${value}").`);
  return port;
}
