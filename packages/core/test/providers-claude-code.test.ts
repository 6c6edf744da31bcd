import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFakeClaude, type FakeClaudeEnvironment } from '@switchboard/testkit';
import {
  BUILTIN_PROVIDER_PROFILES,
  isSwitchboardError,
  type AdapterCallContext,
  type SwitchboardError,
} from '../src/index.js';
import { createAnthropicRuntime } from '../src/providers/create-anthropic-runtime.js';
import { collect, streamFailure, textOf, userRequest } from './providers-fixtures.js';

let directory: string;
let claudePath: string;
const runtime = createAnthropicRuntime();

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sb-claude-'));
  claudePath = await installFakeClaude(join(directory, 'bin'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const MODEL = 'claude-opus-4-1-20250805';

function context(knobs: FakeClaudeEnvironment = {}, command = claudePath): AdapterCallContext {
  return {
    route: {
      model: 'claude-opus-4-1',
      provider: 'anthropic',
      method: 'claude-code',
      upstreamId: MODEL,
      transport: 'claude-code-cli',
    },
    profile: BUILTIN_PROVIDER_PROFILES.anthropic,
    credential: { provider: 'anthropic', method: 'claude-code' },
    fetch: globalThis.fetch,
    environment: { PATH: process.env['PATH'], SWITCHBOARD_CLAUDE_COMMAND: command, ...knobs },
  };
}

function asError(error: unknown, code: string): SwitchboardError {
  expect(isSwitchboardError(error), inspect(error)).toBe(true);
  expect((error as SwitchboardError).code, (error as SwitchboardError).message).toBe(code);
  return error as SwitchboardError;
}

describe("claude-code route (the user's `claude` CLI)", () => {
  it('streams partial messages as text deltas, then finish with usage', async () => {
    const events = await collect(runtime.streamGenerate(userRequest('hello claude'), context()));
    expect(events[0]).toEqual({ type: 'start', route: context().route });
    expect(textOf(events)).toBe(`[claude-code:${MODEL}] you said: hello claude`);
    expect(events.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(1);
    const last = events.at(-1);
    expect(last?.type).toBe('finish');
    if (last?.type === 'finish') {
      expect(last.finishReason).toBe('stop');
      expect(last.usage.outputTokens).toBeGreaterThan(0);
      expect(last.usage.inputTokens).toBeGreaterThan(0);
    }
  });

  it('generates by collecting the stream', async () => {
    const result = await runtime.generate(userRequest('one shot'), context());
    expect(result.text).toBe(`[claude-code:${MODEL}] you said: one shot`);
    expect(result.finishReason).toBe('stop');
    expect(result.route.transport).toBe('claude-code-cli');
  });

  it('puts the prompt on stdin, never in argv, with the documented flags', async () => {
    const record = join(directory, `record-${Date.now()}.jsonl`);
    const secretish = 'my private prompt text 12345';
    await collect(
      runtime.streamGenerate(
        userRequest(secretish, { system: 'Be brief.' }),
        context({ FAKE_CLAUDE_RECORD_FILE: record }),
      ),
    );
    const runs = (await readFile(record, 'utf8'))
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            argv: string[];
            prompt: string;
            cwd: string;
            cwdEntries: string[];
            toolsDisabled: boolean;
            strictMcp: boolean;
            settingSources: string;
            slashCommandsDisabled: boolean;
          },
      );
    expect(runs).toHaveLength(1);
    expect(runs[0]!.argv.slice(0, 5)).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--include-partial-messages',
    ]);
    expect(runs[0]!.argv.slice(-2)).toEqual(['--model', MODEL]);
    // No tools, no MCP servers, no skills, no settings files, in an empty private directory.
    expect(runs[0]).toMatchObject({
      toolsDisabled: true,
      strictMcp: true,
      settingSources: '',
      slashCommandsDisabled: true,
      cwdEntries: [],
    });
    expect(runs[0]!.cwd).toMatch(/switchboard-bridge-[^/]+\/work$/);
    expect(process.cwd()).not.toBe(runs[0]!.cwd);
    // The directory is removed afterwards.
    await expect(readFile(join(runs[0]!.cwd, '..'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(runs[0]!.argv.join(' ')).not.toContain(secretish);
    expect(runs[0]!.prompt).toContain(secretish);
    expect(runs[0]!.prompt).toContain('Be brief.');
  });

  it('never hands an Anthropic API key to `claude`, so the subscription is what gets used', async () => {
    const record = join(directory, `record-env-${Date.now()}.jsonl`);
    const withKeys = context({ FAKE_CLAUDE_RECORD_FILE: record });
    const environment = {
      ...withKeys.environment,
      ANTHROPIC_API_KEY: 'sk-ant-CANARY-env',
      CLAUDE_API_KEY: 'sk-ant-CANARY-2',
      CLAUDE_CONFIG_DIR: directory,
    };
    await collect(runtime.streamGenerate(userRequest('hi'), { ...withKeys, environment }));
    const run = JSON.parse((await readFile(record, 'utf8')).trim()) as { envKeys: string[] };
    expect(run.envKeys).toContain('CLAUDE_CONFIG_DIR');
    expect(run.envKeys).not.toContain('ANTHROPIC_API_KEY');
    expect(run.envKeys).not.toContain('CLAUDE_API_KEY');
  });

  it('not logged in → LOGIN_REQUIRED before any event (no synthetic text leaks as an answer)', async () => {
    const failed = await streamFailure(
      runtime.streamGenerate(userRequest(), context({ FAKE_CLAUDE_MODE: 'not-logged-in' })),
    );
    expect(failed.yielded).toEqual([]);
    const error = asError(failed.error, 'LOGIN_REQUIRED');
    expect(error.hint).toMatch(/claude/);
    await expect(runtime.generate(userRequest(), context({ FAKE_CLAUDE_MODE: 'not-logged-in' }))).rejects.toMatchObject(
      { code: 'LOGIN_REQUIRED' },
    );
  });

  it('an API error mid-answer → the partial text, then an error event (PROVIDER_UNAVAILABLE for 529)', async () => {
    const events = await collect(
      runtime.streamGenerate(
        userRequest('a b c d e f'),
        context({ FAKE_CLAUDE_MODE: 'fail-mid-stream', FAKE_CLAUDE_FAIL_AFTER_CHUNKS: '2' }),
      ),
    );
    expect(textOf(events)).toBe(`[claude-code:${MODEL}] you `);
    expect(events.some((event) => event.type === 'finish')).toBe(false);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type === 'error') asError(last.error, 'PROVIDER_UNAVAILABLE');
  });

  it('a crash mid-answer (non-zero exit, no result) → the partial text, then an error event', async () => {
    const events = await collect(
      runtime.streamGenerate(userRequest('a b c d e f'), context({ FAKE_CLAUDE_MODE: 'crash-mid-stream' })),
    );
    expect(textOf(events).length).toBeGreaterThan(0);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type === 'error') {
      asError(last.error, 'PROVIDER_UNAVAILABLE');
      expect(last.error.message).toMatch(/crashed mid-stream/);
    }
  });

  it('aborting kills the child: a 60 s first byte ends at once as CANCELLED / TIMEOUT', async () => {
    const record = join(directory, `abort-${Date.now()}.jsonl`);
    const controller = new AbortController();
    const slow = context({ FAKE_CLAUDE_FIRST_BYTE_DELAY_MS: '60000', FAKE_CLAUDE_RECORD_FILE: record });
    const pending = streamFailure(runtime.streamGenerate(userRequest('wait', { signal: controller.signal }), slow));
    for (let attempt = 0; attempt < 500; attempt += 1) {
      const started = await readFile(record, 'utf8').catch(() => '');
      if (started !== '') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    controller.abort();
    // Without the kill, the stream would wait for the child's 60 s delay and the test would time out.
    const failed = await pending;
    expect(failed.yielded).toEqual([]);
    asError(failed.error, 'CANCELLED');

    const timedOut = await streamFailure(
      runtime.streamGenerate(
        userRequest('wait', { signal: AbortSignal.timeout(300) }),
        context({ FAKE_CLAUDE_FIRST_BYTE_DELAY_MS: '60000' }),
      ),
    );
    asError(timedOut.error, 'TIMEOUT');
  });

  it('a missing CLI → LOGIN_REQUIRED with install guidance; validateCredential reports it without throwing', async () => {
    const missing = context({}, join(directory, 'no-such-claude'));
    const failed = await streamFailure(runtime.streamGenerate(userRequest(), missing));
    expect(asError(failed.error, 'LOGIN_REQUIRED').hint).toMatch(
      /Install it \(npm install -g @anthropic-ai\/claude-code\)/,
    );
    const validation = await runtime.validateCredential(missing);
    expect(validation.valid).toBe(false);
    expect(validation.error?.code).toBe('LOGIN_REQUIRED');
    expect(await runtime.validateCredential(context())).toEqual({ valid: true });
  });

  it('refuses tools (Claude Code runs its own) before starting the CLI', async () => {
    const record = join(directory, `tools-${Date.now()}.jsonl`);
    const tools = { lookup: { inputSchema: { type: 'object' as const } } };
    const failed = await streamFailure(
      runtime.streamGenerate(userRequest('x', { tools }), context({ FAKE_CLAUDE_RECORD_FILE: record })),
    );
    asError(failed.error, 'INVALID_REQUEST');
    await expect(readFile(record, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
