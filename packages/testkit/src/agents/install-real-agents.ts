import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One coding agent as npm ships it, at the version the regression suite is pinned to. */
export interface PinnedAgent {
  package: string;
  version: string;
  /** Its command (`node_modules/.bin/<bin>`). */
  bin: string;
  /**
   * The install script npm 11 holds back (dependency scripts need `allowScripts`): it links
   * the platform package's native binary into place. Run in the package's directory.
   */
  setup?: string;
}

/** The agents and versions the suite runs (FIELD-NOTES: "versions tried"). */
export const PINNED_AGENTS = {
  claude: { package: '@anthropic-ai/claude-code', version: '2.1.332', bin: 'claude', setup: 'install.cjs' },
  codex: { package: '@openai/codex', version: '0.171.0', bin: 'codex' },
  opencode: { package: 'opencode-ai', version: '1.18.33', bin: 'opencode', setup: 'postinstall.mjs' },
} as const satisfies Record<string, PinnedAgent>;

/** Agent name → its command's absolute path. */
export type InstalledAgents = Record<keyof typeof PINNED_AGENTS, string> & { binDirectory: string };

/** Options for {@link installRealAgents}. */
export interface InstallRealAgentsOptions {
  /** Where installs are cached, one directory per set of versions. Default: the OS temp dir. */
  cacheRoot?: string;
  /** Environment of `npm` and the setup scripts (PATH, npm registry settings). */
  environment: NodeJS.ProcessEnv;
  /** Node binary for the setup scripts. Default: this process's. */
  node?: string;
  /** How long to wait for another process installing the same set, ms. Default 10 minutes. */
  waitMs?: number;
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else
        reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-2000)}`));
    });
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the install lock (a directory holding the owner's pid); a dead owner's lock is broken. */
async function lock(path: string, waitMs: number, ready: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await mkdir(path);
      await writeFile(join(path, 'pid'), String(process.pid));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await ready()) return false;
    const owner = Number(await readFile(join(path, 'pid'), 'utf8').catch(() => ''));
    if (Number.isInteger(owner) && owner > 0 && !pidIsAlive(owner)) await rm(path, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another process installing agents (${path}).`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function install(target: string, options: InstallRealAgentsOptions, node: string): Promise<void> {
  const staging = `${target}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'package.json'), '{"name":"switchboard-real-agents","private":true}\n');
  const specs = Object.values(PINNED_AGENTS).map((agent) => `${agent.package}@${agent.version}`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...specs], {
    cwd: staging,
    env: options.environment,
  });
  for (const agent of Object.values(PINNED_AGENTS) as PinnedAgent[]) {
    if (agent.setup === undefined) continue;
    await run(node, [agent.setup], { cwd: join(staging, 'node_modules', agent.package), env: options.environment });
  }
  await rename(staging, target);
}

/**
 * Installs the pinned Claude Code, Codex and opencode from npm into a cache directory outside
 * the repository (once per machine and set of versions; concurrent callers wait for one
 * install), runs the install steps npm 11 holds back, and checks each answers `--version`
 * with its pinned version. Any failure throws with the reason: an agent that cannot run here
 * must fail a test, never skip it.
 */
export async function installRealAgents(options: InstallRealAgentsOptions): Promise<InstalledAgents> {
  const node = options.node ?? process.execPath;
  const versions = Object.values(PINNED_AGENTS)
    .map((agent) => `${agent.package}@${agent.version}`)
    .join(' ');
  const key = createHash('sha256').update(versions).digest('hex').slice(0, 12);
  const root = options.cacheRoot ?? tmpdir();
  const target = join(root, `switchboard-real-agents-${key}`);
  const ready = () => exists(join(target, 'node_modules', '.bin'));
  if (!(await ready())) {
    const lockPath = `${target}.lock`;
    if (await lock(lockPath, options.waitMs ?? 600_000, ready)) {
      try {
        if (!(await ready())) await install(target, options, node);
      } finally {
        await rm(lockPath, { recursive: true, force: true });
      }
    }
  }
  const binDirectory = join(target, 'node_modules', '.bin');
  const installed = { binDirectory } as InstalledAgents;
  for (const [name, agent] of Object.entries(PINNED_AGENTS) as [keyof typeof PINNED_AGENTS, PinnedAgent][]) {
    const path = join(binDirectory, agent.bin);
    const printed = await run(path, ['--version'], { cwd: target, env: { ...options.environment, HOME: target } });
    if (!printed.includes(agent.version))
      throw new Error(
        `${agent.package}: expected version ${agent.version}, \`${agent.bin} --version\` printed: ${printed.trim()}`,
      );
    installed[name] = path;
  }
  return installed;
}
