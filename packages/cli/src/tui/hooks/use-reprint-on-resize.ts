import { useStdout, useWindowSize } from 'ink';
import { useEffect, useRef } from 'react';

const SETTLE_MS = 120;
// Erase the screen and the scrollback, cursor home: the transcript is printed again at the new width.
const CLEAR_TERMINAL = '\u001b[2J\u001b[3J\u001b[H';

/**
 * After the terminal's width changes (and settles), clears it and calls `reprint`, which prints
 * the transcript again: lines wrapped for the old width would otherwise stay broken above the
 * live frame.
 */
export function useReprintOnResize(reprint: () => void): void {
  const { columns } = useWindowSize();
  const { stdout } = useStdout();
  const printedFor = useRef(columns);
  useEffect(() => {
    if (columns === printedFor.current) return;
    const timer = setTimeout(() => {
      printedFor.current = columns;
      stdout.write(CLEAR_TERMINAL);
      reprint();
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [columns, stdout, reprint]);
}

/** Erases the screen and scrollback (for /clear). */
export function clearTerminal(stdout: NodeJS.WritableStream): void {
  stdout.write(CLEAR_TERMINAL);
}
