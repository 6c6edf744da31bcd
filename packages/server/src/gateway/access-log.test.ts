import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type LoggerOptions } from 'pino';
import { describe, expect, it } from 'vitest';
import { createAccessLog, type AccessLogFields } from './access-log.js';
import { createGatewayLogger, GATEWAY_REDACT_PATHS } from './create-gateway-logger.js';

const FULL: AccessLogFields = {
  reqId: 'req-1',
  method: 'POST',
  path: '/v1/chat/completions',
  status: 200,
  model: 'gpt-5',
  provider: 'openai',
  authMethod: 'api-key',
  credentialLevel: 'user',
  stream: true,
  agent: 'codex:4f2a',
  durationMs: 12.345,
  overheadMs: 0.081,
  errorCode: 'UPSTREAM',
  errorField: 'messages.1.role',
};

const SPARSE: AccessLogFields = {
  ...FULL,
  status: 400,
  model: undefined,
  provider: undefined,
  authMethod: undefined,
  credentialLevel: undefined,
  stream: false,
  agent: undefined,
  errorCode: 'INVALID_REQUEST',
  errorField: undefined,
};

/** Strings a caller controls (the model id) with everything JSON must escape, short and long. */
const AWKWARD: AccessLogFields = {
  ...FULL,
  model: 'a"b\\c\nd\te\u0001f\u2028g é 模型',
  agent: `${'x'.repeat(60)}"\\`,
  durationMs: Number.NaN,
  overheadMs: Number.POSITIVE_INFINITY,
};

/** The gateway logger's own settings (createGatewayLogger), with a fixed clock. */
const GATEWAY_SETTINGS: LoggerOptions = {
  level: 'info',
  base: { name: 'switchboard-gateway' },
  redact: { paths: GATEWAY_REDACT_PATHS, censor: '[redacted]' },
  timestamp: () => ',"time":1796450000000',
};

function capture(settings: LoggerOptions) {
  const lines: string[] = [];
  const logger = pino(settings, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

describe('createAccessLog', () => {
  it("writes, without pino's object walk, the very line logger.info writes", () => {
    for (const fields of [FULL, SPARSE, AWKWARD]) {
      const expected = capture(GATEWAY_SETTINGS);
      expected.logger.info(fields, 'request');
      const actual = capture(GATEWAY_SETTINGS);
      const accessLog = createAccessLog(actual.logger);
      // The line is put together from the logger's parts, not through its info method.
      actual.logger.info = () => {
        throw new Error('logger.info was called');
      };
      accessLog(fields);
      expect(actual.lines).toEqual(expected.lines);
      expect(actual.lines).toHaveLength(1);
    }
  });

  it("keeps a child logger's bindings and the real clock's time field", () => {
    const expected = capture({ ...GATEWAY_SETTINGS, timestamp: true });
    const actual = capture({ ...GATEWAY_SETTINGS, timestamp: true });
    expected.logger.child({ instance: 'a' }).info(FULL, 'request');
    createAccessLog(actual.logger.child({ instance: 'a' }))(FULL);
    const withoutTime = (line: string) => line.replace(/"time":\d+/, '"time":0');
    expect(actual.lines.map(withoutTime)).toEqual(expected.lines.map(withoutTime));
    expect(JSON.parse(actual.lines[0]!)).toMatchObject({ level: 30, instance: 'a', reqId: 'req-1', msg: 'request' });
  });

  it('writes nothing when the logger is set above info, and again once it is lowered', () => {
    const { logger, lines } = capture({ ...GATEWAY_SETTINGS, level: 'warn' });
    const accessLog = createAccessLog(logger);
    accessLog(FULL);
    expect(lines).toEqual([]);
    logger.level = 'info';
    accessLog(FULL);
    expect(lines).toHaveLength(1);
  });

  it('goes through logger.info when the logger adds to its lines (mixin, formatter, redaction of a field)', () => {
    const mixin = capture({ ...GATEWAY_SETTINGS, mixin: () => ({ host: 'h1' }) });
    createAccessLog(mixin.logger)(FULL);
    expect(JSON.parse(mixin.lines[0]!)).toMatchObject({ host: 'h1', reqId: 'req-1' });

    const formatted = capture({ ...GATEWAY_SETTINGS, formatters: { log: (object) => ({ ...object, shaped: true }) } });
    createAccessLog(formatted.logger)(FULL);
    expect(JSON.parse(formatted.lines[0]!)).toMatchObject({ shaped: true });

    const redacted = capture({ ...GATEWAY_SETTINGS, redact: { paths: ['model'], censor: '[redacted]' } });
    createAccessLog(redacted.logger)(FULL);
    expect(JSON.parse(redacted.lines[0]!)).toMatchObject({ model: '[redacted]', provider: 'openai' });

    const prefixed = capture({ ...GATEWAY_SETTINGS, msgPrefix: '[gw] ' });
    createAccessLog(prefixed.logger)(FULL);
    expect(JSON.parse(prefixed.lines[0]!)).toMatchObject({ msg: '[gw] request' });
  });

  it("writes the gateway logger's lines to its file without logger.info", async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sb-access-log-'));
    try {
      const file = join(directory, 'gateway.log');
      const logging = createGatewayLogger({ destination: { file } });
      const accessLog = createAccessLog(logging.logger);
      logging.logger.info = () => {
        throw new Error('logger.info was called');
      };
      accessLog(FULL);
      accessLog(SPARSE);
      await logging.close();
      const lines = (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as object);
      expect(lines).toEqual([
        { level: 30, time: expect.any(Number), name: 'switchboard-gateway', ...FULL, msg: 'request' },
        {
          level: 30,
          time: expect.any(Number),
          name: 'switchboard-gateway',
          reqId: 'req-1',
          method: 'POST',
          path: '/v1/chat/completions',
          status: 400,
          stream: false,
          durationMs: 12.345,
          overheadMs: 0.081,
          errorCode: 'INVALID_REQUEST',
          msg: 'request',
        },
      ]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
