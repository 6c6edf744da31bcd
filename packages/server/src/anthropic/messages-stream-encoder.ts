import { namedEvent, type StreamEncoder } from '../gateway/stream-encoder.js';
import { anthropicErrorBody, anthropicStatusFor } from './anthropic-dialect.js';
import { anthropicStopReason, anthropicUsage } from './messages-result.js';

/**
 * Messages API events, each with its `event:` line (the official SDK skips frames without
 * one): `message_start`, `content_block_start` / `_delta` / `_stop` per text, thinking or
 * tool_use block, `message_delta` with the stop reason and usage, `message_stop`. A failure
 * after the start ends with `event: error`, never `message_stop`.
 */
export function createMessagesStreamEncoder(identity: { id: string; model: string; requestId: string }): StreamEncoder {
  let index = -1;
  let openKind: 'text' | 'thinking' | undefined;

  const emit = (type: string, fields?: string): string =>
    namedEvent(type, fields === undefined ? `{"type":"${type}"}` : `{"type":"${type}",${fields}}`);
  const closeBlock = (): string => {
    if (openKind === undefined) return '';
    openKind = undefined;
    return emit('content_block_stop', `"index":${index}`);
  };
  const openBlock = (kind: 'text' | 'thinking'): string => {
    if (openKind === kind) return '';
    const frames = closeBlock();
    index += 1;
    openKind = kind;
    const block = kind === 'text' ? '{"type":"text","text":""}' : '{"type":"thinking","thinking":"","signature":""}';
    return frames + emit('content_block_start', `"index":${index},"content_block":${block}`);
  };

  return {
    encode(event) {
      switch (event.type) {
        case 'start': {
          const message = {
            id: identity.id,
            type: 'message',
            role: 'assistant',
            model: identity.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 0, output_tokens: 0 },
          };
          return emit('message_start', `"message":${JSON.stringify(message)}`);
        }
        case 'text-delta':
          return (
            openBlock('text') +
            emit(
              'content_block_delta',
              `"index":${index},"delta":{"type":"text_delta","text":${JSON.stringify(event.text)}}`,
            )
          );
        case 'reasoning-delta':
          return (
            openBlock('thinking') +
            emit(
              'content_block_delta',
              `"index":${index},"delta":{"type":"thinking_delta","thinking":${JSON.stringify(event.text)}}`,
            )
          );
        case 'tool-call': {
          let frames = closeBlock();
          index += 1;
          const block = { type: 'tool_use', id: event.toolCallId, name: event.toolName, input: {} };
          frames += emit('content_block_start', `"index":${index},"content_block":${JSON.stringify(block)}`);
          frames += emit(
            'content_block_delta',
            `"index":${index},"delta":{"type":"input_json_delta","partial_json":${JSON.stringify(event.input)}}`,
          );
          return frames + emit('content_block_stop', `"index":${index}`);
        }
        case 'finish': {
          const delta = { stop_reason: anthropicStopReason(event.finishReason), stop_sequence: null };
          return (
            closeBlock() +
            emit(
              'message_delta',
              `"delta":${JSON.stringify(delta)},"usage":${JSON.stringify(anthropicUsage(event.usage))}`,
            ) +
            emit('message_stop')
          );
        }
      }
    },
    fail(error) {
      return namedEvent(
        'error',
        JSON.stringify(anthropicErrorBody(error, anthropicStatusFor(error), identity.requestId)),
      );
    },
  };
}
