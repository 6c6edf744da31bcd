#!/usr/bin/env node
// A stand-in for Claude Code's `claude` CLI in print mode, for tests. It speaks the real
// stream-json protocol (`claude -p --output-format stream-json --verbose
// [--include-partial-messages] [--model M]`), `--output-format json|text`, `--version` and
// `auth status [--json]`. Plain JavaScript so it runs without a build.
//
// Knobs (environment):
//   FAKE_CLAUDE_MODE           ok (default) | not-logged-in | fail-mid-stream | crash-mid-stream
//   FAKE_CLAUDE_TEXT           answer text (default: "[claude-code:MODEL] you said: PROMPT")
//   FAKE_CLAUDE_FIRST_BYTE_DELAY_MS  delay before the first line (a slow start)
//   FAKE_CLAUDE_CHUNK_DELAY_MS delay between partial-message deltas
//   FAKE_CLAUDE_FAIL_AFTER_CHUNKS    deltas sent before a failure (default 2)
//   FAKE_CLAUDE_RECORD_FILE    append one JSON line per run: { argv, prompt, cwd, env keys, network }
//                              (network: the proxy and CA variables it was given; a proxy URL
//                              is recorded only as set or not, as it may carry a password)
//   FAKE_CLAUDE_VERSION        version printed by --version (default 2.0.62)
import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

const VERSION = process.env.FAKE_CLAUDE_VERSION ?? '2.0.62';
const NOT_LOGGED_IN = 'Not logged in · Please run /login';
const MODEL_ALIASES = {
  opus: 'claude-opus-4-1-20250805',
  sonnet: 'claude-sonnet-4-5-20250929',
  haiku: 'claude-haiku-4-5-20251001',
};
const DEFAULT_MODEL = MODEL_ALIASES.sonnet;
const VALUE_OPTIONS = new Set([
  '--output-format',
  '--input-format',
  '--model',
  '--fallback-model',
  '--session-id',
  '--resume',
  '-r',
  '--permission-mode',
  '--allowedTools',
  '--allowed-tools',
  '--disallowedTools',
  '--disallowed-tools',
  '--append-system-prompt',
  '--system-prompt',
  '--max-turns',
  '--mcp-config',
  '--settings',
  '--add-dir',
  '--agents',
  '--max-budget-usd',
  '--tools',
  '--setting-sources',
  '--betas',
  '--agent',
  '--json-schema',
]);

function parseArguments(argv) {
  const options = { flags: new Set(), values: {}, positionals: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--') {
      options.positionals.push(...argv.slice(index + 1));
      break;
    }
    if (argument.startsWith('--') && argument.includes('=')) {
      const [name, ...rest] = argument.split('=');
      options.values[name] = rest.join('=');
    } else if (VALUE_OPTIONS.has(argument)) {
      options.values[argument] = argv[index + 1] ?? '';
      index += 1;
    } else if (argument.startsWith('-')) {
      options.flags.add(argument);
    } else {
      options.positionals.push(argument);
    }
  }
  return options;
}

async function readStdin() {
  if (process.stdin.isTTY) return '';
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

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

function splitIntoChunks(text) {
  const pieces = text.match(/^\s+|\S+\s*/g);
  return pieces && pieces.length > 0 ? pieces : [text];
}

function write(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
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
  const options = parseArguments(argv);
  const env = process.env;
  if (options.flags.has('--version') || options.flags.has('-v')) {
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
  if (!options.flags.has('-p') && !options.flags.has('--print')) {
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
  if (env.FAKE_CLAUDE_RECORD_FILE) {
    const envKeys = Object.keys(env)
      .filter((key) => /^(ANTHROPIC|CLAUDE)/.test(key))
      .sort();
    const network = {
      HTTPS_PROXY: env.HTTPS_PROXY === undefined ? null : 'set',
      https_proxy: env.https_proxy === undefined ? null : 'set',
      NO_PROXY: env.NO_PROXY ?? null,
      no_proxy: env.no_proxy ?? null,
      NODE_EXTRA_CA_CERTS: env.NODE_EXTRA_CA_CERTS ?? null,
    };
    appendFileSync(
      env.FAKE_CLAUDE_RECORD_FILE,
      `${JSON.stringify({ argv, prompt, cwd: process.cwd(), envKeys, network })}\n`,
    );
  }
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
  });
  emitter.init(options.values['--permission-mode'] ?? 'default');
  if (mode === 'not-logged-in') {
    return emitter.failure(NOT_LOGGED_IN, 'authentication_failed');
  }
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
function createEmitter({ outputFormat, partial, model, session }) {
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
        tools: ['Task', 'Bash', 'Glob', 'Grep', 'Read', 'Edit', 'Write', 'WebFetch', 'TodoWrite', 'WebSearch'],
        mcp_servers: [],
        model,
        permissionMode,
        slash_commands: ['compact', 'context', 'cost', 'init', 'review'],
        apiKeySource: 'none',
        claude_code_version: VERSION,
        output_style: 'default',
        agents: ['general-purpose'],
        skills: [],
        plugins: [],
        uuid: randomUUID(),
      });
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
