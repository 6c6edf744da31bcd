import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFakeCodex, installFakeGemini } from '@switchboard/testkit';
import {
  BUILTIN_PROVIDER_PROFILES,
  createProviderRegistry,
  detectCliBridge,
  isSwitchboardError,
  type AdapterCallContext,
  type CliBridgeMethod,
  type SwitchboardError,
} from '../src/index.js';
import { collect, streamFailure, textOf, userRequest } from './providers-fixtures.js';

// The gemini-cli and codex-cli bridges against testkit's fake `gemini` and `codex`, which speak
// the real CLIs' stream formats and refuse what the real CLIs refuse.

let directory: string;
let signedInHome: string;
let signedOutHome: string;
const commands: Record<'gemini-cli' | 'codex-cli', string> = { 'gemini-cli': '', 'codex-cli': '' };
const registry = createProviderRegistry();

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sb-bridges-'));
  commands['gemini-cli'] = await installFakeGemini(join(directory, 'bin'));
  commands['codex-cli'] = await installFakeCodex(join(directory, 'bin'));
  signedInHome = join(directory, 'home-in');
  signedOutHome = join(directory, 'home-out');
  await mkdir(join(signedInHome, '.gemini'), { recursive: true });
  await mkdir(join(signedInHome, '.codex'), { recursive: true });
  await mkdir(signedOutHome, { recursive: true });
  await writeFile(
    join(signedInHome, '.gemini', 'settings.json'),
    JSON.stringify({ security: { auth: { selectedType: 'oauth-personal' } } }),
  );
  await writeFile(join(signedInHome, '.gemini', 'oauth_creds.json'), '{"refresh_token":"CANARY-not-ours"}');
  await writeFile(join(signedInHome, '.gemini', 'google_accounts.json'), '{"active":"grace@example.com","old":[]}');
  await writeFile(join(signedInHome, '.codex', 'auth.json'), '{"auth_mode":"chatgpt","tokens":{}}');
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const ROUTES = {
  'gemini-cli': { model: 'gemini-2.5-pro', provider: 'google', upstreamId: 'gemini-2.5-pro', transport: 'gemini-cli' },
  'codex-cli': { model: 'gpt-6.2-sol', provider: 'openai', upstreamId: 'gpt-6.2-sol', transport: 'codex-cli' },
} as const;
const VARIABLES = { 'gemini-cli': 'SWITCHBOARD_GEMINI_COMMAND', 'codex-cli': 'SWITCHBOARD_CODEX_COMMAND' } as const;

function context(
  method: 'gemini-cli' | 'codex-cli',
  extra: Record<string, string> = {},
  home = signedInHome,
): AdapterCallContext {
  const route = ROUTES[method];
  return {
    route: { ...route, method },
    profile: BUILTIN_PROVIDER_PROFILES[route.provider],
    credential: { provider: route.provider, method },
    fetch: globalThis.fetch,
    environment: { PATH: process.env['PATH'], HOME: home, [VARIABLES[method]]: commands[method], ...extra },
  };
}

function asError(error: unknown, code: string): SwitchboardError {
  expect(isSwitchboardError(error)).toBe(true);
  expect((error as SwitchboardError).code, (error as SwitchboardError).message).toBe(code);
  return error as SwitchboardError;
}

interface Recorded {
  argv: string[];
  prompt: string;
  cwd: string;
  cwdEntries: string[];
  envKeys: string[];
  pid: number;
  [key: string]: unknown;
}

async function records(file: string): Promise<Recorded[]> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Recorded);
}

const RECORD = { 'gemini-cli': 'FAKE_GEMINI_RECORD_FILE', 'codex-cli': 'FAKE_CODEX_RECORD_FILE' } as const;
const KEYS = {
  'gemini-cli': { GEMINI_API_KEY: 'AIzaCANARY-gemini-key-123456', GOOGLE_API_KEY: 'AIzaCANARY-google-key-123456' },
  'codex-cli': { OPENAI_API_KEY: 'sk-CANARY-openai-key-123456', CODEX_API_KEY: 'sk-CANARY-codex-key-123456' },
} as const;

describe.each(['gemini-cli', 'codex-cli'] as const)('%s bridge', (method) => {
  const runtime = () => registry.forRoute(ROUTES[method]);

  it('streams the answer and finishes with usage', async () => {
    const events = await collect(runtime().streamGenerate(userRequest('hello bridge'), context(method)));
    expect(events[0]?.type).toBe('start');
    expect(textOf(events)).toBe(`[${method}:${ROUTES[method].upstreamId}] you said: hello bridge`);
    const last = events.at(-1);
    expect(last?.type).toBe('finish');
    if (last?.type === 'finish') expect(last.usage.inputTokens).toBeGreaterThan(0);
    const result = await runtime().generate(userRequest('once'), context(method));
    expect(result.text).toContain('you said: once');
  });

  it('runs in an empty private directory with tools and MCP off, the prompt on stdin and no API key', async () => {
    const record = join(directory, `${method}-${Date.now()}.jsonl`);
    const secret = 'private prompt CANARY-prompt-42';
    await collect(
      runtime().streamGenerate(
        userRequest(secret, { system: 'Be brief.' }),
        context(method, { [RECORD[method]]: record, ...KEYS[method] }),
      ),
    );
    const [run] = await records(record);
    expect(run!.cwdEntries).toEqual([]);
    expect(run!.cwd).toMatch(/switchboard-bridge-[^/]+\/work$/);
    expect(run!.argv.join(' ')).not.toContain('CANARY');
    expect(run!.prompt).toContain(secret);
    expect(run!.prompt).toContain('Be brief.');
    for (const key of Object.keys(KEYS[method])) expect(run!.envKeys).not.toContain(key);
    if (method === 'gemini-cli') {
      expect(run).toMatchObject({
        authType: 'oauth-personal',
        toolsDenied: true,
        mcpBlocked: true,
        extensionsDisabled: true,
        sandbox: 'false',
      });
    } else {
      expect(run).toMatchObject({ login: 'chatgpt', sandbox: 'read-only', ignoreUserConfig: true });
      expect(run!['disabledFeatures']).toEqual(
        expect.arrayContaining(['shell_tool', 'unified_exec', 'apps', 'plugins']),
      );
      expect(run!['overrides']).toMatchObject({ mcp_servers: '{}', web_search: '"disabled"' });
    }
    // The private directory is gone afterwards.
    await expect(readFile(join(run!.cwd, '..', 'x'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('not signed in → LOGIN_REQUIRED naming the exact command, before any output', async () => {
    const failed = await streamFailure(runtime().streamGenerate(userRequest(), context(method, {}, signedOutHome)));
    expect(failed.yielded).toEqual([]);
    expect(asError(failed.error, 'LOGIN_REQUIRED').hint).toContain(
      method === 'gemini-cli' ? '`gemini`' : '`codex login`',
    );
  });

  it('not installed → LOGIN_REQUIRED with install guidance', async () => {
    const missing = context(method, { [VARIABLES[method]]: join(directory, 'nowhere', 'cli') });
    const failed = await streamFailure(runtime().streamGenerate(userRequest(), missing));
    expect(asError(failed.error, 'LOGIN_REQUIRED').hint).toMatch(/npm install -g/);
    expect((await runtime().validateCredential(missing)).error?.code).toBe('LOGIN_REQUIRED');
    expect(await runtime().validateCredential(context(method))).toEqual({ valid: true });
  });

  it('a plan limit → RATE_LIMITED; a crash mid-answer → the partial text, then PROVIDER_UNAVAILABLE', async () => {
    const limitMode = method === 'gemini-cli' ? { FAKE_GEMINI_MODE: 'quota' } : { FAKE_CODEX_MODE: 'usage-limit' };
    asError(
      (await streamFailure(runtime().streamGenerate(userRequest(), context(method, limitMode)))).error,
      'RATE_LIMITED',
    );
    const crash =
      method === 'gemini-cli' ? { FAKE_GEMINI_MODE: 'crash-mid-stream' } : { FAKE_CODEX_MODE: 'crash-mid-stream' };
    const events = await collect(
      runtime().streamGenerate(userRequest('one two three four\n\nfive six'), context(method, crash)),
    );
    expect(textOf(events).length).toBeGreaterThan(0);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type === 'error') asError(last.error, 'PROVIDER_UNAVAILABLE');
  });

  it('cancelling the request kills the CLI: no process is left behind', async () => {
    const record = join(directory, `${method}-cancel-${Date.now()}.jsonl`);
    const hang = method === 'gemini-cli' ? { FAKE_GEMINI_MODE: 'hang' } : { FAKE_CODEX_MODE: 'hang' };
    const controller = new AbortController();
    const pending = streamFailure(
      runtime().streamGenerate(
        userRequest('wait', { signal: controller.signal }),
        context(method, { ...hang, [RECORD[method]]: record }),
      ),
    );
    let pid: number | undefined;
    for (let attempt = 0; attempt < 500 && pid === undefined; attempt += 1) {
      pid = await readFile(record, 'utf8')
        .then((text) => (JSON.parse(text) as Recorded).pid)
        .catch(() => undefined);
      if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    controller.abort();
    asError((await pending).error, 'CANCELLED');
    expect(() => process.kill(pid!, 0)).toThrow();
  });

  it('reports the CLI login state without a model call', async () => {
    const environment = { PATH: process.env['PATH'], [VARIABLES[method]]: commands[method] };
    const signedIn = await detectCliBridge(method as CliBridgeMethod, {
      environment: { ...environment, HOME: signedInHome },
    });
    expect(signedIn).toMatchObject({ installed: true, signedIn: true });
    expect(signedIn.version).toMatch(/\d+\.\d+\.\d+/);
    const signedOut = await detectCliBridge(method, { environment: { ...environment, HOME: signedOutHome } });
    expect(signedOut).toMatchObject({ installed: true, signedIn: false });
    const missing = await detectCliBridge(method, {
      environment: { ...environment, [VARIABLES[method]]: join(directory, 'nowhere') },
    });
    expect(missing).toMatchObject({ installed: false, signedIn: false });
  });
});
