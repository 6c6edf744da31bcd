import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClaudeScriptPath, installFakeClaude } from '../src/fake-claude/install-fake-claude.js';

interface Run {
  code: number | null;
  lines: Record<string, unknown>[];
  stdout: string;
  stderr: string;
}

let directory: string;
let claudePath: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'fake-claude-'));
  claudePath = await installFakeClaude(join(directory, 'bin'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Runs the installed `claude`, parsing stdout line by line as a stream-json consumer does. */
function runClaude(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(claudePath, args, { env: { PATH: process.env['PATH'] ?? '', ...options.env }, stdio: 'pipe' });
    const run: Run = { code: null, lines: [], stdout: '', stderr: '' };
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      run.stdout += `${line}\n`;
      // stream-json is one object per line; anything else (pretty JSON, text) stays in stdout.
      if (line.startsWith('{') && line.endsWith('}')) run.lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('error', reject);
    const exited = new Promise<void>((done) => child.on('close', (code) => ((run.code = code), done())));
    const drained = new Promise<void>((done) => lines.on('close', done));
    child.stdin.end(options.stdin ?? '');
    void Promise.all([exited, drained]).then(() => resolve(run));
  });
}

const STREAM_JSON = ['-p', '--output-format', 'stream-json', '--verbose'];

describe('fake claude CLI', () => {
  it('prints its version like Claude Code', async () => {
    const run = await runClaude(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+ \(Claude Code\)$/);
    expect(fakeClaudeScriptPath.endsWith('bin/fake-claude.js')).toBe(true);
  });

  it('emits init, partial stream events, the assistant message and a success result', async () => {
    const run = await runClaude([...STREAM_JSON, '--include-partial-messages', '--model', 'opus', 'hello there']);
    expect(run.code).toBe(0);
    const [init] = run.lines;
    expect(init).toMatchObject({
      type: 'system',
      subtype: 'init',
      model: 'claude-opus-4-1-20250805',
      apiKeySource: 'none',
    });
    const sessionId = init?.['session_id'];
    expect(run.lines.every((line) => line['session_id'] === sessionId)).toBe(true);

    const events = run.lines
      .filter((line) => line['type'] === 'stream_event')
      .map((line) => line['event'] as { type: string; delta?: { text?: string } });
    expect(events[0]?.type).toBe('message_start');
    expect(events.at(-1)?.type).toBe('message_stop');
    const streamedText = events
      .filter((event) => event.type === 'content_block_delta')
      .map((event) => event.delta?.text ?? '')
      .join('');
    expect(streamedText).toBe('[claude-code:claude-opus-4-1-20250805] you said: hello there');

    const assistant = run.lines.find((line) => line['type'] === 'assistant') as
      { message: { content: { type: string; text: string }[] } } | undefined;
    expect(assistant?.message.content).toEqual([{ type: 'text', text: streamedText }]);
    const result = run.lines.at(-1);
    expect(result).toMatchObject({
      type: 'result',
      subtype: 'success',
      is_error: false,
      result: streamedText,
      num_turns: 1,
    });
    expect(result?.['total_cost_usd']).toBeGreaterThan(0);
    expect(result?.['usage']).toMatchObject({ output_tokens: expect.any(Number) });
  });

  it('reads the prompt from stdin and omits stream events without --include-partial-messages', async () => {
    const run = await runClaude(STREAM_JSON, { stdin: 'from stdin\n' });
    expect(run.code).toBe(0);
    expect(run.lines.map((line) => line['type'])).toEqual(['system', 'rate_limit_event', 'assistant', 'result']);
    expect(run.lines.at(-1)?.['result']).toBe('[claude-code:claude-sonnet-4-5-20250929] you said: from stdin');
  });

  it('requires --verbose with stream-json, like the real CLI', async () => {
    const run = await runClaude(['-p', '--output-format', 'stream-json', 'x']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--output-format=stream-json requires --verbose');
  });

  it('reports "not logged in" as a synthetic assistant message and an error result, exit 1', async () => {
    const run = await runClaude([...STREAM_JSON, 'x'], { env: { FAKE_CLAUDE_MODE: 'not-logged-in' } });
    expect(run.code).toBe(1);
    const assistant = run.lines.find((line) => line['type'] === 'assistant');
    expect(assistant).toMatchObject({ error: 'authentication_failed', message: { model: '<synthetic>' } });
    expect(run.lines.at(-1)).toMatchObject({
      type: 'result',
      is_error: true,
      result: 'Not logged in · Please run /login',
    });
    const status = await runClaude(['auth', 'status', '--json'], { env: { FAKE_CLAUDE_MODE: 'not-logged-in' } });
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ loggedIn: false });
  });

  it('fails mid-stream after partial deltas with an error result, or crashes without one', async () => {
    const failed = await runClaude([...STREAM_JSON, '--include-partial-messages', 'a b c d'], {
      env: { FAKE_CLAUDE_MODE: 'fail-mid-stream', FAKE_CLAUDE_FAIL_AFTER_CHUNKS: '2' },
    });
    expect(failed.code).toBe(1);
    const deltas = failed.lines.filter(
      (line) => (line['event'] as { type?: string } | undefined)?.type === 'content_block_delta',
    );
    expect(deltas).toHaveLength(2);
    expect(failed.lines.at(-1)).toMatchObject({ type: 'result', is_error: true });
    expect(String(failed.lines.at(-1)?.['result'])).toContain('overloaded_error');

    const crashed = await runClaude([...STREAM_JSON, '--include-partial-messages', 'a b c d'], {
      env: { FAKE_CLAUDE_MODE: 'crash-mid-stream' },
    });
    expect(crashed.code).toBe(1);
    expect(crashed.lines.some((line) => line['type'] === 'result')).toBe(false);
    expect(crashed.stderr).not.toBe('');
  });

  it('honours --output-format json and text, a fixed answer, and records its invocation', async () => {
    const record = join(directory, 'record.jsonl');
    const json = await runClaude(['-p', '--output-format', 'json', 'q'], {
      env: {
        FAKE_CLAUDE_TEXT: 'fixed answer',
        FAKE_CLAUDE_RECORD_FILE: record,
        ANTHROPIC_API_KEY: 'canary-should-only-be-a-name',
      },
    });
    expect(json.code).toBe(0);
    expect(json.lines).toHaveLength(1);
    expect(json.lines[0]).toMatchObject({ type: 'result', result: 'fixed answer' });
    const text = await runClaude(['-p', 'plain'], { env: { FAKE_CLAUDE_FIRST_BYTE_DELAY_MS: '10' } });
    expect(text.stdout).toBe('[claude-code:claude-sonnet-4-5-20250929] you said: plain\n');
    const recorded = (await readFile(record, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { argv: string[]; prompt: string; envKeys: string[] });
    expect(recorded[0]).toMatchObject({
      argv: ['-p', '--output-format', 'json', 'q'],
      prompt: 'q',
      envKeys: ['ANTHROPIC_API_KEY'],
    });
    expect(JSON.stringify(recorded)).not.toContain('canary-should-only-be-a-name');
  });
});
