// Shared pieces of the fake vendor CLIs (fake-claude.js, fake-gemini.js, fake-codex.js): a
// command-line reader that knows which options a real CLI has (so a fake can refuse the others
// the way the real one does), stdin, chunking and the run record tests read. Plain JavaScript so
// the fakes run without a build.
import { appendFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/**
 * Reads argv against a CLI's option table: `flags` take no value, `values` take one (`--x v` or
 * `--x=v`), `variadic` take every following argument up to the next option (commander's
 * `<values...>`), `repeatable` values collect into a list; `aliases` map short names. Returns the
 * parsed options plus `unknown` (options the real CLI does not have) and `missing` (an option that
 * needs a value and got none), for the fake to refuse in its CLI's words.
 */
export function parseCommandLine(argv, spec) {
  const result = { flags: new Set(), values: {}, lists: {}, positionals: [], unknown: [], missing: [] };
  const aliases = spec.aliases ?? {};
  const known = (name) =>
    spec.flags.has(name) || spec.values.has(name) || spec.variadic?.has(name) || spec.repeatable?.has(name);
  for (let index = 0; index < argv.length; index += 1) {
    const raw = argv[index];
    if (raw === '--') {
      result.positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!raw.startsWith('-') || raw === '-') {
      result.positionals.push(raw);
      continue;
    }
    const equals = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const written = equals === -1 ? raw : raw.slice(0, equals);
    const name = aliases[written] ?? written;
    if (!known(name)) {
      result.unknown.push(written);
      continue;
    }
    if (spec.flags.has(name)) {
      result.flags.add(name);
      if (equals !== -1) result.values[name] = raw.slice(equals + 1);
      continue;
    }
    if (spec.variadic?.has(name)) {
      const collected = equals === -1 ? [] : [raw.slice(equals + 1)];
      while (equals === -1 && index + 1 < argv.length && !argv[index + 1].startsWith('-')) {
        collected.push(argv[index + 1]);
        index += 1;
      }
      if (collected.length === 0) result.missing.push(name);
      result.lists[name] = [...(result.lists[name] ?? []), ...collected];
      continue;
    }
    let value;
    if (equals !== -1) value = raw.slice(equals + 1);
    else if (index + 1 < argv.length && (argv[index + 1] === '' || !argv[index + 1].startsWith('-'))) {
      value = argv[index + 1];
      index += 1;
    }
    if (value === undefined) {
      result.missing.push(name);
      continue;
    }
    if (spec.repeatable?.has(name)) result.lists[name] = [...(result.lists[name] ?? []), value];
    else result.values[name] = value;
  }
  return result;
}

/** All of standard input (empty when it is a terminal). */
export async function readStdin() {
  if (process.stdin.isTTY) return '';
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Text split the way models stream it: leading space, then word plus trailing space. */
export function splitIntoChunks(text) {
  const pieces = text.match(/^\s+|\S+\s*/g);
  return pieces && pieces.length > 0 ? pieces : [text];
}

/** One JSON object per line on stdout. */
export function writeLine(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * Appends one JSON line describing this run to `file`, for tests to check what the caller did:
 * argv, the prompt read, the working directory and what it holds, and the NAMES (never the
 * values) of environment variables matching `envPattern`.
 */
export function recordRun(file, fields, envPattern) {
  if (!file) return;
  let cwdEntries;
  try {
    cwdEntries = readdirSync(process.cwd());
  } catch {
    cwdEntries = null;
  }
  const envKeys = Object.keys(process.env)
    .filter((key) => envPattern.test(key))
    .sort();
  // The proxy and CA variables it was given; a proxy URL only as set or not (it may carry a password).
  const env = process.env;
  const network = {
    HTTPS_PROXY: env.HTTPS_PROXY === undefined ? null : 'set',
    https_proxy: env.https_proxy === undefined ? null : 'set',
    NO_PROXY: env.NO_PROXY ?? null,
    no_proxy: env.no_proxy ?? null,
    NODE_EXTRA_CA_CERTS: env.NODE_EXTRA_CA_CERTS ?? null,
  };
  appendFileSync(
    file,
    `${JSON.stringify({ ...fields, cwd: process.cwd(), cwdEntries, envKeys, network, pid: process.pid })}\n`,
  );
}
