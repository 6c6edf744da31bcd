import { afterEach } from 'vitest';
import { createTuiHarness, type TuiHarness } from './tui-harness.js';
import { startTerminal, type Terminal } from './tui-terminal.js';

/**
 * Harnesses and tmux terminals for one test file, all cleaned up after each test: `setUp`
 * builds a home wired to testkit's peers, `openChat` starts `sb` in a terminal and waits for
 * the loaded status line.
 */
export function useTuiSessions() {
  const harnesses: TuiHarness[] = [];
  const terminals: Terminal[] = [];
  afterEach(async () => {
    await Promise.all(terminals.splice(0).map((terminal) => terminal.kill()));
    await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
  });
  return {
    async setUp(options: Parameters<typeof createTuiHarness>[0]): Promise<TuiHarness> {
      const harness = await createTuiHarness(options);
      harnesses.push(harness);
      return harness;
    },
    async openChat(
      environment: Record<string, string>,
      size: { columns?: number; rows?: number } = {},
    ): Promise<Terminal> {
      const terminal = await startTerminal({ environment, ...size });
      terminals.push(terminal);
      await terminal.waitFor((screen) => / tokens · \$[\d.]+ +\/help\s*$/mu.test(screen), 'the loaded status line');
      return terminal;
    },
  };
}

/** The status line (the last non-empty line of the screen). */
export function statusLine(screen: string): string {
  return (
    screen
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1) ?? ''
  );
}
