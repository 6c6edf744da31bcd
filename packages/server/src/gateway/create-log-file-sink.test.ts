import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogFileSink, type LogFileSystem } from './create-log-file-sink.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-log-sink-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const flushed = (sink: ReturnType<typeof createLogFileSink>): Promise<void> =>
  new Promise((resolve) => sink.flush(() => resolve()));

describe('createLogFileSink', () => {
  it('appends lines in batches and writes the rest on flush', async () => {
    const file = join(dir, 'logs', 'gateway.log');
    const sink = createLogFileSink({ file, bufferBytes: 16 });
    sink.write('{"a":1}\n');
    sink.write('{"b":22222222}\n');
    sink.write('{"c":3}\n');
    await flushed(sink);
    await sink.close();
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"b":22222222}\n{"c":3}\n');
    expect(sink.dropped).toBe(0);
  });

  it('writes every line whole and in order, non-ASCII and long ones too, across buffers filled during a slow write', async () => {
    const chunks: Buffer[] = [];
    let release: (() => void) | undefined;
    const slow: LogFileSystem = {
      open: () => 7,
      write: (_fd, data, callback) => {
        // The bytes are copied when the write is made (the sink may reuse its buffer after).
        chunks.push(Buffer.from(data));
        release = () => callback(null, data.length);
      },
      close: () => undefined,
    };
    const sink = createLogFileSink({ file: 'x', bufferBytes: 64, fs: slow, warn: () => {} });
    const lines = Array.from({ length: 400 }, (_, index) =>
      index % 50 === 7 ? `{"long":"${'ü✓'.repeat(9_000)}"}\n` : `{"line":${index},"text":"wörld ✓ 日本"}\n`,
    );
    for (const [index, line] of lines.entries()) {
      sink.write(line);
      // The first write hangs while the next 100 lines arrive; then writes finish as they are made.
      if (index === 100 || (index > 100 && release)) {
        const done = release;
        release = undefined;
        done?.();
      }
    }
    const flushing = flushed(sink);
    while (release) {
      const done = release;
      release = undefined;
      done();
    }
    await flushing;
    expect(Buffer.concat(chunks).toString('utf8')).toBe(lines.join(''));
    expect(sink.dropped).toBe(0);
  });

  it('on a full disk (/dev/full) drops lines, says so once, and closes at once', async () => {
    const notices: string[] = [];
    const sink = createLogFileSink({ file: '/dev/full', bufferBytes: 8, warn: (line) => notices.push(line) });
    for (let i = 0; i < 50; i += 1) sink.write(`{"line":${i}}\n`);
    await flushed(sink);
    sink.write('{"late":true}\n');
    const started = Date.now();
    await sink.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/cannot write the gateway log \/dev\/full \(ENOSPC\).*keeps serving/);
    expect(sink.dropped).toBe(51);
  });

  it('keeps a bounded backlog while a write hangs, and close gives up after its bound', async () => {
    const hanging: LogFileSystem = {
      open: () => 99,
      write: () => undefined,
      close: () => undefined,
    };
    const sink = createLogFileSink({ file: 'x', bufferBytes: 8, maxPendingBytes: 64, fs: hanging, warn: () => {} });
    for (let i = 0; i < 100; i += 1) sink.write(`{"line":${i}}\n`);
    expect(sink.dropped).toBeGreaterThan(80);
    const started = Date.now();
    await sink.close(100);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('writes the same bytes again after EAGAIN (a pipe full for now) and loses nothing', async () => {
    const written: string[] = [];
    let busy = 2;
    const pipe: LogFileSystem = {
      open: () => 1,
      write: (_fd, data, callback) => {
        if (busy > 0) {
          busy -= 1;
          callback(Object.assign(new Error('busy'), { code: 'EAGAIN' }), 0);
          return;
        }
        written.push(data.toString());
        callback(null, data.length);
      },
      close: () => undefined,
    };
    const notices: string[] = [];
    const sink = createLogFileSink({ file: 'x', bufferBytes: 8, fs: pipe, warn: (line) => notices.push(line) });
    sink.write('{"line":1}\n');
    sink.write('{"line":2}\n');
    await flushed(sink);
    await sink.close();
    expect(written.join('')).toBe('{"line":1}\n{"line":2}\n');
    expect(sink.dropped).toBe(0);
    expect(notices).toEqual([]);
  });

  it('says once that lines are dropped when a stalled reader lets the backlog reach its bound', async () => {
    const stalled: LogFileSystem = {
      open: () => 1,
      write: (_fd, _data, callback) => callback(Object.assign(new Error('full'), { code: 'EAGAIN' }), 0),
      close: () => undefined,
    };
    const notices: string[] = [];
    const sink = createLogFileSink({
      file: '/dev/stdout',
      name: 'the gateway log to standard output',
      bufferBytes: 8,
      maxPendingBytes: 64,
      fs: stalled,
      warn: (line) => notices.push(line),
    });
    for (let i = 0; i < 40; i += 1) sink.write(`{"line":${i}}\n`);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/cannot write the gateway log to standard output \(not keeping up\).*keeps serving/);
    await sink.close(100);
    expect(sink.dropped).toBeGreaterThan(30);
  });

  it('recovers when the disk frees up: later lines are written again', async () => {
    let full = true;
    const written: string[] = [];
    const flaky: LogFileSystem = {
      open: () => 7,
      write: (_fd, data, callback) =>
        full
          ? callback(Object.assign(new Error('no space'), { code: 'ENOSPC' }), 0)
          : (written.push(data.toString()), callback(null, data.length)),
      close: () => undefined,
    };
    const notices: string[] = [];
    const sink = createLogFileSink({ file: 'x', fs: flaky, warn: (line) => notices.push(line) });
    sink.write('lost\n');
    await flushed(sink);
    full = false;
    sink.write('kept\n');
    await flushed(sink);
    expect(written).toEqual(['kept\n']);
    expect(sink.dropped).toBe(1);
    expect(notices).toHaveLength(1);
  });

  it('refuses to append through a symlink planted at the log path', async () => {
    const target = join(dir, 'elsewhere.txt');
    await writeFile(target, 'original\n');
    const file = join(dir, 'gateway.log');
    await symlink(target, file);
    const notices: string[] = [];
    const sink = createLogFileSink({ file, warn: (line) => notices.push(line) });
    sink.write('{"x":1}\n');
    await flushed(sink);
    await sink.close();
    expect(await readFile(target, 'utf8')).toBe('original\n');
    expect(notices.join('')).toMatch(/ELOOP/);
  });
});
