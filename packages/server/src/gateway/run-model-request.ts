import { performance } from 'node:perf_hooks';
import type { Context } from 'hono';
import type { CatalogModel, ChatRequest, GenerateResult } from '@switchboard/core';
import type { GatewayDependencies } from './gateway-dependencies.js';
import type { GatewayEnv } from './gateway-types.js';
import { eventStreamResponse, type StartedStream } from './event-stream-response.js';
import type { StreamEncoder } from './stream-encoder.js';

/** The catalog model a request names (by id or alias); `UNKNOWN_MODEL` (404) naming the closest ids otherwise. */
export function requireModel(dependencies: GatewayDependencies, name: string): CatalogModel {
  return dependencies.catalog.get(name) ?? dependencies.catalog.require(name);
}

/** One non-streamed answer from the runtime, timed and attributed to its route. */
export async function generateAnswer(dependencies: GatewayDependencies, c: Context<GatewayEnv>, request: ChatRequest): Promise<GenerateResult> {
  const state = c.get('state');
  state.timing.runtimeStartedAt = performance.now();
  const result = await dependencies.runtime.generate(request);
  state.timing.runtimeAnsweredAt = performance.now();
  state.route = result.route;
  return result;
}

/** The SSE response of a started stream; the stream's end finishes the request (log, release). */
export function streamedResponse(dependencies: GatewayDependencies, c: Context<GatewayEnv>, started: StartedStream, encoder: StreamEncoder): Response {
  const state = c.get('state');
  state.streaming = true;
  return eventStreamResponse({
    started,
    encoder,
    state,
    headers: {},
    onEnd(outcome) {
      if (outcome.cancelled) state.errorCode = 'CANCELLED';
      else if (outcome.error) {
        state.errorCode = outcome.error.code;
        dependencies.logger.warn({ reqId: state.id, errorCode: outcome.error.code, provider: state.route?.provider }, 'stream failed after it started');
      }
      state.finish(200);
    },
  });
}
