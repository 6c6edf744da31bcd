import { readProcessEnvironment } from '@switchboard/core/startup';
import type { CliIo } from './cli-io.js';

/** The {@link CliIo} of the running process. */
export function createProcessIo(): CliIo {
  // `sb auth status | head -1`: a reader that stops early is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    environment: readProcessEnvironment(),
    platform: process.platform,
    now: () => Date.now(),
    cwd: () => process.cwd(),
    onInterrupt(handler) {
      let interrupts = 0;
      const listener = () => {
        interrupts += 1;
        // A second Ctrl-C leaves at once, even if the first one is still being honoured.
        if (interrupts > 1) process.exit(130);
        handler();
      };
      // SIGTERM (systemd, docker stop, kill) is honoured like Ctrl-C: drain, then leave.
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
}
