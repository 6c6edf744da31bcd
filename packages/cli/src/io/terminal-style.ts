import type { Environment } from '@switchboard/core/startup';
import type { OutputStream } from '../cli-io.js';

/** ANSI styling that turns itself off where colour is unwanted. */
export interface TerminalStyle {
  readonly enabled: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/**
 * Colour only on a terminal, never with `NO_COLOR` set (https://no-color.org) or `TERM=dumb`;
 * `FORCE_COLOR` turns it on for pipes.
 */
export function createTerminalStyle(options: { stream: OutputStream; environment: Environment }): TerminalStyle {
  const { environment } = options;
  const noColor = environment.NO_COLOR !== undefined && environment.NO_COLOR !== '';
  const forceColor =
    environment.FORCE_COLOR !== undefined && environment.FORCE_COLOR !== '' && environment.FORCE_COLOR !== '0';
  const enabled = !noColor && (forceColor || (options.stream.isTTY === true && environment.TERM !== 'dumb'));
  const paint = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    green: paint(32, 39),
    red: paint(31, 39),
    yellow: paint(33, 39),
    dim: paint(2, 22),
    bold: paint(1, 22),
  };
}
