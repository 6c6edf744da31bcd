/**
 * Entry of `sb` / `switchboard`. Startup time is a measured goal (bench/cold-start.js): only
 * `node:` built-ins load before the command is known; commander, core and every command
 * module are imported on demand, and Ink/React/the AI SDK/openid-client never load on the
 * `sb --version` and `sb auth status` paths.
 */
import { readCliVersion } from './version.js';

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${readCliVersion()}\n`);
} else {
  const { createProcessIo } = await import('./process-io.js');
  const { runCli } = await import('./run-cli.js');
  const io = createProcessIo();
  const exitCode = await runCli(argv, io);
  await Promise.all([drain(process.stdout), drain(process.stderr)]);
  // Exit explicitly: a finished command must not linger on open sockets or timers.
  process.exit(exitCode);
}

function drain(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
