// `sb serve` runs the gateway in a child Node process started with the V8 settings of a
// long-running server; everything else runs in the launcher's own process.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * The V8 settings of the gateway process (launch-time only: V8 sizes the heap and reads these
 * before any script runs; docs/benchmarks.md has the measurements):
 * - A young generation capped at 3 × 16 MB semi-spaces. Node's default lets it grow to 3 × 64 MB
 *   under load, committed and mostly empty: with 500 open streams the gateway peaked at ≈ 420 MB
 *   of RSS, ≈ 300 MB with this flag.
 * - No allocation-site pretenuring. A request's objects live about as long as the interval
 *   between two scavenges, so V8 sees most of them survive one and starts allocating them
 *   straight into the old generation, which then fills within a few hundred requests and is
 *   collected in full: ≈ 30 full collections per 20,000 streamed requests at 200 at a time with
 *   pretenuring, ≈ 3 without, and ≈ a quarter less CPU per request.
 */
export const SERVE_V8_FLAGS = ['--max-semi-space-size=16', '--no-allocation-site-pretenuring'];

/**
 * The gateway process's environment: the launcher's, with glibc's malloc limited to two arenas
 * unless the user chose a number. By default glibc gives each thread that allocates its own
 * arena (up to eight per core), and the gateway's V8 helper and thread-pool threads each keep
 * one partly used: two arenas measured 7 MB less peak RSS at 200 open streams (median of eight
 * runs each, 146 against 153 MB) for the same CPU per request. Other C libraries ignore it.
 */
export function serveEnvironment(environment) {
  return environment.MALLOC_ARENA_MAX === undefined ? { ...environment, MALLOC_ARENA_MAX: '2' } : environment;
}

/** True when this `sb` invocation is a gateway that should be started with {@link SERVE_V8_FLAGS}. */
export function wantsServeProcess(args, execArgv, platform, nodeOptions = '') {
  if (args[0] !== 'serve' || platform === 'win32') return false;
  // Already set (by this launcher, or by the user on the command line or in NODE_OPTIONS).
  if ([...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => flag.startsWith('--max-semi-space-size'))) return false;
  // Quick answers need no server.
  return !args.some((arg) => arg === '--print-token' || arg === '--help' || arg === '-h');
}

/**
 * Runs the launcher at `scriptUrl` with `args` in a child Node process with the serve flags and resolves with its exit
 * code. The child gets its own process group, so a terminal's Ctrl-C reaches it once, through
 * this process (SIGINT, SIGTERM and SIGHUP are passed on); an IPC channel tells it when this
 * process is gone, so it never outlives its launcher.
 */
export function runServeProcess(scriptUrl, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...SERVE_V8_FLAGS, ...process.execArgv, fileURLToPath(scriptUrl), ...args], {
      env: serveEnvironment(process.env),
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      detached: true,
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
    child.once('error', (error) => {
      process.stderr.write(`switchboard: could not start the gateway process: ${error.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}

/** In the child: stop (drain, as on SIGTERM) when the launcher that started it is gone. */
export function followLauncher() {
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
