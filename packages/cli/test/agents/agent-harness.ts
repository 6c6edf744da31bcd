import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  installRealAgents,
  type InstalledAgents,
  type ScriptedExchange,
  type UpstreamBehavior,
} from '@switchboard/testkit';
import { createUpstreamHome, type UpstreamHome } from '../helpers/fake-upstream-home.js';
import { runSb, type SbResult } from '../helpers/sb-process.js';

/** What the tool round trip reads: the model's second turn quotes it, so it proves the result came back. */
export const NOTE_CONTENT = 'the-notes-say-7f2b91';
/** A prompt containing this asks the fake model to call the agent's file-reading tool. */
export const TOOL_PROMPT = 'TOOLTEST: read the file notes.txt in this directory and tell me what it says.';
/** The fake model's answer once the file's content has come back to it. */
export const TOOL_ANSWER = `The notes say ${NOTE_CONTENT}.`;

/** One Claude model and one GPT model, each served by its own fake upstream wire format. */
export const AGENT_MODELS = { claude: 'claude-haiku-4-5', gpt: 'gpt-5-mini' } as const;

/** Keeps the agents off the internet (there is none here) and quiet: no updates, no telemetry. */
const AGENT_ENVIRONMENT: Record<string, string> = {
  DISABLE_AUTOUPDATER: '1',
  DISABLE_TELEMETRY: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  OPENCODE_DISABLE_AUTOUPDATE: '1',
  OPENCODE_DISABLE_MODELS_FETCH: '1',
  OPENCODE_DISABLE_SHARE: '1',
};

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Tool names a request offers: Anthropic, Responses and chat tools, Gemini function declarations. */
export function offeredTools(body: unknown): string[] {
  const tools = record(body)['tools'];
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool: unknown): string[] => {
    const entry = record(tool);
    if (typeof entry['name'] === 'string') return [entry['name']];
    const declarations = entry['functionDeclarations'];
    if (Array.isArray(declarations)) return declarations.map((declaration) => String(record(declaration)['name']));
    const fn = record(entry['function']);
    return typeof fn['name'] === 'string' ? [fn['name']] : [];
  });
}

/**
 * The fake model's script: a request that carries the file's content back answers with
 * {@link TOOL_ANSWER}; a request asking {@link TOOL_PROMPT} that offers the agent's file tool
 * calls it (Claude Code `Read`, Codex `exec_command`, opencode `read`); anything else (plain
 * prompts, titles, summaries) gets the fake's echo.
 */
function script(project: string): (exchange: ScriptedExchange) => UpstreamBehavior | undefined {
  const notes = join(project, 'notes.txt');
  return ({ body }) => {
    const text = JSON.stringify(body);
    if (text.includes(NOTE_CONTENT)) return { kind: 'text', text: TOOL_ANSWER };
    if (!text.includes('TOOLTEST')) return undefined;
    const tools = offeredTools(body);
    if (tools.includes('Read')) return { kind: 'tool-call', name: 'Read', arguments: { file_path: notes } };
    if (tools.includes('exec_command'))
      return { kind: 'tool-call', name: 'exec_command', arguments: { cmd: 'cat notes.txt', workdir: project } };
    if (tools.includes('read')) return { kind: 'tool-call', name: 'read', arguments: { filePath: notes } };
    return undefined;
  };
}

/** A gateway access-log line. */
export interface AccessLine {
  path: string;
  status: number;
  model?: string;
  errorField?: string;
}

/**
 * The real agents, a fake upstream and a logged-in home. Each `sb run` serves the local
 * gateway (`sb serve --local`'s, in its own process) for its agent: its access log is complete
 * when the run ends, so every line can be checked. Reusing a running `sb serve --local` is
 * covered by run-agent.test.ts.
 */
export interface AgentHarness {
  agents: InstalledAgents;
  upstream: UpstreamHome['upstream'];
  /** `sb run --model <model> -- <agent> …args` in the project directory. */
  run(agent: keyof Omit<InstalledAgents, 'binDirectory'>, model: string, args: readonly string[]): Promise<SbResult>;
  /** Whether a request the upstream received since its last reset contained `text`. */
  sentToUpstream(text: string): boolean;
  /** Access-log lines written since the last call. */
  takeAccessLines(): Promise<AccessLine[]>;
  close(): Promise<void>;
}

export async function startAgentHarness(): Promise<AgentHarness> {
  // Installs once per machine (cached outside the repository); a failure throws its reason.
  const agents = await installRealAgents({ environment: process.env });
  const project = await mkdtemp(join(tmpdir(), 'sb-agents-project-'));
  await writeFile(join(project, 'notes.txt'), `${NOTE_CONTENT}\n`);
  const home = await createUpstreamHome('', { script: script(project) });
  await home.login('openai', 'sk-agents-suite-openai-0001');
  await home.login('anthropic', 'sk-ant-agents-suite-0001');
  await home.login('gemini', 'AIzaAgentsSuiteGemini0001');
  const environment = { ...home.home.environment, ...AGENT_ENVIRONMENT };
  const logFile = join(home.home.home, 'logs', 'gateway.log');
  let linesRead = 0;
  return {
    agents,
    upstream: home.upstream,
    run(agent, model, args) {
      return runSb(['run', '--model', model, '--', agents[agent], ...args], {
        environment,
        cwd: project,
        timeoutMs: 120_000,
      });
    },
    sentToUpstream(text) {
      return home.upstream.requests.some((request) => JSON.stringify(request.body).includes(text));
    },
    async takeAccessLines() {
      // Each `sb run` serves its own gateway, which writes out its log before `sb run` exits.
      const lines = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      const fresh = lines.slice(linesRead);
      linesRead = lines.length;
      return fresh
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line['msg'] === 'request')
        .map((line) => line as unknown as AccessLine);
    },
    async close() {
      await home.close();
      await rm(project, { recursive: true, force: true });
    },
  };
}

/**
 * One harness for a test file: started before its tests (installing the agents on first use,
 * hence the long timeout), the upstream's record cleared before each test, closed after.
 */
export function useAgentHarness(): () => AgentHarness {
  let harness: AgentHarness | undefined;
  beforeAll(async () => {
    harness = await startAgentHarness();
  }, 300_000);
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(() => harness?.upstream.reset());
  return () => {
    if (!harness) throw new Error('the agent harness did not start');
    return harness;
  };
}

/** How the fake model's echo names the upstream that answered. */
export function upstreamTag(family: string): string {
  return family === 'claude' ? '[anthropic:' : family === 'gemini' ? '[gemini:' : '[openai:';
}

/** Every request the agent made since the last check was served (no 4xx or 5xx from the gateway). */
export async function expectAllServed(harness: AgentHarness): Promise<void> {
  const lines = await harness.takeAccessLines();
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.filter((line) => line.status >= 400)).toEqual([]);
}

/** What one agent's test cases get: the harness, the model of this round, and helpers. */
export interface AgentCase {
  harness: () => AgentHarness;
  family: keyof typeof AGENT_MODELS;
  model: string;
  /** How the fake model's echo names the upstream that serves `model`. */
  tag: string;
}

/** The agent's cases, once with a Claude model and once with a GPT model, on one harness. */
export function describeAgent(name: string, cases: (agentCase: AgentCase) => void): void {
  const harness = useAgentHarness();
  describe.each(Object.entries(AGENT_MODELS) as [keyof typeof AGENT_MODELS, string][])(
    `${name} with a %s model`,
    (family, model) => cases({ harness, family, model, tag: upstreamTag(family) }),
  );
}
