import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bridgeCommandOf, bridgeEnvironment } from '../../auth/cli-bridge-tools.js';
import { SwitchboardError } from '../../errors.js';
import { guardStream, type SourceEvent } from '../guard-stream.js';
import { abortKindOfReason } from '../../internal/abort-reason.js';
import { normalizeProviderError, streamInterruptedError } from '../normalize-provider-error.js';
import type { AdapterCallContext, ChatRequest, StreamEvent } from '../types.js';
import { bridgePrompt } from './bridge-prompt.js';
import { bridgeNotInstalledError } from './classify-bridge-failure.js';
import { type CliBridgeDialect, type CliBridgeQuotaWindow, type CliBridgeWorkspace } from './cli-bridge-dialect.js';

const STDERR_LIMIT = 8192;
const KILL_GRACE_MS = 2000;

/** Options of {@link streamCliBridge}. */
export interface StreamCliBridgeOptions {
  /** Clock (usage-limit reset times). */
  now?: () => number;
  /**
   * Receives plan-usage windows the CLI reports in its stream. Awaited (its failure ignored), so
   * a record is written before the answer that follows it; CLIs report them before the answer.
   */
  onQuota?: (window: CliBridgeQuotaWindow, dialect: CliBridgeDialect) => Promise<unknown> | void;
}

/**
 * Runs one request through the user's own vendor CLI (a {@link CliBridgeDialect}) and streams
 * its answer as {@link StreamEvent}s. The child gets an empty private working directory (removed
 * afterwards), the dialect's tool-, MCP- and extension-disabling flags, the prompt on stdin
 * (never argv) and an environment without API keys, so the subscription the CLI is signed in to
 * is what is used. It runs in its own process group: cancelling the request, leaving the loop
 * or finishing kills the whole group, so nothing it started outlives the request.
 */
export function streamCliBridge(
  dialect: CliBridgeDialect,
  request: ChatRequest,
  context: AdapterCallContext,
  options: StreamCliBridgeOptions = {},
): AsyncIterable<StreamEvent> {
  const errorOptions = { provider: dialect.provider, providerName: dialect.name, signal: request.signal };
  return guardStream({
    route: context.route,
    signal: request.signal,
    normalize: (error) => normalizeProviderError(error, errorOptions),
    interrupted: () => streamInterruptedError(errorOptions),
    open: (signal) => runBridge(dialect, request, context, signal, options),
  });
}

async function createWorkspace(): Promise<CliBridgeWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'switchboard-bridge-'));
  const cwd = join(root, 'work');
  await mkdir(cwd, { mode: 0o700 });
  return { root, cwd };
}

/** Signals the child's whole process group (it leads one: spawned detached). */
function signalGroup(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

async function* runBridge(
  dialect: CliBridgeDialect,
  request: ChatRequest,
  context: AdapterCallContext,
  signal: AbortSignal,
  options: StreamCliBridgeOptions,
): AsyncGenerator<SourceEvent> {
  if (request.tools && Object.keys(request.tools).length > 0) {
    throw new SwitchboardError(
      'INVALID_REQUEST',
      `Tools cannot be passed through ${dialect.name}: the bridge runs it with every tool disabled. Use an API-key route for tool calls.`,
      { provider: dialect.provider },
    );
  }
  const now = options.now ?? Date.now;
  const workspace = await createWorkspace();
  let child: ChildProcessWithoutNullStreams | undefined;
  let closed: Promise<number | null> = Promise.resolve(null);
  let graceTimer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (!child) return;
    signalGroup(child, 'SIGTERM');
    graceTimer ??= setTimeout(() => child && signalGroup(child, 'SIGKILL'), KILL_GRACE_MS);
  };
  try {
    const args = await dialect.argumentsFor(context.route.upstreamId, workspace);
    const command = bridgeCommandOf(dialect, context.environment);
    let spawnError: NodeJS.ErrnoException | undefined;
    const started = spawn(command, args, {
      cwd: workspace.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      env: bridgeEnvironment(dialect, context.environment),
    });
    child = started;
    closed = new Promise<number | null>((resolve) => {
      started.once('error', (error: NodeJS.ErrnoException) => {
        spawnError = error;
        resolve(null);
      });
      started.once('close', (code) => resolve(code));
    });
    signal.addEventListener('abort', stop, { once: true });
    let stderr = '';
    started.stderr.setEncoding('utf8');
    started.stderr.on('data', (chunk: string) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk;
    });
    started.stdin.on('error', () => undefined);
    started.stdin.end(bridgePrompt(request));

    const parser = dialect.createParser({ now });
    const lines = createInterface({ input: started.stdout, crlfDelay: Infinity });
    for await (const line of lines) {
      const result = parser.line(line);
      if (result.quota) await Promise.resolve(options.onQuota?.(result.quota, dialect)).catch(() => undefined);
      for (const event of result.events) yield event;
      if (result.done) return;
    }
    const exitCode = await closed;
    if (signal.aborted) {
      yield {
        type: 'failure',
        error: new DOMException(
          `${dialect.name} was stopped.`,
          abortKindOfReason(signal.reason) === 'timeout' ? 'TimeoutError' : 'AbortError',
        ),
      };
      return;
    }
    if (spawnError) {
      yield { type: 'failure', error: notStarted(dialect, spawnError, command) };
      return;
    }
    const failure = parser.exit(exitCode, stderr);
    if (failure) yield { type: 'failure', error: failure };
    // Exit 0 without a terminal line and nothing to blame: the guard reports an interruption.
  } finally {
    signal.removeEventListener('abort', stop);
    if (child) {
      // The leader may be gone while something it started lives on: always end the group.
      stop();
      await closed;
      signalGroup(child, 'SIGKILL');
    }
    if (graceTimer) clearTimeout(graceTimer);
    await rm(workspace.root, { recursive: true, force: true });
  }
}

function notStarted(dialect: CliBridgeDialect, error: NodeJS.ErrnoException, command: string): SwitchboardError {
  if (error.code === 'ENOENT') return bridgeNotInstalledError(dialect, command);
  return new SwitchboardError(
    'PROVIDER_UNAVAILABLE',
    `Could not start ${dialect.name} (\`${command}\`): ${error.code ?? error.message}`,
    { provider: dialect.provider, isRetryable: false },
  );
}
