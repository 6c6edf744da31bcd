import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventLog, eventLogFiles, readEventLog } from './create-event-log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-events-'));
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('createEventLog', () => {
  it('appends one line per event with time, pid and process, and reads them back filtered', async () => {
    const path = join(dir, 'logs', 'events.jsonl');
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const log = createEventLog({ path, process: 'gateway', pid: 42, now: () => clock });
    log.write({ kind: 'login.succeeded', provider: 'openai', method: 'oauth' });
    clock += 3_600_000;
    log.write({ kind: 'refresh.adopted', provider: 'openai' });
    log.write({ kind: 'switch.succeeded', provider: 'anthropic', from: 'openai', latencyMs: 4 });
    expect(await readFile(path, 'utf8')).toMatch(
      /^\{"time":"2026-12-01T10:00:00\.000Z","pid":42,"process":"gateway","kind":"login\.succeeded"/,
    );
    expect(readEventLog(path).entries.map((entry) => entry.kind)).toEqual([
      'login.succeeded',
      'refresh.adopted',
      'switch.succeeded',
    ]);
    expect(readEventLog(path, { since: Date.parse('2026-12-01T10:30:00Z'), provider: 'openai' }).entries).toEqual([
      { time: '2026-12-01T11:00:00.000Z', pid: 42, process: 'gateway', kind: 'refresh.adopted', provider: 'openai' },
    ]);
  });

  it('rotates past its size, keeping the older files, and reads across them in order', () => {
    const path = join(dir, 'events.jsonl');
    let clock = 1_000;
    const log = createEventLog({ path, process: 'cli', now: () => (clock += 1_000), maxBytes: 300, keep: 2 });
    for (let index = 0; index < 20; index += 1) log.write({ kind: 'logout', provider: `p${index}` });
    const { entries } = readEventLog(path, { keep: 2 });
    // Two old files of ~300 bytes plus the current one: the oldest lines were rotated away.
    expect(entries.length).toBeGreaterThan(4);
    expect(entries.length).toBeLessThan(20);
    expect(entries.at(-1)?.provider).toBe('p19');
    const providers = entries.map((entry) => Number(entry.provider!.slice(1)));
    expect(providers).toEqual([...providers].sort((a, b) => a - b));
    expect(eventLogFiles(path, 2)).toEqual([join(dir, 'events.2.jsonl'), join(dir, 'events.1.jsonl'), path]);
  });

  it('never follows a symlink planted at its path, and says so once', async () => {
    const target = join(dir, 'elsewhere.txt');
    await writeFile(target, 'untouched\n');
    const path = join(dir, 'events.jsonl');
    await symlink(target, path);
    const notices: string[] = [];
    const log = createEventLog({ path, process: 'cli', warn: (message) => notices.push(message) });
    log.write({ kind: 'logout', provider: 'openai' });
    log.write({ kind: 'logout', provider: 'openai' });
    expect(await readFile(target, 'utf8')).toBe('untouched\n');
    expect(notices).toEqual([
      expect.stringMatching(/cannot write the event log .*events\.jsonl \(ELOOP\); events are not recorded\./),
    ]);
  });

  it('keeps going in a read-only home: the write is dropped, nothing throws', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits: a full-disk stand-in the kernel enforces for everyone.
      const notices: string[] = [];
      const log = createEventLog({
        path: '/dev/full/events.jsonl',
        process: 'cli',
        warn: (message) => notices.push(message),
      });
      expect(() => log.write({ kind: 'logout' })).not.toThrow();
      expect(notices).toHaveLength(1);
      return;
    }
    await mkdir(join(dir, 'logs'));
    await chmod(join(dir, 'logs'), 0o500);
    const notices: string[] = [];
    const log = createEventLog({
      path: join(dir, 'logs', 'events.jsonl'),
      process: 'cli',
      warn: (message) => notices.push(message),
    });
    expect(() => log.write({ kind: 'logout' })).not.toThrow();
    expect(notices).toEqual([expect.stringMatching(/EACCES/)]);
  });
});
