import type { SwitchboardError } from '../errors.js';
import { estimateCost } from './estimate-cost.js';
import type { RouteCall } from './runtime-dependencies.js';
import type { UsageEntry } from './usage-entry.js';

/** How one call on a route ended: its token counts, or the failure. */
export interface CallOutcome {
  usage?: { inputTokens: number; outputTokens: number } | undefined;
  error?: SwitchboardError;
}

/** The usage-log line of a call that ended at `time` (ISO 8601): route, tokens, estimated cost, who it was for. */
export function usageEntryOf(call: RouteCall, result: CallOutcome, time: string): UsageEntry {
  const { target } = call.candidate;
  const usage = result.usage ?? { inputTokens: 0, outputTokens: 0 };
  // Built by assignment in the line's order (no spread of a temporary per optional field).
  const entry: UsageEntry = {
    time,
    provider: target.provider,
    model: call.model.id,
    route: { method: target.method, transport: target.transport, upstreamId: target.upstreamId },
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costUsd: estimateCost(usage, call.model.price, target),
    outcome: result.error ? 'error' : 'ok',
  };
  if (result.error) entry.errorCode = result.error.code;
  if (call.agentSession) entry.agent = call.agentSession;
  if (call.userId) entry.userId = call.userId;
  if (call.candidate.level) entry.level = call.candidate.level;
  return entry;
}
