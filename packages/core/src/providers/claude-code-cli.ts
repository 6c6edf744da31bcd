import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SwitchboardError } from '../errors.js';
import { guardStream, type SourceEvent } from './guard-stream.js';
import { abortKindOfReason } from '../internal/abort-reason.js';
import { normalizeProviderError, streamInterruptedError } from './normalize-provider-error.js';
import { redactSecrets } from './redact-secrets.js';
import type { AdapterCallContext, ChatRequest, StreamEvent, Usage } from './types.js';

const NAME = 'Claude Code';
const STDERR_LIMIT = 8192;
const KILL_GRACE_MS = 2000;
const LOGIN_HINT = 'Run `claude` once and log in there (/login), then retry.';

/** The `claude` command: `SWITCHBOARD_CLAUDE_COMMAND` from the call's environment, else `claude` on PATH. */
export function claudeCommandOf(context: Pick<AdapterCallContext, 'environment'>): string {
  return context.environment?.['SWITCHBOARD_CLAUDE_COMMAND'] || 'claude';
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      if (typeof part !== 'object' || part === null) return '';
      const record = part as Record<string, unknown>;
      if (record['type'] === 'text' && typeof record['text'] === 'string') return record['text'];
      if (record['type'] === 'tool-result') return JSON.stringify(record['output'] ?? '');
      return '';
    })
    .join('');
}

/**
 * The prompt written to the CLI's stdin (never argv, which other users can read): the last user
 * message alone, or the conversation as a labelled transcript when there is more to carry.
 */
export function claudeCodePrompt(request: ChatRequest): string {
  const turns = request.messages.filter((message) => message.role !== 'system');
  const systemTexts = [
    ...(request.system ? [request.system] : []),
    ...request.messages.filter((message) => message.role === 'system').map((message) => textOf(message.content)),
  ];
  const last = turns.at(-1);
  if (systemTexts.length === 0 && turns.length === 1 && last?.role === 'user') return textOf(last.content);
  const lines: string[] = [];
  if (systemTexts.length > 0) lines.push('<instructions>', ...systemTexts, '</instructions>', '');
  lines.push('<conversation>');
  for (const message of turns) {
    const label = message.role === 'user' ? 'User' : message.role === 'assistant' ? 'Assistant' : 'Tool';
    lines.push(`${label}: ${textOf(message.content)}`);
  }
  lines.push('</conversation>', '', 'Reply as the Assistant to the last User message.');
  return lines.join('\n');
}

/** Maps what the CLI reports (a result text or stderr) to an error a person can act on. */
function classifyFailure(text: string, exitCode: number | null, now: () => number): SwitchboardError {
  const detail =
    redactSecrets(text.trim()).slice(0, 400) || (exitCode === null ? 'no output' : `exit code ${exitCode}`);
  const options = { provider: 'anthropic' };
  if (
    /invalid api key|please run \/login|not logged in|log ?in again|oauth token|authentication_error|credit balance/i.test(
      text,
    )
  ) {
    return new SwitchboardError('LOGIN_REQUIRED', `Claude Code is not logged in or its login was refused: ${detail}`, {
      ...options,
      hint: LOGIN_HINT,
    });
  }
  if (/usage limit|rate.?limit|\b429\b/i.test(text)) {
    const reset = /\|(\d{10})\b/.exec(text);
    const retryAfterSeconds = reset ? Math.max(0, Number(reset[1]) - Math.floor(now() / 1000)) : undefined;
    return new SwitchboardError('RATE_LIMITED', `Claude Code reports a usage or rate limit: ${detail}`, {
      ...options,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  if (/prompt is too long|context (length|window)/i.test(text)) {
    return new SwitchboardError(
      'CONTEXT_LENGTH_EXCEEDED',
      `The conversation is too long for Claude Code: ${detail}`,
      options,
    );
  }
  if (/overloaded|\b5\d\d\b|api error|internal server error|connection error|timed? ?out/i.test(text)) {
    return new SwitchboardError(
      'PROVIDER_UNAVAILABLE',
      `Claude Code could not get an answer from Anthropic: ${detail}`,
      options,
    );
  }
  return new SwitchboardError('UPSTREAM_ERROR', `Claude Code failed: ${detail}`, options);
}

function usageOf(raw: unknown): Usage {
  const usage = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const number = (key: string): number => (typeof usage[key] === 'number' ? usage[key] : 0);
  const inputTokens =
    number('input_tokens') + number('cache_creation_input_tokens') + number('cache_read_input_tokens');
  const outputTokens = number('output_tokens');
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    cachedInputTokens: number('cache_read_input_tokens'),
  };
}

interface ClaudeLine {
  type?: unknown;
  subtype?: unknown;
  is_error?: unknown;
  result?: unknown;
  usage?: unknown;
  parent_tool_use_id?: unknown;
  event?: { type?: unknown; delta?: { type?: unknown; text?: unknown; thinking?: unknown } };
  message?: { content?: unknown; model?: unknown };
  error?: unknown;
  errors?: unknown;
}

/** Claude Code reports a failure as a made-up assistant message before the error result; it is not an answer. */
function isSynthetic(event: ClaudeLine): boolean {
  return event.error !== undefined || event.message?.model === '<synthetic>';
}

function parseLine(line: string): ClaudeLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as ClaudeLine) : undefined;
  } catch {
    return undefined;
  }
}

/** Options of {@link streamClaudeCode}. */
export interface ClaudeCodeOptions {
  now?: () => number;
}

/**
 * Runs the user's own `claude` CLI (`-p --output-format stream-json --verbose
 * --include-partial-messages --model <upstreamId>`, prompt on stdin) and maps its stream-json
 * lines to {@link StreamEvent}s: partial `stream_event` deltas become text/reasoning deltas
 * (whole `assistant` messages are used only when the CLI sends no partials), the final
 * `result` becomes `finish` or an error. Claude Code runs its own tools, so their calls are not
 * passed through. Aborting kills the child; a non-zero exit or an error result is a
 * SwitchboardError.
 */
export function streamClaudeCode(
  request: ChatRequest,
  context: AdapterCallContext,
  options: ClaudeCodeOptions = {},
): AsyncIterable<StreamEvent> {
  const now = options.now ?? Date.now;
  const errorOptions = { provider: 'anthropic', providerName: NAME, signal: request.signal };
  return guardStream({
    route: context.route,
    signal: request.signal,
    normalize: (error) => normalizeProviderError(error, errorOptions),
    interrupted: () => streamInterruptedError(errorOptions),
    open: (signal) => runClaude(request, context, signal, now),
  });
}

async function* runClaude(
  request: ChatRequest,
  context: AdapterCallContext,
  signal: AbortSignal,
  now: () => number,
): AsyncGenerator<SourceEvent> {
  if (request.tools && Object.keys(request.tools).length > 0) {
    throw new SwitchboardError(
      'INVALID_REQUEST',
      'Tools cannot be passed through Claude Code; use an Anthropic API key, Vertex or Bedrock route for tool calls.',
      {
        provider: 'anthropic',
      },
    );
  }
  const command = claudeCommandOf(context);
  const args = [
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    '--include-partial-messages',
    '--model',
    context.route.upstreamId,
  ];
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(context.environment ? { env: subscriptionEnvironment(context.environment) } : {}),
  });
  let spawnError: NodeJS.ErrnoException | undefined;
  const closed = new Promise<number | null>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
      resolve(null);
    });
    child.once('close', (code) => resolve(code));
  });
  const kill = (): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, KILL_GRACE_MS).unref();
  };
  signal.addEventListener('abort', kill, { once: true });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += chunk;
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(claudeCodePrompt(request));

  let sawPartials = false;
  try {
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    for await (const line of lines) {
      const event = parseLine(line);
      // Lines of sub-agents (parent_tool_use_id set) are Claude Code's own work, not the answer.
      if (!event || (event.parent_tool_use_id !== undefined && event.parent_tool_use_id !== null)) continue;
      if (event.type === 'stream_event' && event.event?.type === 'content_block_delta') {
        sawPartials = true;
        const delta = event.event.delta;
        if (delta?.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '')
          yield { type: 'text-delta', text: delta.text };
        if (delta?.type === 'thinking_delta' && typeof delta.thinking === 'string' && delta.thinking !== '') {
          yield { type: 'reasoning-delta', text: delta.thinking };
        }
      } else if (event.type === 'assistant' && !sawPartials && !isSynthetic(event)) {
        const text = textOf(event.message?.content);
        if (text !== '') yield { type: 'text-delta', text };
      } else if (event.type === 'result') {
        if (event.is_error === true || event.subtype !== 'success') {
          const reason =
            typeof event.result === 'string' && event.result !== ''
              ? event.result
              : `${String(event.subtype)} ${JSON.stringify(event.errors ?? '')}`;
          yield { type: 'failure', error: classifyFailure(reason, null, now) };
        } else {
          yield { type: 'finish', finishReason: 'stop', usage: usageOf(event.usage) };
        }
        return;
      }
    }
    const exitCode = await closed;
    if (signal.aborted) {
      yield {
        type: 'failure',
        error: new DOMException(
          'Claude Code was stopped.',
          abortKindOfReason(signal.reason) === 'timeout' ? 'TimeoutError' : 'AbortError',
        ),
      };
    } else if (spawnError) {
      yield { type: 'failure', error: notStarted(spawnError, command) };
    } else if (exitCode !== 0) {
      yield { type: 'failure', error: classifyFailure(stderr, exitCode, now) };
    }
    // Exit 0 without a result line: the guard reports the stream as interrupted.
  } finally {
    signal.removeEventListener('abort', kill);
    kill();
  }
}

function notStarted(error: NodeJS.ErrnoException, command: string): SwitchboardError {
  if (error.code === 'ENOENT') {
    return new SwitchboardError('LOGIN_REQUIRED', `The Claude Code CLI ("${command}") was not found.`, {
      provider: 'anthropic',
      hint: 'Install Claude Code (npm install -g @anthropic-ai/claude-code), run `claude` once to log in, or set SWITCHBOARD_CLAUDE_COMMAND.',
    });
  }
  return new SwitchboardError(
    'UPSTREAM_ERROR',
    `Could not start the Claude Code CLI ("${command}"): ${error.code ?? error.message}`,
    { provider: 'anthropic' },
  );
}

/**
 * The `claude-code` route exists to use the person's Claude subscription: with an API key in
 * its environment, `claude` would bill that key instead, so the child never sees one.
 */
function subscriptionEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const {
    ANTHROPIC_API_KEY: _apiKey,
    ANTHROPIC_AUTH_TOKEN: _authToken,
    CLAUDE_API_KEY: _claudeKey,
    ...rest
  } = environment;
  return rest;
}
