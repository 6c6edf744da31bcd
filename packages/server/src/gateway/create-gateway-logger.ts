import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type Logger } from 'pino';

/** Where gateway logs go: a file (default `$SWITCHBOARD_HOME/logs/gateway.log`) or standard output. */
export type GatewayLogDestination = { file: string } | 'stdout';

/** Options for {@link createGatewayLogger}. */
export interface GatewayLoggerOptions {
  destination: GatewayLogDestination;
  /** Default `info`. */
  level?: string;
}

/**
 * Paths pino censors wherever they appear in a log object. The gateway never logs headers or
 * bodies on purpose; these catch a mistake (or a library's error object) before it reaches disk.
 */
export const GATEWAY_REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'request.headers.authorization',
  'request.headers["x-api-key"]',
  '*.authorization',
  '*["x-api-key"]',
  'apiKey',
  '*.apiKey',
  'api_key',
  '*.api_key',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'secret',
  '*.secret',
  'clientSecret',
  '*.clientSecret',
];

/** The gateway's pino logger: JSON lines, secrets censored, asynchronous writes to a file. */
export function createGatewayLogger(options: GatewayLoggerOptions): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: { name: 'switchboard-gateway' },
    redact: { paths: GATEWAY_REDACT_PATHS, censor: '[redacted]' },
  };
  if (options.destination === 'stdout') return pino(settings, pino.destination({ dest: 1, sync: false }));
  mkdirSync(dirname(options.destination.file), { recursive: true, mode: 0o700 });
  return pino(settings, pino.destination({ dest: options.destination.file, sync: false, mode: 0o600 }));
}
