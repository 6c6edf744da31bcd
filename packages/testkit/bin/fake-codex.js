#!/usr/bin/env node
// A stand-in for OpenAI's `codex` CLI (Codex 0.171.0): `codex exec --json`, `codex login status`
// and `--version`, for tests. It writes the real JSONL events of codex-rs/exec/src/exec_events.rs
// and refuses what the real CLI refuses; each rule cites openai/codex sources or a run of the
// real 0.171.0 binary (Dec 2026).
//
// Sign-in state comes from `$CODEX_HOME/auth.json` (default `~/.codex/auth.json`), as in the real
// CLI: `"auth_mode": "chatgpt"` (or tokens) → ChatGPT; an `OPENAI_API_KEY` field → API key.
//
// Knobs (environment):
//   FAKE_CODEX_MODE     ok (default) | usage-limit | fail-mid-stream | crash-mid-stream | hang
//   FAKE_CODEX_TEXT     answer text (default: "[codex-cli:MODEL] you said: PROMPT")
//   FAKE_CODEX_FIRST_BYTE_DELAY_MS
//   FAKE_CODEX_RECORD_FILE  one JSON line per run: argv, prompt, cwd, cwdEntries, env names,
//                           login, disabledFeatures, config overrides, pid
//   FAKE_CODEX_VERSION  printed by --version (default 0.171.0)
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseCommandLine, readStdin, recordRun, sleep, writeLine } from './fake-cli-common.js';

const env = process.env;
const VERSION = env.FAKE_CODEX_VERSION ?? '0.171.0';

// Options of `codex exec --help` (0.171.0).
const EXEC_SPEC = {
  flags: new Set([
    '--oss',
    '--approve-for-me',
    '--dangerously-bypass-approvals-and-sandbox',
    '--dangerously-bypass-hook-trust',
    '--worktree',
    '--skip-git-repo-check',
    '--trust',
    '--ephemeral',
    '--ignore-user-config',
    '--ignore-rules',
    '--strict-config',
    '--json',
    '--help',
    '--version',
  ]),
  values: new Set([
    '--remote',
    '--remote-auth-token-env',
    '--model',
    '--local-provider',
    '--profile',
    '--sandbox',
    '--cd',
    '--thread-source',
    '--cyber-access-program',
    '--output-schema',
    '--color',
    '--output-last-message',
  ]),
  repeatable: new Set(['--config', '--enable', '--disable', '--image', '--add-dir']),
  aliases: {
    '-c': '--config',
    '-i': '--image',
    '-m': '--model',
    '-p': '--profile',
    '-s': '--sandbox',
    '-C': '--cd',
    '-o': '--output-last-message',
    '-h': '--help',
    '-V': '--version',
  },
};

// Feature names known to `codex features list` (0.171.0) that the bridge may name; any other
// name is refused: "Error: Unknown feature flag: <name>" (observed).
const KNOWN_FEATURES = new Set(
  [
    'apps auth_elicitation browser_use browser_use_external computer_use fast_mode goals image_generation',
    'in_app_browser memories multi_agent multi_agent_v2 plugin_sharing plugins remote_plugin shell_snapshot',
    'shell_tool skill_search sleep_tool tool_suggest unified_exec unified_exec_tty view_image',
    'web_search_cached web_search_request',
  ]
    .join(' ')
    .split(' '),
);

// `-c key=value` keys the bridge may use; with --strict-config any other key is refused:
// "Error loading config.toml: unknown configuration field `<key>` in -c/--config override" (observed).
const KNOWN_CONFIG_KEYS = new Set([
  'model',
  'model_provider',
  'approval_policy',
  'sandbox_mode',
  'mcp_servers',
  'web_search',
  'project_doc_max_bytes',
  'history.persistence',
  'model_reasoning_effort',
]);
// `web_search` variants (observed: "unknown variant `bogus`, expected one of `disabled`, `cached`, `indexed`, `live`").
const WEB_SEARCH = ['"disabled"', '"cached"', '"indexed"', '"live"'];
const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'];

function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  return code;
}

/** The login the real CLI would use: `auth.json` in CODEX_HOME; CODEX_API_KEY in the environment wins for exec. */
function loginOf() {
  const home = env.CODEX_HOME || join(env.HOME || homedir(), '.codex');
  let auth;
  try {
    auth = JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8'));
  } catch {
    auth = undefined;
  }
  if (auth?.auth_mode === 'chatgpt' || (auth?.tokens && !auth?.OPENAI_API_KEY)) return 'chatgpt';
  if (auth?.OPENAI_API_KEY) return 'api-key';
  return null;
}

function loginStatus() {
  const login = loginOf();
  // codex-rs/cli/src/login.rs: status lines; exit 1 when signed out.
  if (login === 'chatgpt') return fail('Logged in using ChatGPT', 0);
  if (login === 'api-key') return fail('Logged in using an API key - sk-proj-***', 0);
  return fail('Not logged in', 1);
}

async function exec(argv) {
  const options = parseCommandLine(argv, EXEC_SPEC);
  // clap: "error: unexpected argument '--x' found", exit 2.
  if (options.unknown.length > 0)
    return fail(`error: unexpected argument '${options.unknown[0]}' found\n\nUsage: codex exec [OPTIONS] [PROMPT]`, 2);
  if (options.missing.length > 0)
    return fail(`error: a value is required for '${options.missing[0]} <VALUE>' but none was supplied`, 2);
  const sandbox = options.values['--sandbox'];
  if (sandbox !== undefined && !SANDBOX_MODES.includes(sandbox))
    return fail(`error: invalid value '${sandbox}' for '--sandbox <SANDBOX_MODE>'`, 2);
  for (const feature of [...(options.lists['--enable'] ?? []), ...(options.lists['--disable'] ?? [])]) {
    if (!KNOWN_FEATURES.has(feature)) return fail(`Error: Unknown feature flag: ${feature}`);
  }
  const overrides = {};
  for (const entry of options.lists['--config'] ?? []) {
    const equals = entry.indexOf('=');
    const key = equals === -1 ? entry : entry.slice(0, equals);
    overrides[key] = equals === -1 ? '' : entry.slice(equals + 1);
    if (options.flags.has('--strict-config') && !KNOWN_CONFIG_KEYS.has(key))
      return fail(`Error loading config.toml: unknown configuration field \`${key}\` in -c/--config override`);
  }
  if (overrides.web_search !== undefined && !WEB_SEARCH.includes(overrides.web_search))
    return fail(
      `Error loading config.toml: unknown variant \`${overrides.web_search.replace(/"/g, '')}\`, expected one of \`disabled\`, \`cached\`, \`indexed\`, \`live\`\nin \`web_search\``,
    );
  // codex-rs/exec/src/lib.rs: outside a Git repository exec needs --skip-git-repo-check.
  if (!options.flags.has('--skip-git-repo-check'))
    return fail('Not inside a trusted directory and --skip-git-repo-check was not specified.');
  // "If not provided as an argument (or if `-` is used), instructions are read from stdin."
  const fromArgs = options.positionals.filter((value) => value !== '-');
  const stdin = fromArgs.length === 0 || !process.stdin.isTTY ? await readStdin() : '';
  const prompt =
    fromArgs.length > 0
      ? [fromArgs.join(' '), stdin && `<stdin>\n${stdin}\n</stdin>`].filter(Boolean).join('\n\n')
      : stdin;
  const login = env.CODEX_API_KEY ? 'api-key' : loginOf();
  recordRun(
    env.FAKE_CODEX_RECORD_FILE,
    {
      argv,
      prompt,
      login,
      disabledFeatures: options.lists['--disable'] ?? [],
      overrides,
      sandbox: sandbox ?? null,
      ignoreUserConfig: options.flags.has('--ignore-user-config'),
    },
    /^(OPENAI|CODEX)/,
  );
  if (prompt.trim() === '') return fail('No prompt provided via stdin.');
  if (!options.flags.has('--json')) return fail('fake codex: only --json output is implemented');

  const model = options.values['--model'] ?? 'gpt-5.6-sol';
  writeLine({ type: 'thread.started', thread_id: randomUUID() });
  const firstByteDelay = Number(env.FAKE_CODEX_FIRST_BYTE_DELAY_MS ?? 0);
  if (firstByteDelay > 0) await sleep(firstByteDelay);
  writeLine({ type: 'turn.started' });
  const mode = env.FAKE_CODEX_MODE ?? 'ok';
  if (mode === 'hang') await sleep(600_000);
  const failed = (message) => {
    writeLine({ type: 'error', message });
    writeLine({ type: 'turn.failed', error: { message } });
    return 1;
  };
  if (login === null)
    return failed('unexpected status 401 Unauthorized: Missing bearer or basic authentication in header');
  if (mode === 'usage-limit')
    return failed(
      "You've hit your usage limit. Visit https://chatgpt.com/codex/settings/usage to purchase more credits or try again at 3:28 PM.",
    );
  const text = env.FAKE_CODEX_TEXT ?? `[codex-cli:${model}] you said: ${prompt.trim()}`;
  // exec sends each agent message whole, as one item.completed (event_processor_with_jsonl_output.rs).
  const paragraphs = text.split(/(?<=\n\n)/);
  const failAfter = mode.endsWith('-mid-stream') ? 1 : Infinity;
  for (const [index, paragraph] of paragraphs.entries()) {
    if (index >= failAfter) break;
    writeLine({ type: 'item.completed', item: { id: `item_${index}`, type: 'agent_message', text: paragraph } });
  }
  if (mode === 'crash-mid-stream') return fail('thread main panicked: fake codex crashed mid-stream', 101);
  if (mode === 'fail-mid-stream') return failed('stream disconnected before completion: 500 Internal Server Error');
  writeLine({
    type: 'turn.completed',
    usage: { input_tokens: Math.ceil(prompt.length / 4), cached_input_tokens: 0, output_tokens: paragraphs.length * 8 },
  });
  return 0;
}

async function run(argv) {
  if (argv[0] === '--version' || argv[0] === '-V') {
    process.stdout.write(`codex-cli ${VERSION}\n`);
    return 0;
  }
  if (argv[0] === 'login' && argv[1] === 'status') return loginStatus();
  if (argv[0] === 'exec' || argv[0] === 'e') return exec(argv.slice(1));
  return fail(
    `fake codex: only \`exec\`, \`login status\` and --version are implemented (got ${argv[0] ?? 'nothing'})`,
    2,
  );
}

process.exitCode = await run(process.argv.slice(2));
