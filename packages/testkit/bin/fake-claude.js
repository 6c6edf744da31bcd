#!/usr/bin/env node
// A stand-in for Claude Code's `claude` CLI in print mode, for tests. It speaks the real
// stream-json protocol (`claude -p --output-format stream-json --verbose
// [--include-partial-messages] [--model M]`), `--output-format json|text`, `--version` and
// `auth status [--json]`. Plain JavaScript so it runs without a build.
//
// Knobs (environment):
//   FAKE_CLAUDE_MODE           ok (default) | not-logged-in | usage-limit | fail-mid-stream | crash-mid-stream | hang
//   FAKE_CLAUDE_TEXT           answer text (default: "[claude-code:MODEL] you said: PROMPT")
//   FAKE_CLAUDE_FIRST_BYTE_DELAY_MS  delay before the first line (a slow start)
//   FAKE_CLAUDE_CHUNK_DELAY_MS delay between partial-message deltas
//   FAKE_CLAUDE_FAIL_AFTER_CHUNKS    deltas sent before a failure (default 2)
//   FAKE_CLAUDE_RECORD_FILE    append one JSON line per run: argv, prompt, cwd, cwdEntries, names of
//                              ANTHROPIC_*/CLAUDE_* variables, network (proxy/CA variables; a proxy
//                              URL only as set or not), toolsDisabled, strictMcp, settingSources, pid
//   FAKE_CLAUDE_VERSION        version printed by --version (default 2.1.332)
// Options are those of `claude --help` 2.1.332; anything else is refused as commander does.
import { randomUUID } from 'node:crypto';
import {
  parseCommandLine,
  readStdin,
  recordRun,
  sleep,
  splitIntoChunks,
  writeLine as write,
} from './fake-cli-common.js';

const VERSION = process.env.FAKE_CLAUDE_VERSION ?? '2.1.332';
const NOT_LOGGED_IN = 'Not logged in · Please run /login';
const MODEL_ALIASES = {
  opus: 'claude-opus-4-1-20250805',
  sonnet: 'claude-sonnet-4-5-20250929',
  haiku: 'claude-haiku-4-5-20251001',
};
const DEFAULT_MODEL = MODEL_ALIASES.sonnet;
// Options of `claude --help` (Claude Code 2.1.332, Dec 2026). Commander refuses anything else:
// "error: unknown option '--bogus'" (observed), and an option missing its value:
// "error: option '--tools <tools...>' argument missing" (observed).
const SPEC = {
  flags: new Set([
    '--allow-dangerously-skip-permissions',
    '--ax-screen-reader',
    '--bg',
    '--bare',
    '--brief',
    '--chrome',
    '--continue',
    '--dangerously-skip-permissions',
    '--desktop',
    '--disable-slash-commands',
    '--exclude-dynamic-system-prompt-sections',
    '--fork-session',
    '--forward-subagent-text',
    '--help',
    '--ide',
    '--include-hook-events',
    '--include-partial-messages',
    '--no-chrome',
    '--no-session-persistence',
    '--print',
    '--replay-user-messages',
    '--restricted',
    '--safe-mode',
    '--strict-mcp-config',
    '--tmux',
    '--verbose',
    '--version',
    '--json',
    '--text',
  ]),
  values: new Set([
    '--agent',
    '--agents',
    '--append-system-prompt',
    '--autocompact',
    '--debug-file',
    '--effort',
    '--environment',
    '--fallback-model',
    '--input-format',
    '--json-schema',
    '--max-budget-usd',
    '--model',
    '--name',
    '--output-format',
    '--permission-mode',
    '--permission-prompts',
    '--plugin-dir',
    '--plugin-url',
    '--session-id',
    '--setting-sources',
    '--settings',
    '--system-prompt',
    '--system-prompt-snapshot',
    '--resume',
    '--max-turns',
  ]),
  // `<values...>` options of commander: they take every following argument up to the next option.
  variadic: new Set([
    '--add-dir',
    '--allowedTools',
    '--allowed-tools',
    '--betas',
    '--disallowedTools',
    '--disallowed-tools',
    '--file',
    '--mcp-config',
    '--tools',
  ]),
  aliases: { '-p': '--print', '-c': '--continue', '-v': '--version', '-h': '--help', '-r': '--resume', '-n': '--name' },
};
const SETTING_SOURCES = ['user', 'project', 'local'];
const DEFAULT_TOOLS = ['Task', 'Bash', 'Glob', 'Grep', 'Read', 'Edit', 'Write', 'WebFetch', 'TodoWrite', 'WebSearch'];
const DEFAULT_SLASH_COMMANDS = ['compact', 'context', 'cost', 'init', 'review'];
const PERMISSION_MODES = ['acceptEdits', 'auto', 'bypassPermissions', 'manual', 'dontAsk', 'plan', 'default'];

/** With --input-format stream-json, stdin holds `{"type":"user","message":{…}}` lines. */
function promptFromStreamJson(input) {
  const texts = [];
  for (const line of input.split('\n')) {
    if (line.trim() === '') continue;
    const message = JSON.parse(line);
    const content = message?.message?.content;
    if (typeof content === 'string') texts.push(content);
    else if (Array.isArray(content))
      texts.push(
        content
          .filter((part) => part.type === 'text')
          .map((part) => part.text)
          .join(''),
      );
  }
  return texts.join('\n');
}

function zeroUsage() {
  return {
    input_tokens: 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: 0,
    server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
    service_tier: 'standard',
    cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
  };
}

function costOf(model, usage) {
  // Opus $15/$75, Sonnet $3/$15, Haiku $1/$5 per million tokens.
  const [input, output] = model.includes('opus') ? [15, 75] : model.includes('haiku') ? [1, 5] : [3, 15];
  return (usage.input_tokens * input + usage.output_tokens * output) / 1_000_000;
}

function main() {
  return run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

async function run(argv) {
  const options = parseCommandLine(argv, SPEC);
  const env = process.env;
  if (options.unknown.length > 0) {
    process.stderr.write(`error: unknown option '${options.unknown[0]}'\n`);
    return 1;
  }
  if (options.missing.length > 0) {
    const name = options.missing[0];
    process.stderr.write(
      `error: option '${name} <${SPEC.variadic.has(name) ? 'values...' : 'value'}>' argument missing\n`,
    );
    return 1;
  }
  const sources = options.values['--setting-sources'];
  const invalidSource = sources?.split(',').find((source) => source !== '' && !SETTING_SOURCES.includes(source));
  if (invalidSource !== undefined) {
    process.stderr.write(
      `Error processing --setting-sources: Invalid setting source: ${invalidSource}. Valid options are: user, project, local\n`,
    );
    return 1;
  }
  const permissionMode = options.values['--permission-mode'];
  if (permissionMode !== undefined && !PERMISSION_MODES.includes(permissionMode)) {
    process.stderr.write(
      `error: option '--permission-mode <mode>' argument '${permissionMode}' is invalid. Allowed choices are ${PERMISSION_MODES.join(', ')}.\n`,
    );
    return 1;
  }
  if (options.flags.has('--version')) {
    process.stdout.write(`${VERSION} (Claude Code)\n`);
    return 0;
  }
  const mode = env.FAKE_CLAUDE_MODE ?? 'ok';
  if (options.positionals[0] === 'auth' && options.positionals[1] === 'status') {
    const loggedIn = mode !== 'not-logged-in';
    const status = loggedIn
      ? {
          loggedIn: true,
          authMethod: 'claude.ai',
          apiProvider: 'firstParty',
          email: 'person@example.test',
          subscriptionType: 'max',
        }
      : { loggedIn: false, authMethod: 'none', apiProvider: 'firstParty' };
    process.stdout.write(
      options.flags.has('--json')
        ? `${JSON.stringify(status, null, 2)}\n`
        : loggedIn
          ? 'Logged in\n'
          : 'Not logged in\n',
    );
    return loggedIn ? 0 : 1;
  }
  if (!options.flags.has('--print')) {
    process.stderr.write('fake claude: only print mode (-p) is supported\n');
    return 2;
  }
  const outputFormat = options.values['--output-format'] ?? 'text';
  const verbose = options.flags.has('--verbose');
  if (outputFormat === 'stream-json' && !verbose) {
    process.stderr.write('Error: When using --print, --output-format=stream-json requires --verbose\n');
    return 1;
  }
  const stdin = options.positionals.length === 0 ? await readStdin() : '';
  const prompt =
    options.positionals.length > 0
      ? options.positionals.join(' ')
      : options.values['--input-format'] === 'stream-json'
        ? promptFromStreamJson(stdin)
        : stdin.trim();
  const tools = options.lists['--tools'];
  recordRun(
    env.FAKE_CLAUDE_RECORD_FILE,
    {
      argv,
      prompt,
      // `--tools ""` is "none" (claude --help); `tools` is what the init line would list.
      toolsDisabled: tools !== undefined && tools.join('') === '',
      strictMcp: options.flags.has('--strict-mcp-config') && (options.lists['--mcp-config'] ?? []).length === 0,
      settingSources: sources ?? null,
      slashCommandsDisabled: options.flags.has('--disable-slash-commands'),
    },
    /^(ANTHROPIC|CLAUDE)/,
  );
  if (prompt === '') {
    process.stderr.write(
      'Error: Input must be provided either through stdin or as a prompt argument when using --print\n',
    );
    return 1;
  }

  const requested = options.values['--model'];
  const model = requested ? (MODEL_ALIASES[requested] ?? requested) : DEFAULT_MODEL;
  const session = { id: options.values['--session-id'] ?? randomUUID(), started: Date.now() };
  const text = env.FAKE_CLAUDE_TEXT ?? `[claude-code:${model}] you said: ${prompt}`;
  const firstByteDelay = Number(env.FAKE_CLAUDE_FIRST_BYTE_DELAY_MS ?? 0);
  if (firstByteDelay > 0) await sleep(firstByteDelay);

  const emitter = createEmitter({
    outputFormat,
    partial: options.flags.has('--include-partial-messages'),
    model,
    session,
    // What the real init line lists (observed with 2.1.332: `--tools ""` → [], no --mcp-config
    // under --strict-mcp-config → [], --disable-slash-commands → []).
    tools: tools === undefined ? DEFAULT_TOOLS : tools.flatMap((entry) => entry.split(',')).filter(Boolean),
    slashCommands: options.flags.has('--disable-slash-commands') ? [] : DEFAULT_SLASH_COMMANDS,
  });
  emitter.init(options.values['--permission-mode'] ?? 'default');
  if (mode === 'not-logged-in') {
    return emitter.failure(NOT_LOGGED_IN, 'authentication_failed');
  }
  if (mode === 'hang') await sleep(600_000);
  const resetsAt = Math.floor(Date.now() / 1000) + 3600;
  if (mode === 'usage-limit') {
    emitter.rateLimit({ status: 'rejected', resetsAt, rateLimitType: 'five_hour', utilization: 1 });
    return emitter.failure(`Claude AI usage limit reached|${resetsAt}`, 'rate_limit');
  }
  emitter.rateLimit({ status: 'allowed', resetsAt, rateLimitType: 'five_hour', utilization: 0.25 });
  const chunks = splitIntoChunks(text);
  const failAfter =
    mode === 'fail-mid-stream' || mode === 'crash-mid-stream'
      ? Number(env.FAKE_CLAUDE_FAIL_AFTER_CHUNKS ?? 2)
      : Infinity;
  const chunkDelay = Number(env.FAKE_CLAUDE_CHUNK_DELAY_MS ?? 0);
  const usage = {
    ...zeroUsage(),
    input_tokens: Math.max(1, Math.ceil(prompt.length / 4)),
    output_tokens: chunks.length,
  };
  emitter.messageStart(usage);
  for (const [index, chunk] of chunks.entries()) {
    if (index >= failAfter) break;
    if (chunkDelay > 0 && index > 0) await sleep(chunkDelay);
    emitter.delta(chunk);
  }
  if (mode === 'crash-mid-stream') {
    process.stderr.write('Error: fake claude crashed mid-stream\n');
    return 1;
  }
  if (mode === 'fail-mid-stream') {
    const apiError = 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    return emitter.failure(apiError, 'server_error');
  }
  emitter.complete(text, usage);
  return 0;
}

/** Writes one run in the chosen output format; only stream-json shows the intermediate lines. */
function createEmitter({ outputFormat, partial, model, session, tools, slashCommands }) {
  const streaming = outputFormat === 'stream-json';
  const messageId = `msg_01${randomUUID().replace(/-/g, '').slice(0, 22)}`;
  const base = () => ({ session_id: session.id, uuid: randomUUID() });
  const streamEvent = (event) => {
    if (streaming && partial)
      write({ type: 'stream_event', event, session_id: session.id, parent_tool_use_id: null, uuid: randomUUID() });
  };
  const result = (fields) => ({
    type: 'result',
    subtype: 'success',
    duration_ms: Date.now() - session.started,
    duration_api_ms: Date.now() - session.started,
    num_turns: 1,
    session_id: session.id,
    ...fields,
    permission_denials: [],
    uuid: randomUUID(),
  });
  const finish = (resultLine) => {
    if (streaming) write(resultLine);
    else if (outputFormat === 'json') write(resultLine);
    else process.stdout.write(`${resultLine.result}\n`);
  };
  return {
    init(permissionMode) {
      if (!streaming) return;
      write({
        type: 'system',
        subtype: 'init',
        cwd: process.cwd(),
        session_id: session.id,
        tools,
        mcp_servers: [],
        model,
        permissionMode,
        slash_commands: slashCommands,
        apiKeySource: 'none',
        claude_code_version: VERSION,
        output_style: 'default',
        agents: ['general-purpose'],
        skills: [],
        plugins: [],
        uuid: randomUUID(),
      });
    },
    /** Claude Code's `rate_limit_event` line (stream-json only; shape of 2.1.332's writer). */
    rateLimit(info) {
      if (streaming)
        write({ type: 'rate_limit_event', rate_limit_info: info, uuid: randomUUID(), session_id: session.id });
    },
    messageStart(usage) {
      streamEvent({
        type: 'message_start',
        message: {
          id: messageId,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usage, output_tokens: 1 },
        },
      });
      streamEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    },
    delta(text) {
      streamEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
    },
    complete(text, usage) {
      if (streaming) {
        write({
          type: 'assistant',
          message: {
            id: messageId,
            type: 'message',
            role: 'assistant',
            model,
            content: [{ type: 'text', text }],
            stop_reason: null,
            stop_sequence: null,
            usage,
          },
          parent_tool_use_id: null,
          ...base(),
        });
      }
      streamEvent({ type: 'content_block_stop', index: 0 });
      streamEvent({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: usage.output_tokens },
      });
      streamEvent({ type: 'message_stop' });
      const cost = costOf(model, usage);
      finish(
        result({
          is_error: false,
          result: text,
          total_cost_usd: cost,
          usage,
          modelUsage: {
            [model]: {
              inputTokens: usage.input_tokens,
              outputTokens: usage.output_tokens,
              cacheReadInputTokens: 0,
              cacheCreationInputTokens: 0,
              webSearchRequests: 0,
              costUSD: cost,
              contextWindow: 200000,
            },
          },
        }),
      );
    },
    /** Claude Code reports failures as a synthetic assistant message plus an error result, exit 1. */
    failure(message, errorKind) {
      if (streaming) {
        write({
          type: 'assistant',
          message: {
            id: randomUUID(),
            model: '<synthetic>',
            role: 'assistant',
            stop_reason: 'stop_sequence',
            stop_sequence: '',
            type: 'message',
            usage: zeroUsage(),
            content: [{ type: 'text', text: message }],
          },
          parent_tool_use_id: null,
          ...base(),
          error: errorKind,
        });
      }
      finish(result({ is_error: true, result: message, total_cost_usd: 0, usage: zeroUsage(), modelUsage: {} }));
      return 1;
    },
  };
}

await main();
