import { SwitchboardError } from '../errors.js';
import type { GenerateResult, RouteTarget, StreamEvent } from './types.js';

/**
 * Collects a {@link StreamEvent} stream into one {@link GenerateResult}, for upstreams that only
 * stream (the Codex backend, the `claude` CLI). An `error` event rejects with its error.
 */
export async function collectStream(events: AsyncIterable<StreamEvent>, route: RouteTarget): Promise<GenerateResult> {
  let text = '';
  let reasoning = '';
  const toolCalls: GenerateResult['toolCalls'] = [];
  for await (const event of events) {
    switch (event.type) {
      case 'text-delta':
        text += event.text;
        break;
      case 'reasoning-delta':
        reasoning += event.text;
        break;
      case 'tool-call':
        toolCalls.push({ toolCallId: event.toolCallId, toolName: event.toolName, input: event.input });
        break;
      case 'error':
        throw event.error;
      case 'finish': {
        const result: GenerateResult = { route, text, toolCalls, finishReason: event.finishReason, usage: event.usage };
        if (reasoning !== '') result.reasoning = reasoning;
        return result;
      }
      case 'start':
        break;
    }
  }
  throw new SwitchboardError('STREAM_INTERRUPTED', 'The answer ended before it was complete.', {
    provider: route.provider,
    isRetryable: true,
  });
}
