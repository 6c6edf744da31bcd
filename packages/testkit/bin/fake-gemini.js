#!/usr/bin/env node
// A stand-in for Google's `gemini` CLI (Gemini CLI 0.61.0) in headless mode, for tests. It
// speaks the real stream-json protocol and refuses what the real CLI refuses; each rule cites
// where it comes from: google-gemini/gemini-cli sources (packages/cli/src/config/config.ts,
// packages/cli/src/gemini.tsx, packages/cli/src/validateNonInterActiveAuth.ts,
// packages/core/src/output/types.ts) and runs of the real 0.61.0 binary (Dec 2026).
//
// Sign-in state comes from files, as in the real CLI: `$GEMINI_CLI_HOME/.gemini/settings.json`
// (default `$HOME/.gemini`) with `security.auth.selectedType` `oauth-personal` and an
// `oauth_creds.json` beside it; or GEMINI_API_KEY in the environment when no type is set.
//
// Knobs (environment):
//   FAKE_GEMINI_MODE     ok (default) | quota | fail-mid-stream | crash-mid-stream | hang
//   FAKE_GEMINI_TEXT     answer text (default: "[gemini-cli:MODEL] you said: PROMPT")
//   FAKE_GEMINI_FIRST_BYTE_DELAY_MS, FAKE_GEMINI_CHUNK_DELAY_MS, FAKE_GEMINI_FAIL_AFTER_CHUNKS (2)
//   FAKE_GEMINI_RECORD_FILE  one JSON line per run: argv, prompt, cwd, cwdEntries, env names,
//                            authType, toolsDenied, mcpBlocked, extensionsDisabled, pid
//   FAKE_GEMINI_VERSION  printed by --version (default 0.61.0)
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseCommandLine, readStdin, recordRun, sleep, splitIntoChunks, writeLine } from './fake-cli-common.js';

const env = process.env;
const VERSION = env.FAKE_GEMINI_VERSION ?? '0.61.0';

// Options of `gemini --help` (0.61.0). yargs runs in `.strict()` mode (config.ts), so anything
// else is refused with "Unknown argument: <name>" and exit 1 (observed).
const SPEC = {
  flags: new Set([
    '--debug',
    '--skip-trust',
    '--sandbox',
    '--yolo',
    '--acp',
    '--experimental-acp',
    '--list-extensions',
    '--list-sessions',
    '--screen-reader',
    '--raw-output',
    '--accept-raw-output-risk',
    '--version',
    '--help',
  ]),
  values: new Set([
    '--model',
    '--prompt',
    '--prompt-interactive',
    '--worktree',
    '--approval-mode',
    '--resume',
    '--session-file',
    '--session-id',
    '--delete-session',
    '--output-format',
  ]),
  repeatable: new Set([
    '--policy',
    '--admin-policy',
    '--allowed-mcp-server-names',
    '--allowed-tools',
    '--extensions',
    '--include-directories',
  ]),
  aliases: {
    '-d': '--debug',
    '-m': '--model',
    '-p': '--prompt',
    '-i': '--prompt-interactive',
    '-w': '--worktree',
    '-s': '--sandbox',
    '-y': '--yolo',
    '-e': '--extensions',
    '-l': '--list-extensions',
    '-r': '--resume',
    '-o': '--output-format',
    '-v': '--version',
    '-h': '--help',
  },
};

// Exit codes: packages/core/src/utils/exitCodes.ts; 55 observed for an untrusted folder.
const EXIT = { failure: 1, auth: 41, input: 42, untrusted: 55 };

function fail(message, code) {
  process.stderr.write(`${message}\n`);
  return code;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The auth type the real CLI would use: settings first, else the environment (validateNonInterActiveAuth.ts). */
function authTypeOf() {
  const directory = join(env.GEMINI_CLI_HOME || env.HOME || homedir(), '.gemini');
  const settings = readJson(join(directory, 'settings.json'));
  const selected = settings?.security?.auth?.selectedType ?? settings?.selectedAuthType;
  if (selected === 'oauth-personal')
    return existsSync(join(directory, 'oauth_creds.json')) || existsSync(join(directory, 'gemini-credentials.json'))
      ? 'oauth-personal'
      : undefined;
  if (selected) return selected;
  if (env.GEMINI_API_KEY) return 'gemini-api-key';
  if (env.GOOGLE_GENAI_USE_VERTEXAI === 'true') return 'vertex-ai';
  return undefined;
}

/** True when an admin policy file holds a global `toolName = "*"` deny rule (docs/reference/policy-engine.md). */
function deniesEveryTool(files) {
  return files.some((file) => {
    try {
      const text = readFileSync(file, 'utf8');
      return /toolName\s*=\s*"\*"/.test(text) && /decision\s*=\s*"deny"/.test(text);
    } catch {
      return false;
    }
  });
}

async function run(argv) {
  const options = parseCommandLine(argv, SPEC);
  if (options.unknown.length > 0)
    return fail(`Unknown argument: ${options.unknown[0].replace(/^-+/, '')}`, EXIT.failure);
  if (options.missing.length > 0)
    return fail(`Not enough arguments following: ${options.missing[0].replace(/^-+/, '')}`, EXIT.failure);
  if (options.flags.has('--version')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // The `.check()` rules of config.ts.
  const format = options.values['--output-format'] ?? 'text';
  if (!['text', 'json', 'stream-json'].includes(format))
    return fail(
      `Invalid values:\n  Argument: output-format, Given: "${format}", Choices: "text", "json", "stream-json"`,
      EXIT.failure,
    );
  const promptFlag = options.values['--prompt'];
  if (promptFlag && options.positionals.length > 0)
    return fail('Cannot use both a positional prompt and the --prompt (-p) flag together', EXIT.failure);
  if (options.flags.has('--yolo') && options.values['--approval-mode'])
    return fail(
      'Cannot use both --yolo (-y) and --approval-mode together. Use --approval-mode=yolo instead.',
      EXIT.failure,
    );
  // gemini.tsx: "The --prompt-interactive flag cannot be used when input is piped from stdin."
  if (options.values['--prompt-interactive'] !== undefined && !process.stdin.isTTY)
    return fail('Error: The --prompt-interactive flag cannot be used when input is piped from stdin.', EXIT.failure);
  // 0.61.0 refuses headless runs in a folder it does not trust (observed, exit 55).
  if (!options.flags.has('--skip-trust') && env.GEMINI_CLI_TRUST_WORKSPACE !== 'true')
    return fail(
      'Gemini CLI is not running in a trusted directory. To proceed, either use `--skip-trust`, set the `GEMINI_CLI_TRUST_WORKSPACE=true` environment variable, or trust this directory in interactive mode.',
      EXIT.untrusted,
    );

  // gemini.tsx: piped stdin comes first, the -p text or positional query after it.
  const stdin = await readStdin();
  const question = promptFlag ?? options.positionals.join(' ');
  const prompt = [stdin, question].filter((part) => part !== '').join('\n\n');
  const authType = authTypeOf();
  const adminPolicies = options.lists['--admin-policy'] ?? [];
  const allowedMcp = options.lists['--allowed-mcp-server-names'] ?? [];
  recordRun(
    env.FAKE_GEMINI_RECORD_FILE,
    {
      argv,
      prompt,
      authType: authType ?? null,
      toolsDenied: deniesEveryTool(adminPolicies),
      mcpBlocked: allowedMcp.length > 0,
      extensionsDisabled: (options.lists['--extensions'] ?? []).join(',') === 'none',
      sandbox: options.values['--sandbox'] ?? (options.flags.has('--sandbox') ? 'true' : null),
    },
    /^(GEMINI|GOOGLE)/,
  );
  if (prompt.trim() === '')
    return fail(
      'No input provided via stdin. Input can be provided by piping data into gemini or using the --prompt option.',
      EXIT.input,
    );
  if (!authType)
    return fail(
      'Please set an Auth method in your ~/.gemini/settings.json or specify one of the following environment variables before running: GEMINI_API_KEY, GOOGLE_GENAI_USE_VERTEXAI, GOOGLE_GENAI_USE_GCA',
      EXIT.auth,
    );

  const model = options.values['--model'] ?? 'gemini-2.5-pro';
  const streaming = format === 'stream-json';
  const timestamp = () => new Date().toISOString();
  const firstByteDelay = Number(env.FAKE_GEMINI_FIRST_BYTE_DELAY_MS ?? 0);
  if (firstByteDelay > 0) await sleep(firstByteDelay);
  if (streaming) {
    writeLine({ type: 'init', timestamp: timestamp(), session_id: randomUUID(), model });
    writeLine({ type: 'message', timestamp: timestamp(), role: 'user', content: prompt });
  }
  const mode = env.FAKE_GEMINI_MODE ?? 'ok';
  if (mode === 'hang') await sleep(600_000);
  const text = env.FAKE_GEMINI_TEXT ?? `[gemini-cli:${model}] you said: ${prompt.trim()}`;
  const chunks = splitIntoChunks(text);
  const failAfter = mode.endsWith('-mid-stream') ? Number(env.FAKE_GEMINI_FAIL_AFTER_CHUNKS ?? 2) : Infinity;
  const chunkDelay = Number(env.FAKE_GEMINI_CHUNK_DELAY_MS ?? 0);
  const stats = (outputTokens) => ({
    total_tokens: Math.ceil(prompt.length / 4) + outputTokens,
    input_tokens: Math.ceil(prompt.length / 4),
    output_tokens: outputTokens,
    cached: 0,
    input: Math.ceil(prompt.length / 4),
    duration_ms: 5,
    tool_calls: 0,
    models: {},
  });
  // Errors in stream-json are a `result` with status "error" (handleError in packages/cli/src/utils/errors.ts).
  const errorResult = (type, message) => {
    if (streaming)
      writeLine({ type: 'result', timestamp: timestamp(), status: 'error', error: { type, message }, stats: stats(0) });
    else process.stderr.write(`${message}\n`);
    return EXIT.failure;
  };
  if (mode === 'quota')
    return errorResult(
      'TerminalQuotaError',
      'You have exhausted your daily quota on this model. Quota exceeded for quota metric (RESOURCE_EXHAUSTED, 429).',
    );
  let sent = '';
  for (const [index, chunk] of chunks.entries()) {
    if (index >= failAfter) break;
    if (chunkDelay > 0 && index > 0) await sleep(chunkDelay);
    sent += chunk;
    if (streaming)
      writeLine({ type: 'message', timestamp: timestamp(), role: 'assistant', content: chunk, delta: true });
  }
  if (mode === 'crash-mid-stream') return fail('FATAL ERROR: fake gemini crashed mid-stream', EXIT.failure);
  if (mode === 'fail-mid-stream')
    return errorResult('ApiError', '[API Error: got status: 503 Service Unavailable. The model is overloaded.]');
  if (streaming) writeLine({ type: 'result', timestamp: timestamp(), status: 'success', stats: stats(chunks.length) });
  else if (format === 'json') writeLine({ session_id: randomUUID(), response: sent, stats: {} });
  else process.stdout.write(`${sent}\n`);
  return 0;
}

process.exitCode = await run(process.argv.slice(2));
