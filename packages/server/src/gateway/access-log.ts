import { jsonNumber, jsonString } from '@switchboard/core';
import { symbols, type Logger } from 'pino';

/** The message of every access line. */
export const ACCESS_LOG_MESSAGE = 'request';

/**
 * The fields of one finished request's access line, in the line's order; an undefined field is
 * left out of the line. Never headers, bodies or anything secret.
 */
export interface AccessLogFields {
  reqId: string;
  method: string;
  path: string;
  status: number;
  model: string | undefined;
  provider: string | undefined;
  authMethod: string | undefined;
  credentialLevel: string | undefined;
  stream: boolean;
  agent: string | undefined;
  durationMs: number;
  overheadMs: number;
  errorCode: string | undefined;
  errorField: string | undefined;
}

/** Writes one request's access line at `info`. */
export type AccessLog = (fields: AccessLogFields) => void;

/** pino's handle of a logger's message prefix (exported by pino, missing from its types). */
const MSG_PREFIX = (symbols as unknown as Record<string, symbol>)['msgPrefixSym'];

/** The parts of a pino logger its own line writing reads (`pino.symbols`, pino's public handles). */
interface PinoParts {
  [symbols.streamSym]: { write(line: string): unknown; [symbols.needsMetadataGsym]?: boolean };
  [symbols.lsCacheSym]: Record<number, string>;
  [symbols.timeSym]: () => string;
  [symbols.chindingsSym]: string;
  [symbols.endSym]: string;
  [symbols.messageKeySym]: string;
  [symbols.mixinSym]: unknown;
  [symbols.nestedKeySym]: unknown;
  [symbols.formattersSym]: { log?: unknown };
  [symbols.hooksSym]: { logMethod?: unknown; streamWrite?: unknown };
  [symbols.serializersSym]: Record<string, unknown>;
  [symbols.stringifiersSym]: Record<string | symbol, unknown>;
}

const FIELD_NAMES: readonly (keyof AccessLogFields)[] = [
  'reqId',
  'method',
  'path',
  'status',
  'model',
  'provider',
  'authMethod',
  'credentialLevel',
  'stream',
  'agent',
  'durationMs',
  'overheadMs',
  'errorCode',
  'errorField',
];

/**
 * The access log of a gateway logging to `logger`. One line per request is the gateway's most
 * frequent write, and pino's general path for an object (walking its keys, checking each for a
 * serializer, a redaction and a message) cost about as much as the rest of the line's request
 * path put together (bench/gateway.js, docs/benchmarks.md): so when the logger adds nothing to a
 * line beyond pino's own format — no mixin, log formatter, hooks, message prefix, nested key,
 * serializer or redaction of an access field — the line is put together here from the logger's
 * own parts (its level label, time, bindings, message key and line end) and written to its
 * destination, byte for byte what `logger.info(fields, 'request')` writes. Any other logger is
 * called as usual.
 */
export function createAccessLog(logger: Logger): AccessLog {
  if (!writesPlainLines(logger)) return (fields) => logger.info(fields, ACCESS_LOG_MESSAGE);
  const parts = logger as unknown as PinoParts;
  const level = logger.levels.values['info']!;
  // The same for every line of this logger: its message and the line's end.
  const messageSuffix = `,${JSON.stringify(parts[symbols.messageKeySym])}:"${ACCESS_LOG_MESSAGE}"${parts[symbols.endSym]}`;
  return (fields) => {
    if (!logger.isLevelEnabled('info')) return;
    parts[symbols.streamSym].write(
      parts[symbols.lsCacheSym][level]! +
        parts[symbols.timeSym]() +
        parts[symbols.chindingsSym] +
        accessLineFields(fields) +
        messageSuffix,
    );
  };
}

/** The fields as pino writes an object's properties: `,"name":value` each, undefined ones left out. */
export function accessLineFields(fields: AccessLogFields): string {
  let line = `,"reqId":${jsonString(fields.reqId)},"method":${jsonString(fields.method)},"path":${jsonString(fields.path)},"status":${jsonNumber(fields.status)}`;
  if (fields.model !== undefined) line += `,"model":${jsonString(fields.model)}`;
  if (fields.provider !== undefined) line += `,"provider":${jsonString(fields.provider)}`;
  if (fields.authMethod !== undefined) line += `,"authMethod":${jsonString(fields.authMethod)}`;
  if (fields.credentialLevel !== undefined) line += `,"credentialLevel":${jsonString(fields.credentialLevel)}`;
  line += fields.stream ? ',"stream":true' : ',"stream":false';
  if (fields.agent !== undefined) line += `,"agent":${jsonString(fields.agent)}`;
  line += `,"durationMs":${jsonNumber(fields.durationMs)},"overheadMs":${jsonNumber(fields.overheadMs)}`;
  if (fields.errorCode !== undefined) line += `,"errorCode":${jsonString(fields.errorCode)}`;
  if (fields.errorField !== undefined) line += `,"errorField":${jsonString(fields.errorField)}`;
  return line;
}

/** True when pino would write an access line in its own format, with nothing added or changed. */
function writesPlainLines(logger: Logger): boolean {
  const parts = logger as unknown as PinoParts;
  const serializers = parts[symbols.serializersSym];
  const stringifiers = parts[symbols.stringifiersSym];
  const hooks = parts[symbols.hooksSym];
  return (
    typeof parts[symbols.streamSym]?.write === 'function' &&
    parts[symbols.streamSym][symbols.needsMetadataGsym] !== true &&
    typeof parts[symbols.lsCacheSym]?.[logger.levels.values['info']!] === 'string' &&
    typeof parts[symbols.timeSym] === 'function' &&
    typeof parts[symbols.chindingsSym] === 'string' &&
    typeof parts[symbols.endSym] === 'string' &&
    typeof parts[symbols.messageKeySym] === 'string' &&
    !parts[symbols.mixinSym] &&
    MSG_PREFIX !== undefined &&
    (logger as unknown as Record<symbol, unknown>)[MSG_PREFIX] === undefined &&
    !parts[symbols.nestedKeySym] &&
    !parts[symbols.formattersSym]?.log &&
    !hooks?.logMethod &&
    !hooks?.streamWrite &&
    stringifiers[symbols.wildcardFirstSym] === undefined &&
    FIELD_NAMES.every((name) => !serializers[name] && !stringifiers[name])
  );
}
