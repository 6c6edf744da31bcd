import { pino, type Logger } from 'pino';
import { createLogFileSink, standardOutputFileSystem, type LogFileSinkOptions } from './create-log-file-sink.js';

/** Where gateway logs go: a file (default `$SWITCHBOARD_HOME/logs/gateway.log`) or standard output. */
export type GatewayLogDestination = { file: string } | 'stdout';

/** Options for {@link createGatewayLogger}. */
export interface GatewayLoggerOptions {
  destination: GatewayLogDestination;
  /** Default `info`. */
  level?: string;
  /** Where the one-time notice that the log file cannot be written goes (default: stderr). */
  warn?: LogFileSinkOptions['warn'];
}

/**
 * Paths pino censors in a log object. The gateway never logs headers or bodies on purpose (its
 * access lines are built field by field); these catch a mistake, or a library's error object,
 * before it reaches disk. Exact paths only: wildcards make pino's redaction cost grow with
 * every line, and logging is on the hot path.
 */
export const GATEWAY_REDACT_PATHS = [
  'authorization',
  'apiKey',
  'api_key',
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'clientSecret',
  'headers.authorization',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'request.headers.authorization',
  'request.headers["x-api-key"]',
  'err.headers.authorization',
  'err.requestBodyValues',
];

/** A gateway logger and its shutdown. */
export interface GatewayLogger {
  logger: Logger;
  /** Writes out buffered lines and stops the flush timer. */
  close(): Promise<void>;
}

/** Lines are written in batches of this many bytes (or every {@link FLUSH_INTERVAL_MS}). */
const BUFFER_BYTES = 8 * 1024;
const FLUSH_INTERVAL_MS = 1_000;

/**
 * The gateway's pino logger: JSON lines, secrets censored, written asynchronously in batches
 * (one write per ~8 KiB or per second instead of one per request: logging is on the hot path).
 */
export function createGatewayLogger(options: GatewayLoggerOptions): GatewayLogger {
  const settings = {
    level: options.level ?? 'info',
    base: { name: 'switchboard-gateway' },
    redact: { paths: GATEWAY_REDACT_PATHS, censor: '[redacted]' },
  };
  // pino's own destinations retry a failed or stalled write without end (a full disk froze the
  // gateway; a stdout pipe nobody reads held up exit), so both go through the bounded sink.
  const sink = createLogFileSink({
    bufferBytes: BUFFER_BYTES,
    ...(options.warn ? { warn: options.warn } : {}),
    ...(options.destination === 'stdout'
      ? { file: '/dev/stdout', name: 'the gateway log to standard output', fs: standardOutputFileSystem }
      : { file: options.destination.file }),
  });
  const logger = pino(settings, sink);
  // One flush at a time: each pending flush holds a drain and an error listener on the
  // destination, and under sustained load a write is always in progress, so a flush per tick
  // piled them up (MaxListenersExceededWarning after ten seconds).
  let flushing = false;
  const timer = setInterval(() => {
    if (flushing) return;
    flushing = true;
    sink.flush(() => {
      flushing = false;
    });
  }, FLUSH_INTERVAL_MS);
  timer.unref();
  return {
    logger,
    close() {
      clearInterval(timer);
      // A destination that cannot be written never holds up exit: the sink gives up after a bound.
      return sink.close();
    },
  };
}
