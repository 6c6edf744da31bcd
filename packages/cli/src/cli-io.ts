import type { Environment } from '@switchboard/core/startup';

/** A stream the CLI writes to. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Standard input as the CLI uses it (a TTY supports raw mode for hidden prompts). */
export type InputStream = NodeJS.ReadableStream & {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
};

/**
 * Everything a command touches outside itself. `main.ts` builds it from the process; tests
 * and other front ends may build their own.
 */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
  environment: Environment;
  platform: NodeJS.Platform;
  /** Clock, epoch ms. */
  now(): number;
  /** The working directory (for `[projects."<dir>"]` session lists); absent in tests that have none. */
  cwd?(): string;
  /** Calls `handler` on Ctrl-C (SIGINT) or SIGTERM; returns a function that stops listening. */
  onInterrupt(handler: () => void): () => void;
}
