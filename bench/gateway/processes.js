// Child processes of the gateway benchmark: start one, wait for its ready line, read its peak
// RSS (VmHWM), stop it. Only ever on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Starts `node args…` and resolves with the child and the first JSON line it prints. */
export function startJsonProcess(args, { timeoutMs = 30_000, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start in time: ${stderr.slice(-500)}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      try {
        resolve({ child, info: JSON.parse(buffer.slice(0, newline)) });
      } catch (error) {
        reject(error);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(-500)}`));
    });
  });
}

/** Peak resident set size of a live process in MB (Linux /proc VmHWM). */
export function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Stops a child and waits for it to exit. */
export async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The bench's child processes, stopped together at the end or on Ctrl-C: `start` runs a JSON
 * process (as {@link startJsonProcess}) and keeps it; `track` keeps one spawned elsewhere.
 */
export function createProcessGroup() {
  const children = [];
  const stopAll = () => Promise.all(children.map((child) => stopProcess(child)));
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  return {
    async start(args, options) {
      const started = await startJsonProcess(args, options);
      children.push(started.child);
      return started;
    },
    track(child) {
      children.push(child);
      return child;
    },
    stopAll,
  };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `url` answers at all (any HTTP status). */
export async function waitForHttp(url, timeoutMs = 30_000) {
  const started = Date.now();
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() - started > timeoutMs) throw new Error(`${url} did not come up`);
      await sleep(100);
    }
  }
}

export const PORTKEY_VERSION = '1.15.2';

/**
 * Installs `@portkey-ai/gateway` into `directory` (outside the repository) unless it is there,
 * with the overrides FIELD-NOTES gives (a plain install answers streams with 500s). Returns the
 * path of its start script, or throws with the reason.
 */
export function ensurePortkey(directory) {
  const script = join(directory, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
  if (existsSync(script)) return script;
  mkdirSync(directory, { recursive: true });
  const manifest = {
    name: 'portkey-bench',
    private: true,
    dependencies: { '@portkey-ai/gateway': PORTKEY_VERSION },
    overrides: { '@hono/node-server': '1.13.5', hono: '4.9.7' },
  };
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const npm = join(dirname(process.execPath), 'npm');
  const result = spawnSync(existsSync(npm) ? npm : 'npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: directory,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0 || !existsSync(script)) {
    throw new Error(
      `npm install @portkey-ai/gateway@${PORTKEY_VERSION} failed: ${(result.stderr || result.error?.message || '').trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  return script;
}

/** CPU time (user + system) a live process has used so far, in ms (Linux /proc). */
export function cpuTimeMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/pid/stat (11 and 12 after the command name).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}
