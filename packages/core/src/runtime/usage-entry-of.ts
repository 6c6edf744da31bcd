import type { SwitchboardError } from '../errors.js';
import { estimateCost } from './estimate-cost.js';
import type { RouteCall } from './runtime-dependencies.js';
import type { UsageEntry } from './usage-entry.js';

/** How one call on a route ended: its token counts, or the failure. */
export interface CallOutcome {
  usage?: { inputTokens: number; outputTokens: number } | undefined;
  error?: SwitchboardError;
}

/** The usage-log line of a call that ended at `now` (epoch ms): route, tokens, estimated cost, who it was for. */
export function usageEntryOf(call: RouteCall, result: CallOutcome, now: number): UsageEntry {
  const { target } = call.candidate;
  const usage = result.usage ?? { inputTokens: 0, outputTokens: 0 };
  return {
    time: new Date(now).toISOString(),
    provider: target.provider,
    model: call.model.id,
    route: { method: target.method, transport: target.transport, upstreamId: target.upstreamId },
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costUsd: estimateCost(usage, call.model.price, target),
    outcome: result.error ? 'error' : 'ok',
    ...(result.error ? { errorCode: result.error.code } : {}),
    ...(call.agentSession ? { agent: call.agentSession } : {}),
    ...(call.userId ? { userId: call.userId } : {}),
    ...(call.candidate.level ? { level: call.candidate.level } : {}),
  };
}
