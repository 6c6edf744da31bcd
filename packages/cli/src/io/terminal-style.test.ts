import { describe, expect, it } from 'vitest';
import { createTerminalStyle } from './terminal-style.js';

const tty = { write: () => true, isTTY: true };
const pipe = { write: () => true, isTTY: false };

describe('createTerminalStyle', () => {
  it('colours a terminal', () => {
    const style = createTerminalStyle({ stream: tty, environment: {} });
    expect(style.enabled).toBe(true);
    expect(style.red('x')).toBe('\u001b[31mx\u001b[39m');
  });
  it('does not colour a pipe', () => {
    expect(createTerminalStyle({ stream: pipe, environment: {} }).green('x')).toBe('x');
  });
  it('honours NO_COLOR, even over FORCE_COLOR', () => {
    expect(createTerminalStyle({ stream: tty, environment: { NO_COLOR: '1' } }).enabled).toBe(false);
    expect(createTerminalStyle({ stream: tty, environment: { NO_COLOR: '1', FORCE_COLOR: '1' } }).enabled).toBe(false);
  });
  it('ignores an empty NO_COLOR, as the convention says', () => {
    expect(createTerminalStyle({ stream: tty, environment: { NO_COLOR: '' } }).enabled).toBe(true);
  });
  it('does not colour TERM=dumb, and FORCE_COLOR colours a pipe', () => {
    expect(createTerminalStyle({ stream: tty, environment: { TERM: 'dumb' } }).enabled).toBe(false);
    expect(createTerminalStyle({ stream: pipe, environment: { FORCE_COLOR: '1' } }).enabled).toBe(true);
    expect(createTerminalStyle({ stream: pipe, environment: { FORCE_COLOR: '0' } }).enabled).toBe(false);
  });
});
