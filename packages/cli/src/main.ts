/**
 * Entry of `sb` / `switchboard`. Startup time is a measured goal (bench/cold-start.js): only
 * `node:` built-ins load before the command is known; commander, core and every command
 * module are imported on demand, and Ink/React/the AI SDK/openid-client never load on the
 * `sb --version` and `sb auth status` paths.
 */
import { readCliVersion } from './version.js';

/** How long a stopped gateway waits for its standard output and error to be read. */
const SERVE_DRAIN_MS = 2_000;

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${readCliVersion()}\n`);
} else {
  const { createProcessIo } = await import('./process-io.js');
  const { runCli } = await import('./run-cli.js');
  const io = createProcessIo();
  const exitCode = await runCli(argv, io);
  // A command's output is waited for, however slowly it is read (`sb models | less`). A stopped
  // gateway's is not: its last lines are a log and a `stopped` event, and a stdout nobody reads
  // (`--log-stdout` into a stalled pipe) must not keep it from exiting.
  const drained = Promise.all([drain(process.stdout), drain(process.stderr)]);
  await (argv[0] === 'serve' ? Promise.race([drained, delay(SERVE_DRAIN_MS)]) : drained);
  // Exit explicitly: a finished command must not linger on open sockets or timers.
  process.exit(exitCode);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function drain(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
