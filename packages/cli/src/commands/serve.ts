import { setFlagsFromString } from 'node:v8';
import { SwitchboardError } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';
import { parsePort } from './parse-port.js';
import { createTerminalStyle } from '../io/terminal-style.js';

/** Options of `sb serve`. */
export interface ServeOptions {
  local?: boolean;
  team?: boolean;
  port?: string;
  printToken?: boolean;
  logStdout?: boolean;
  /** `--team` only: the web app's public URL (default SWITCHBOARD_TEAM_URL, else http://localhost:<port>). */
  publicUrl?: string;
  json?: boolean;
}

/** How long Ctrl-C lets open requests and streams finish before cutting them. */
const DRAIN_MS = 10_000;

/**
 * `sb serve [--local] [--port N] [--print-token]`: the local gateway — OpenAI- and
 * Anthropic-compatible endpoints on 127.0.0.1 backed by the user's own logins. Prints where it
 * listens and how to point clients at it; Ctrl-C lets open streams finish, then exits.
 * `--print-token` prints the local bearer token (created on first use) and nothing else.
 */
export async function runServe(io: CliIo, options: ServeOptions): Promise<number> {
  if (!options.team && options.publicUrl !== undefined)
    throw new SwitchboardError(
      'INVALID_INPUT',
      '--public-url belongs to the team server: sb serve --team --public-url URL.',
    );
  if (options.team) {
    if (options.local || options.printToken)
      throw new SwitchboardError('INVALID_INPUT', '--team cannot be combined with --local or --print-token.');
    const { runServeTeam } = await import('./serve-team.js');
    return runServeTeam(io, {
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
      json: options.json ?? false,
    });
  }
  // The server (Hono, the runtime, the AI SDK) loads only for this command.
  const server = await import('@switchboard/server');
  const port = parsePort(options.port, server.DEFAULT_GATEWAY_PORT);
  if (options.printToken) {
    const { openCliSwitchboard } = await import('./open-cli-switchboard.js');
    const { store } = await openCliSwitchboard(io);
    const { token } = await server.ensureLocalToken(store);
    io.stdout.write(`${token}\n`);
    return 0;
  }

  // The old space may double between full collections (V8's own factor varies up to four
  // times). 20 % was set while V8 pretenured request objects, and saved RSS then; the gateway
  // now runs without pretenuring (SERVE_V8_FLAGS), and 20 % saves no RSS at 200 streams
  // (148–168 against 157 MB) and ≈ 18 MB at 500, while with 100 KB bodies it meant ≈ 40 full
  // collections per 4,000 requests and 21 % more CPU per request (docs/benchmarks.md).
  // Process-wide, so it is set here and not in the server.
  setFlagsFromString('--heap-growing-percent=100');
  const gateway = await server.startLocalGateway({
    environment: io.environment,
    port,
    now: io.now,
    ...(io.cwd ? { projectDirectory: io.cwd() } : {}),
    ...(options.logStdout ? { log: 'stdout' as const } : {}),
  });
  // `sb run` finds this gateway (and reuses it) through the home's state file.
  const { advertiseGateway } = await import('./gateway-state-file.js');
  const unadvertise = await advertiseGateway(gateway.home.paths.home, gateway.url);
  const stopped = new Promise<void>((resolve) => {
    const stopListening = io.onInterrupt(() => {
      stopListening();
      if (!options.json)
        io.stderr.write(
          `\nStopping: letting ${gateway.openRequests} open request(s) finish (Ctrl-C again to quit now)…\n`,
        );
      void unadvertise()
        .then(() => gateway.close({ drainMs: DRAIN_MS }))
        .then(resolve);
    });
  });

  const openaiBaseUrl = `${gateway.url}/v1`;
  if (options.json) {
    writeJsonLine(io.stdout, {
      event: 'listening',
      url: gateway.url,
      openaiBaseUrl,
      anthropicBaseUrl: gateway.url,
      logFile: gateway.logFile ?? null,
      tokenCreated: gateway.tokenCreated,
    });
  } else {
    const style = createTerminalStyle({ stream: io.stdout, environment: io.environment });
    io.stdout.write(
      [
        `${style.bold('Switchboard gateway')} listening on ${gateway.url} (this machine only)`,
        '',
        `  OpenAI clients:     OPENAI_BASE_URL=${openaiBaseUrl}`,
        `  Anthropic clients:  ANTHROPIC_BASE_URL=${gateway.url}`,
        '  API key:            the local token: OPENAI_API_KEY="$(sb serve --print-token)"',
        `                      (or ANTHROPIC_API_KEY; ${gateway.tokenCreated ? 'created now and kept in your vault' : 'kept in your vault'})`,
        '  Models:             catalog ids, e.g. claude-opus-4-1 or gpt-5 (GET /v1/models says which you can use now)',
        ...(gateway.logFile ? [style.dim(`  Logs:               ${gateway.logFile}`)] : []),
        '',
        style.dim('Ctrl-C stops the gateway; open streams may finish first.'),
        '',
      ].join('\n'),
    );
  }
  await stopped;
  if (options.json) writeJsonLine(io.stdout, { event: 'stopped' });
  else io.stderr.write('Gateway stopped.\n');
  return 0;
}
