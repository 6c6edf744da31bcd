#!/usr/bin/env node
// Why the event log is not written through pino: every short-lived `sb` process that signs in,
// switches or refreshes writes one line and exits. This measures, in fresh processes and
// interleaved so drift hits all rows alike, the median wall time of: `node -e 0`; one line
// through core's event log (createEventLog, a sync O_APPEND write); one line through pino with a
// synchronous destination (what pino needs to lose nothing when the process exits right after).
// Usage: node bench/event-log-writer.js [runs=30] [warmups=3]   (after `npm run build`)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTimes, timeProcesses } from './lib/time-processes.js';

const runs = Number(process.argv[2] ?? 30);
const warmups = Number(process.argv[3] ?? 3);
const eventLogModule = fileURLToPath(new URL('../packages/core/dist/events/create-event-log.js', import.meta.url));
const pinoModule = fileURLToPath(new URL('../node_modules/pino/pino.js', import.meta.url));

const root = await mkdtemp(join(tmpdir(), 'sb-bench-eventlog-'));
try {
  const line = "{kind:'login.succeeded',provider:'openai',method:'oauth'}";
  const rows = [
    { name: 'node -e 0', code: '0' },
    {
      name: 'one line, core event log',
      code: `import(${JSON.stringify(eventLogModule)}).then(({ createEventLog }) => createEventLog({ path: ${JSON.stringify(join(root, 'core.jsonl'))}, process: 'cli' }).write(${line}))`,
    },
    {
      name: 'one line, pino (sync destination)',
      code: `const pino = require(${JSON.stringify(pinoModule)}); pino({ base: { pid: process.pid }, redact: ['token'] }, pino.destination({ dest: ${JSON.stringify(join(root, 'pino.jsonl'))}, sync: true, append: true })).info(${line})`,
    },
  ];
  const times = timeProcesses(
    rows.map((row) => ({ name: row.name, args: ['-e', row.code] })),
    { runs, warmups },
  );
  printTimes(times, {
    label: 'writer',
    baseline: 'node -e 0',
    compareHeader: 'over node -e 0',
    compare: (value, base) => `${value >= base ? '+' : ''}${(value - base).toFixed(1)} ms`,
  });

  console.log(`\nNode ${process.version}, ${runs} runs after ${warmups} warm-ups.`);
} finally {
  await rm(root, { recursive: true, force: true });
}
