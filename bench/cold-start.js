#!/usr/bin/env node
// Cold start: median wall time of `sb --version` and `sb auth status` (3 sessions stored)
// beside `node -e 0`, measured in the same run, interleaved so drift hits all rows alike.
// Usage: node bench/cold-start.js [runs=30] [warmups=3]   (after `npm run build`)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSwitchboard } from '@switchboard/core';
import { printTimes, timeProcesses } from './lib/time-processes.js';

const runs = Number(process.argv[2] ?? 30);
const warmups = Number(process.argv[3] ?? 3);
const sb = fileURLToPath(new URL('../packages/cli/bin/sb.js', import.meta.url));

const root = await mkdtemp(join(tmpdir(), 'sb-bench-cold-'));
const home = join(root, 'switchboard');
try {
  // Three stored sessions, written through the real store (encrypted file, key in auth.key).
  const environment = { SWITCHBOARD_HOME: home, HOME: root, PATH: `${dirname(process.execPath)}:/usr/bin:/bin` };
  const switchboard = await openSwitchboard({ environment, storeKind: 'file' });
  await switchboard.auth.login('anthropic', { method: 'api-key', apiKey: 'sk-ant-bench-000000000000000000' });
  await switchboard.auth.login('mistral', { method: 'api-key', apiKey: 'mistral-bench-0000000000000000' });
  await switchboard.auth.login('google', { method: 'api-key', apiKey: 'AIza-bench-00000000000000000000' });

  const commands = [
    { name: 'node -e 0', args: ['-e', '0'], exitCode: 0 },
    { name: 'sb --version', args: [sb, '--version'], exitCode: 0 },
    { name: 'sb auth status', args: [sb, 'auth', 'status'], exitCode: 0 },
    // bin/sb.js turns on Node's compile cache; this row shows what it saves.
    {
      name: 'sb auth status (no compile cache)',
      args: [sb, 'auth', 'status'],
      exitCode: 0,
      env: { NODE_DISABLE_COMPILE_CACHE: '1' },
    },
  ];
  const times = timeProcesses(commands, { runs, warmups, env: environment });

  printTimes(times, {
    label: 'command',
    baseline: 'node -e 0',
    compareHeader: 'vs node -e 0',
    compare: (value, base) => `${(value / base).toFixed(2)}×`,
  });

  console.log(`\nNode ${process.version}, ${runs} runs after ${warmups} warm-ups. Goal: ≤ 2× node -e 0.`);
} finally {
  await rm(root, { recursive: true, force: true });
}
