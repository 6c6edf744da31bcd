import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import {
  formatAgentSession,
  loginCommand,
  modelLoginRequiredError,
  parseAgentSession,
  parseSessionRef,
  routingPolicyOf,
  SwitchboardError,
  writeSessionLimits,
  type SessionLimits,
} from '@switchboard/core';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { agentLaunch } from './agent-launch.js';
import { findRunningGateway } from './gateway-state-file.js';
import { openCliRuntime } from './open-cli-runtime.js';

/** How long a gateway `sb run` started lets open requests finish once its agent has exited. */
const DRAIN_MS = 5_000;

/** The gateway an agent runs on: one already serving this home, or one this process serves. */
interface AgentGatewayHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * The gateway `sb serve --local` runs for this home, else one served here. The one served here
 * is not advertised in the state file: it ends with its agent, so another `sb run` must not
 * come to depend on it (a second terminal's agent would lose its gateway mid-session).
 */
async function useGateway(io: CliIo, home: string, token: string): Promise<AgentGatewayHandle> {
  const running = await findRunningGateway({ home, token });
  if (running) return { url: running.url, stop: async () => undefined };
  // The server (Hono, the runtime, the AI SDK) loads only when this process has to serve.
  const server = await import('@switchboard/server');
  const gateway = await server.startLocalGateway({ environment: io.environment, port: 0, now: io.now });
  return {
    url: gateway.url,
    stop: () => gateway.close({ drainMs: DRAIN_MS }),
  };
}

function runChild(io: CliIo, program: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(program, args, { env, stdio: 'inherit' });
    // Ctrl-C reaches the agent through the terminal (same process group); sb keeps serving
    // until the agent has finished with it.
    const stopListening = io.onInterrupt(() => undefined);
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopListening();
      const notFound = error.code === 'ENOENT';
      io.stderr.write(
        notFound
          ? `sb: command not found: ${program}\n`
          : `sb: cannot run ${program}: ${error.code ?? error.message}\n`,
      );
      resolve(notFound ? 127 : 126);
    });
    child.once('exit', (code, signal) => {
      stopListening();
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
}

/**
 * `sb run [--model M] -- <agent…>`: runs a coding agent on the local gateway. Reuses the
 * gateway `sb serve --local` runs for this Switchboard home (`$SWITCHBOARD_HOME/gateway.json`,
 * checked with the local token), else serves one in this process for as long as the agent runs. The agent
 * gets the base URL and the token in its environment — Claude Code, Codex and opencode in
 * their own settings (see agentLaunch), anything else in OPENAI_* and ANTHROPIC_* — never in
 * argv. The agent's exit code is sb's.
 */
export async function runAgent(
  io: CliIo,
  command: readonly string[],
  options: { model?: string; session?: string; maxTokens?: string; maxCost?: string; login?: readonly string[] },
): Promise<number> {
  const [program, ...args] = command;
  if (program === undefined)
    throw new SwitchboardError('INVALID_INPUT', 'No agent to run.', {
      hint: 'sb run [--model M] -- claude|codex|opencode|<command…>',
    });
  // Each run is an agent session: its requests carry it (in the key the agent is given, since
  // agents send their key but no custom header), and `sb usage --by agent` tells runs apart.
  const sessionName = options.session ?? agentName(program);
  const agentSession = parseAgentSession(`${sessionName}.${randomBytes(4).toString('hex')}`);
  if (!agentSession)
    throw new SwitchboardError('INVALID_INPUT', `"${sessionName}" cannot name an agent session.`, {
      hint: 'Use --session with letters, digits, - and _ (up to 32).',
    });
  const limits: SessionLimits = {
    ...positiveOption('--max-tokens', options.maxTokens, 'maxTokens', true),
    ...positiveOption('--max-cost', options.maxCost, 'maxCostUsd', false),
  };
  const home = await openCliRuntime(io);
  const sessions = await agentSessions(home, options.login, io.cwd?.());
  if (sessions.length > 0) limits.sessions = sessions;
  const { catalog } = home;
  // An unknown model, or one no login can serve, fails here — before anything starts — with
  // what to run (`sb auth login …`, exit 3) instead of every agent request failing.
  const chosen = options.model === undefined ? undefined : catalog.require(options.model);
  if (chosen && (await home.runtime.resolveRoutes(chosen.id)).length === 0)
    throw modelLoginRequiredError(chosen, home.config);
  const model = chosen?.id;
  const server = await import('@switchboard/server');
  const { token } = await server.ensureLocalToken(home.store);
  const gateway = await useGateway(io, home.paths.home, token);
  // Whichever gateway serves the agent (this one, or `sb serve` in another process) reads them.
  const removeLimits =
    Object.keys(limits).length > 0
      ? writeSessionLimits(home.paths.agentSessions, agentSession, limits)
      : () => undefined;
  try {
    const launch = agentLaunch(program, args, {
      url: gateway.url,
      token: `${token}.${formatAgentSession(agentSession)}`,
      model,
      models: catalog.list().map((entry) => ({ id: entry.id, name: entry.name })),
    });
    // home.environment: the agent reaches the loopback gateway directly even behind a proxy.
    const env: NodeJS.ProcessEnv = { ...home.environment, ...launch.set };
    for (const name of launch.unset) delete env[name];
    return await runChild(io, program, launch.args, env);
  } finally {
    await gateway.stop();
    removeLimits();
  }
}

/**
 * The stored sessions that serve the agent: `--login` (each must exist: a typo would otherwise
 * serve from an unintended account), else the `[projects]` list of the directory it runs in —
 * carried in the agent session's file, so `sb serve` in another directory honours it too.
 */
async function agentSessions(
  home: Awaited<ReturnType<typeof openCliRuntime>>,
  given: readonly string[] | undefined,
  directory: string | undefined,
): Promise<string[]> {
  if (given === undefined || given.length === 0) {
    const policy = routingPolicyOf(home.config, directory);
    return policy.sessions?.source.startsWith('projects.') ? [...policy.sessions.order] : [];
  }
  const stored = new Set((await home.auth.status()).flatMap((status) => status.sessions.map((session) => session.ref)));
  return given.map((text) => {
    const ref = parseSessionRef(text);
    if (ref.name === undefined)
      throw new SwitchboardError(
        'INVALID_INPUT',
        `--login takes sessions as provider/name (openai/work), not "${text}".`,
        {
          hint: 'sb auth status lists the stored sessions.',
        },
      );
    const key = `${ref.provider}/${ref.name}`;
    if (!stored.has(key))
      throw new SwitchboardError(
        'LOGIN_REQUIRED',
        `No session ${key} is stored. Run ${loginCommand(ref.provider, ref.name)}`,
        {
          provider: ref.provider,
          hint: loginCommand(ref.provider, ref.name),
        },
      );
    return key;
  });
}

function positiveOption(
  flag: string,
  value: string | undefined,
  key: 'maxTokens' | 'maxCostUsd',
  integer: boolean,
): Partial<Record<'maxTokens' | 'maxCostUsd', number>> {
  if (value === undefined) return {};
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number)))
    throw new SwitchboardError(
      'INVALID_INPUT',
      `${flag} must be a positive ${integer ? 'whole ' : ''}number, not "${value}".`,
    );
  return { [key]: number };
}

/** The default session name: the agent program's own (`claude`, `my_agent`), made a valid name. */
function agentName(program: string): string {
  const name = basename(program)
    .replace(/\.[a-z]+$/i, '')
    .replace(/[^a-z0-9_-]/gi, '-')
    .slice(0, 32);
  return /^[a-z0-9]/i.test(name) ? name : `agent${name}`.slice(0, 32);
}
