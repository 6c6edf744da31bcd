import { jsonNumber, jsonString } from '../internal/json-text.js';
import type { UsageEntry } from './usage-entry.js';

/**
 * One usage-log line (without its newline): the entry's known fields in their order, never
 * anything else it carries. Byte for byte `JSON.stringify` of those fields, written out field by
 * field: a line is written for every request, and `JSON.stringify` of the entry cost ≈ 1.3 µs
 * of the gateway's ≈ 130 µs per streamed request (perf, docs/benchmarks.md).
 */
export function usageLine(entry: UsageEntry): string {
  const { route } = entry;
  let line =
    `{"time":${jsonString(entry.time)},"provider":${jsonString(entry.provider)},"model":${jsonString(entry.model)}` +
    `,"route":{"method":${route.method === null ? 'null' : jsonString(route.method)},"transport":${jsonString(route.transport)},"upstreamId":${jsonString(route.upstreamId)}}` +
    `,"inputTokens":${jsonNumber(entry.inputTokens)},"outputTokens":${jsonNumber(entry.outputTokens)}` +
    `,"costUsd":${jsonNumber(entry.costUsd)},"outcome":${jsonString(entry.outcome)}`;
  if (entry.errorCode !== undefined) line += `,"errorCode":${jsonString(entry.errorCode)}`;
  if (entry.agent !== undefined)
    line += `,"agent":{"name":${jsonString(entry.agent.name)},"id":${jsonString(entry.agent.id)}}`;
  return `${line}}`;
}
