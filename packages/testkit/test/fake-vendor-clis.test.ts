import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFakeClaude, installFakeCodex, installFakeGemini } from '../src/fake-claude/install-fake-claude.js';

// Each refusal below is a rule the real CLI enforces; the fakes cite the source beside the rule.

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let directory: string;
let home: string;
const bin: Record<'claude' | 'gemini' | 'codex', string> = { claude: '', gemini: '', codex: '' };

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'fake-clis-'));
  bin.claude = await installFakeClaude(join(directory, 'bin'));
  bin.gemini = await installFakeGemini(join(directory, 'bin'));
  bin.codex = await installFakeCodex(join(directory, 'bin'));
  home = join(directory, 'home');
  await mkdir(join(home, '.gemini'), { recursive: true });
  await mkdir(join(home, '.codex'), { recursive: true });
  await writeFile(
    join(home, '.gemini', 'settings.json'),
    JSON.stringify({ security: { auth: { selectedType: 'oauth-personal' } } }),
  );
  await writeFile(join(home, '.gemini', 'oauth_creds.json'), '{}');
  await writeFile(join(home, '.codex', 'auth.json'), '{"auth_mode":"chatgpt"}');
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function run(cli: keyof typeof bin, args: string[], stdin = 'hello', env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin[cli], args, {
      env: { PATH: process.env['PATH'] ?? '', HOME: home, ...env },
      cwd: directory,
    });
    const result: Run = { code: null, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ...result, code }));
    child.stdin.end(stdin);
  });
}

const GEMINI_OK = ['--output-format', 'stream-json', '--skip-trust'];

describe('fake gemini CLI', () => {
  it('answers a piped prompt with init, assistant deltas and a success result', async () => {
    const result = await run('gemini', [...GEMINI_OK, '--model', 'gemini-2.5-pro']);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'init', model: 'gemini-2.5-pro' });
    expect(lines.some((line) => line['role'] === 'assistant' && line['delta'] === true)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: 'result', status: 'success' });
  });

  it('refuses an unknown option, an invalid output format, -p with a positional, and yolo with approval-mode', async () => {
    expect(await run('gemini', [...GEMINI_OK, '--bogus'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Unknown argument: bogus'),
    });
    expect((await run('gemini', ['--output-format', 'xml', '--skip-trust'])).stderr).toContain(
      'Choices: "text", "json", "stream-json"',
    );
    expect((await run('gemini', [...GEMINI_OK, '-p', 'a', 'b'])).stderr).toContain(
      'Cannot use both a positional prompt',
    );
    expect((await run('gemini', [...GEMINI_OK, '--yolo', '--approval-mode', 'plan'])).stderr).toContain(
      'Cannot use both --yolo',
    );
  });

  it('refuses an untrusted folder (exit 55), no input (exit 42) and a missing sign-in (exit 41)', async () => {
    expect((await run('gemini', ['--output-format', 'stream-json'])).code).toBe(55);
    expect((await run('gemini', GEMINI_OK, '')).code).toBe(42);
    const signedOut = await run('gemini', GEMINI_OK, 'hi', { HOME: join(directory, 'nobody') });
    expect(signedOut.code).toBe(41);
    expect(signedOut.stderr).toContain('Please set an Auth method');
  });

  it('uses an API key from the environment when no auth type is configured, as the real CLI does', async () => {
    const record = join(directory, 'gemini-key.jsonl');
    await run('gemini', GEMINI_OK, 'hi', {
      HOME: join(directory, 'nobody'),
      GEMINI_API_KEY: 'x',
      FAKE_GEMINI_RECORD_FILE: record,
    });
    const { readFile } = await import('node:fs/promises');
    expect(JSON.parse(await readFile(record, 'utf8'))).toMatchObject({
      authType: 'gemini-api-key',
      toolsDenied: false,
    });
  });
});

const CODEX_OK = ['exec', '--json', '--skip-git-repo-check'];

describe('fake codex CLI', () => {
  it('answers on stdin with thread/turn events, an agent_message item and turn.completed', async () => {
    const result = await run('codex', [...CODEX_OK, '-']);
    expect(result.code).toBe(0);
    const types = result.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual(['thread.started', 'turn.started', 'item.completed', 'turn.completed']);
  });

  it('refuses unknown arguments, unknown features, unknown -c keys under --strict-config and bad variants', async () => {
    expect(await run('codex', [...CODEX_OK, '--bogus', '-'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unexpected argument '--bogus'"),
    });
    expect((await run('codex', [...CODEX_OK, '--disable', 'bogus_feature', '-'])).stderr).toContain(
      'Unknown feature flag: bogus_feature',
    );
    expect((await run('codex', [...CODEX_OK, '--strict-config', '-c', 'bogus_key=1', '-'])).stderr).toContain(
      'unknown configuration field `bogus_key`',
    );
    expect((await run('codex', [...CODEX_OK, '-c', 'web_search="bogus"', '-'])).stderr).toContain(
      'unknown variant `bogus`',
    );
    expect((await run('codex', [...CODEX_OK, '--sandbox', 'everything', '-'])).code).toBe(2);
  });

  it('refuses to run outside a Git repository without --skip-git-repo-check, and an empty prompt', async () => {
    expect((await run('codex', ['exec', '--json', '-'])).stderr).toContain('--skip-git-repo-check was not specified');
    expect((await run('codex', [...CODEX_OK, '-'], '')).stderr).toContain('No prompt provided');
  });

  it('reports its login like `codex login status`, and fails a run when signed out', async () => {
    expect(await run('codex', ['login', 'status'])).toMatchObject({
      code: 0,
      stderr: expect.stringContaining('Logged in using ChatGPT'),
    });
    const nobody = { HOME: join(directory, 'nobody') };
    expect(await run('codex', ['login', 'status'], '', nobody)).toMatchObject({ code: 1, stderr: 'Not logged in\n' });
    const failed = await run('codex', [...CODEX_OK, '-'], 'hi', nobody);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('"type":"turn.failed"');
  });
});

describe('fake claude CLI, as strict as the real one', () => {
  const PRINT = ['-p', '--output-format', 'stream-json', '--verbose'];

  it('refuses unknown options, --tools without a value and an invalid setting source', async () => {
    expect(await run('claude', [...PRINT, '--bogus'])).toMatchObject({
      code: 1,
      stderr: "error: unknown option '--bogus'\n",
    });
    expect((await run('claude', [...PRINT, '--tools'])).stderr).toContain(
      "option '--tools <values...>' argument missing",
    );
    expect((await run('claude', [...PRINT, '--setting-sources', 'bogus'])).stderr).toContain(
      'Invalid setting source: bogus',
    );
    expect((await run('claude', [...PRINT, '--permission-mode', 'yolo'])).code).toBe(1);
  });

  it('lists no tools, MCP servers or commands in its init line when they are turned off', async () => {
    const result = await run('claude', [...PRINT, '--tools', '', '--strict-mcp-config', '--disable-slash-commands']);
    const init = JSON.parse(result.stdout.split('\n')[0]!) as Record<string, unknown>;
    expect(init).toMatchObject({ type: 'system', tools: [], mcp_servers: [], slash_commands: [] });
    const open = JSON.parse((await run('claude', PRINT)).stdout.split('\n')[0]!) as { tools: string[] };
    expect(open.tools).toContain('Bash');
  });
});
