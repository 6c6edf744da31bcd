#!/usr/bin/env node
// Chat TUI latency, measured in a real pseudo-terminal (util-linux `script`, 80×24):
//   - time from spawning `sb` to its first frame on screen, and to the loaded frame (model on
//     the status line), beside `node -e 0` spawned the same way in the same run;
//   - keystroke → screen in the /model picker (typing the filter);
//   - Enter on a model → "Switched to …" on screen.
// Usage: node bench/tui.js [starts=20] [keystrokes=60] [switches=20]   (after `npm run build`)
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openSwitchboard } from '@switchboard/core';
import { median, percentile, printTable } from './lib/stats.js';

const starts = Number(process.argv[2] ?? 20);
const keystrokes = Number(process.argv[3] ?? 60);
const switches = Number(process.argv[4] ?? 20);
const sb = fileURLToPath(new URL('../packages/cli/bin/sb.js', import.meta.url));
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][A-Z0-9]|\u001b[=>78]/gu;
const TIMEOUT_MS = 20_000;

/** Every pty started, so a failed run still ends them all. */
const running = new Set();

const quote = (value) => `'${String(value).replaceAll("'", `'\\''`)}'`;

/** Runs `node …args` on a fresh pty of 80×24; output is kept with the time each chunk arrived. */
function startOnPty(args, environment) {
  const command = `stty cols 80 rows 24; exec ${[process.execPath, ...args].map(quote).join(' ')}`;
  const startedAt = performance.now();
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: environment, stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  let text = '';
  const waiters = new Set();
  child.stdout.on('data', (chunk) => {
    const at = performance.now();
    text += chunk.toString('utf8').replace(ANSI, '');
    for (const waiter of waiters) waiter(at);
  });
  const exited = new Promise((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve(performance.now());
    }),
  );
  return {
    startedAt,
    exited,
    /** Where the screen text is now: later waits look only at what arrives after it. */
    mark: () => text.length,
    /** Resolves with the time the text after `from` first matched `pattern`. */
    waitFor(pattern, from = 0) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `timed out waiting for ${pattern}; output since: ${JSON.stringify(text.slice(from, from + 300))}`,
            ),
          );
        }, TIMEOUT_MS);
        const check = (at) => {
          if (!pattern.test(text.slice(from))) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(at);
        };
        waiters.add(check);
        check(performance.now());
      });
    },
    write(data) {
      child.stdin.write(data);
      return performance.now();
    },
    kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const root = await mkdtemp(join(tmpdir(), 'sb-bench-tui-'));
const home = join(root, 'switchboard');
try {
  const environment = {
    SWITCHBOARD_HOME: home,
    HOME: root,
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
  };
  const switchboard = await openSwitchboard({ environment, storeKind: 'file' });
  await switchboard.auth.login('anthropic', { method: 'api-key', apiKey: 'sk-ant-bench-000000000000000000' });
  await switchboard.auth.login('mistral', { method: 'api-key', apiKey: 'mistral-bench-0000000000000000' });
  await switchboard.auth.login('google', { method: 'api-key', apiKey: 'AIza-bench-00000000000000000000' });
  await writeFile(join(home, 'config.toml'), 'model = "claude-sonnet-4-5"\n\n[auth]\nstore = "file"\n');

  // 1. Start-up, interleaved with the baseline so drift hits both alike (2 warm-ups each).
  const baseline = [];
  const firstFrame = [];
  const loaded = [];
  for (let round = 0; round < starts + 2; round += 1) {
    const node = startOnPty(['-e', '0'], environment);
    const nodeExit = (await node.exited) - node.startedAt;
    const chat = startOnPty([sb], environment);
    const frameAt = await chat.waitFor(/╭/u);
    const loadedAt = await chat.waitFor(/ tokens · \$/u);
    await chat.kill();
    if (round < 2) continue;
    baseline.push(nodeExit);
    firstFrame.push(frameAt - chat.startedAt);
    loaded.push(loadedAt - chat.startedAt);
  }

  // 2. One chat for the interactive figures.
  const chat = startOnPty([sb], environment);
  await chat.waitFor(/ tokens · \$/u);
  chat.write('/model');
  await pause(50);
  let from = chat.mark();
  chat.write('\r');
  await chat.waitFor(/Pick a model/u, from);

  // Keystroke → screen: type "claude" letter by letter (every prefix still lists models), then clear it.
  const keyTimes = [];
  const word = 'claude';
  while (keyTimes.length < keystrokes) {
    for (let index = 1; index <= word.length && keyTimes.length < keystrokes; index += 1) {
      await pause(25);
      from = chat.mark();
      const sent = chat.write(word[index - 1]);
      const shown = await chat.waitFor(new RegExp(`filter:\\s*${word.slice(0, index)}(?!\\w)`, 'u'), from);
      keyTimes.push(shown - sent);
    }
    await pause(25);
    from = chat.mark();
    chat.write('\u0015');
    await chat.waitFor(/filter:\s*✅/u, from);
  }

  // Enter on a model → confirmation, alternating between two models of the same login.
  const switchTimes = [];
  const targets = [
    ['opus 4.1', 'Switched to Claude Opus 4.1 \\(Claude · API key\\)'],
    ['sonnet 4.5', 'Switched to Claude Sonnet 4.5 \\(Claude · API key\\)'],
  ];
  // The keystroke rounds end with the filter cleared: the picker is open and empty.
  for (let index = 0; index < switches + 2; index += 1) {
    const [filter, confirmation] = targets[index % 2];
    if (index > 0) {
      await pause(50);
      from = chat.mark();
      chat.write('/model');
      await pause(50);
      chat.write('\r');
      await chat.waitFor(/Pick a model/u, from);
    }
    await pause(50);
    from = chat.mark();
    chat.write(filter);
    await chat.waitFor(new RegExp(`filter:\\s*${filter}`, 'u'), from);
    await pause(50);
    from = chat.mark();
    const sent = chat.write('\r');
    const shown = await chat.waitFor(new RegExp(confirmation, 'u'), from);
    if (index >= 2) switchTimes.push(shown - sent);
  }
  await chat.kill();

  const base = median(baseline);
  const row = (name, times, ratio = true) => [
    name,
    times.length,
    median(times).toFixed(1),
    percentile(times, 90).toFixed(1),
    ratio ? `${(median(times) / base).toFixed(2)}×` : '—',
  ];
  printTable(
    ['measure', 'n', 'median ms', 'p90 ms', 'vs node -e 0'],
    [
      row('node -e 0 (spawn → exit, on a pty)', baseline),
      row('sb: spawn → first frame', firstFrame),
      row('sb: spawn → loaded (model on status line)', loaded),
      row('picker: keystroke → screen', keyTimes, false),
      row('picker: Enter → "Switched to …" on screen', switchTimes, false),
    ],
  );
  console.log(
    `\nGoals: first frame ≤ 400 ms (median ${median(firstFrame).toFixed(0)} ms); switch confirmation ≤ 50 ms (median ${median(switchTimes).toFixed(1)} ms, p90 ${percentile(switchTimes, 90).toFixed(1)} ms).`,
  );
} finally {
  // Killing `script` closes the pty; sb gets SIGHUP and ends with it.
  for (const child of running) child.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
}
