import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The real launcher (`bin/sb.js`) that users run; it imports the built dist/main.js. */
export const SB_BIN = fileURLToPath(new URL('../../bin/sb.js', import.meta.url));
const BUILT_ENTRY = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** How a finished `sb` process ended. */
export interface SbResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options for one `sb` process. */
export interface SbOptions {
  /** The complete environment (nothing is inherited: no real keys, no DISPLAY). */
  environment: Record<string, string>;
  /** Written to stdin, which is then closed. Without it stdin stays open (use `writeLine`). */
  input?: string;
  /** Node options placed before the script, e.g. `['--import', hook]`. */
  nodeArguments?: string[];
  /** Kill the process after this long (default 60 s) so a hang fails the test instead of stalling it. */
  timeoutMs?: number;
  /** Working directory (default: the test's). */
  cwd?: string;
  /** A program (and its arguments) that runs node, e.g. `['setpriv', …]` to drop privileges. */
  wrapper?: string[];
}

/** A running `sb` process whose stdout can be read line by line while it runs. */
export interface RunningSb {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line that parses as JSON and matches `predicate`. */
  nextJson(
    predicate: (value: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  writeLine(line: string): void;
  /** What the process has written to stderr so far. */
  stderrSoFar(): string;
  endInput(): void;
  /** Resolves when the process has exited, with everything it printed. */
  result: Promise<SbResult>;
}

function assertBuilt(): void {
  if (!existsSync(BUILT_ENTRY))
    throw new Error(`${BUILT_ENTRY} is missing: run \`npm run build\` first (npm test does).`);
}

/** Starts `node bin/sb.js …args`. */
export function startSb(args: readonly string[], options: SbOptions): RunningSb {
  assertBuilt();
  const [program, ...programArguments] = [...(options.wrapper ?? []), process.execPath];
  const child = spawn(program!, [...programArguments, ...(options.nodeArguments ?? []), SB_BIN, ...args], {
    env: options.environment,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  let stdout = '';
  let stderr = '';
  const jsonLines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  lines.on('line', (line) => {
    stdout += `${line}\n`;
    try {
      const value: unknown = JSON.parse(line);
      if (value !== null && typeof value === 'object') jsonLines.push(value as Record<string, unknown>);
    } catch {
      // Not a JSON line (human output); kept in stdout only.
    }
    for (const wake of waiters) wake();
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const result = new Promise<SbResult>((resolve) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let outputClosed = false;
    const finish = () => {
      if (!exit || !outputClosed) return;
      clearTimeout(timeout);
      for (const wake of waiters) wake();
      resolve({ ...exit, stdout, stderr });
    };
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      finish();
    });
    lines.once('close', () => {
      outputClosed = true;
      finish();
    });
  });
  let exited = false;
  void result.then(() => {
    exited = true;
  });
  if (options.input !== undefined) child.stdin.end(options.input);

  return {
    child,
    result,
    stderrSoFar: () => stderr,
    writeLine(line) {
      child.stdin.write(`${line}\n`);
    },
    endInput() {
      child.stdin.end();
    },
    nextJson(predicate, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = jsonLines.find(predicate);
          if (found) {
            cleanup();
            resolve(found);
          } else if (exited) {
            cleanup();
            reject(
              new Error(
                `sb ${args.join(' ')} exited without the expected JSON line.\nstdout: ${stdout}\nstderr: ${stderr}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `Timed out waiting for a JSON line from sb ${args.join(' ')}.\nstdout: ${stdout}\nstderr: ${stderr}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs `sb …args` to the end. */
export function runSb(args: readonly string[], options: SbOptions): Promise<SbResult> {
  return startSb(args, { ...options, input: options.input ?? '' }).result;
}
