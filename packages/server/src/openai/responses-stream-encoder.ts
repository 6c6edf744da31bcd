import { responseId } from '../gateway/response-ids.js';
import { namedEvent, type StreamEncoder } from '../gateway/stream-encoder.js';
import { httpStatusFor } from '../gateway/http-status-for.js';
import { openaiErrorBody } from './openai-dialect.js';
import {
  customToolCallItem,
  finishedStatus,
  functionCallItem,
  messageItem,
  outputTextPart,
  reasoningItem,
  responseObject,
  type ResponseContext,
  type ResponseOutputItem,
} from './responses-result.js';

interface OpenItem {
  kind: 'message' | 'reasoning';
  id: string;
  index: number;
  text: string;
}

/**
 * Responses API events: `response.created`, `response.in_progress`, output items opened,
 * filled (`response.output_text.delta`, `response.reasoning_summary_text.delta`,
 * `response.function_call_arguments.delta`) and closed, then `response.completed` (or
 * `response.incomplete` at the token limit). A failure after the start ends with
 * `response.failed` and an `error` event, which the official SDK raises as an APIError.
 */
export function createResponsesStreamEncoder(context: ResponseContext): StreamEncoder {
  let sequence = 0;
  const output: ResponseOutputItem[] = [];
  let open: OpenItem | undefined;

  const emit = (type: string, fields: Record<string, unknown>): string =>
    namedEvent(type, JSON.stringify({ type, sequence_number: sequence++, ...fields }));

  /** A custom tool's call: its plain-text input in `response.custom_tool_call_input.*` events. */
  const customToolCall = (call: { toolCallId: string; toolName: string; input: string }): string => {
    const id = responseId('ctc_');
    const index = output.length;
    const done = customToolCallItem(id, call, 'completed');
    output.push(done);
    const input = done['input'];
    return (
      emit('response.output_item.added', { output_index: index, item: customToolCallItem(id, call, 'in_progress') }) +
      emit('response.custom_tool_call_input.delta', { item_id: id, output_index: index, delta: input }) +
      emit('response.custom_tool_call_input.done', { item_id: id, output_index: index, input }) +
      emit('response.output_item.done', { output_index: index, item: done })
    );
  };

  const close = (): string => {
    if (!open) return '';
    const { id, index, text } = open;
    let frames: string;
    if (open.kind === 'message') {
      const item = messageItem(id, text, 'completed');
      output.push(item);
      frames =
        emit('response.output_text.done', { item_id: id, output_index: index, content_index: 0, text, logprobs: [] }) +
        emit('response.content_part.done', {
          item_id: id,
          output_index: index,
          content_index: 0,
          part: outputTextPart(text),
        }) +
        emit('response.output_item.done', { output_index: index, item });
    } else {
      const item = reasoningItem(id, text);
      output.push(item);
      frames =
        emit('response.reasoning_summary_text.done', { item_id: id, output_index: index, summary_index: 0, text }) +
        emit('response.reasoning_summary_part.done', {
          item_id: id,
          output_index: index,
          summary_index: 0,
          part: { type: 'summary_text', text },
        }) +
        emit('response.output_item.done', { output_index: index, item });
    }
    open = undefined;
    return frames;
  };

  const ensureOpen = (kind: OpenItem['kind']): string => {
    if (open?.kind === kind) return '';
    const frames = close();
    const item: OpenItem = {
      kind,
      id: responseId(kind === 'message' ? 'msg_' : 'rs_'),
      index: output.length,
      text: '',
    };
    open = item;
    if (kind === 'message') {
      return (
        frames +
        emit('response.output_item.added', {
          output_index: item.index,
          item: messageItem(item.id, '', 'in_progress'),
        }) +
        emit('response.content_part.added', {
          item_id: item.id,
          output_index: item.index,
          content_index: 0,
          part: outputTextPart(''),
        })
      );
    }
    return (
      frames +
      emit('response.output_item.added', { output_index: item.index, item: reasoningItem(item.id, undefined) }) +
      emit('response.reasoning_summary_part.added', {
        item_id: item.id,
        output_index: item.index,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      })
    );
  };

  return {
    encode(event) {
      switch (event.type) {
        case 'start': {
          const response = responseObject(context, { status: 'in_progress', output: [] });
          return emit('response.created', { response }) + emit('response.in_progress', { response });
        }
        case 'text-delta': {
          const frames = ensureOpen('message');
          const item = open as OpenItem;
          item.text += event.text;
          return (
            frames +
            emit('response.output_text.delta', {
              item_id: item.id,
              output_index: item.index,
              content_index: 0,
              delta: event.text,
              logprobs: [],
            })
          );
        }
        case 'reasoning-delta': {
          const frames = ensureOpen('reasoning');
          const item = open as OpenItem;
          item.text += event.text;
          return (
            frames +
            emit('response.reasoning_summary_text.delta', {
              item_id: item.id,
              output_index: item.index,
              summary_index: 0,
              delta: event.text,
            })
          );
        }
        case 'tool-call': {
          if (context.customTools?.has(event.toolName)) return close() + customToolCall(event);
          const frames = close();
          const id = responseId('fc_');
          const index = output.length;
          const done = functionCallItem(id, event, 'completed', context.namespaced);
          output.push(done);
          return (
            frames +
            emit('response.output_item.added', {
              output_index: index,
              item: functionCallItem(id, event, 'in_progress', context.namespaced),
            }) +
            emit('response.function_call_arguments.delta', { item_id: id, output_index: index, delta: event.input }) +
            emit('response.function_call_arguments.done', {
              item_id: id,
              output_index: index,
              name: done['name'],
              arguments: event.input,
            }) +
            emit('response.output_item.done', { output_index: index, item: done })
          );
        }
        case 'finish': {
          const frames = close();
          const status = finishedStatus(event.finishReason);
          const response = responseObject(context, {
            status,
            output,
            usage: event.usage,
            finishReason: event.finishReason,
          });
          return frames + emit(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
        }
      }
    },
    fail(error) {
      const { error: body } = openaiErrorBody(error, httpStatusFor(error));
      const code = String(body['code']);
      const message = String(body['message']);
      const response = responseObject(context, { status: 'failed', output, error: { code, message } });
      return emit('response.failed', { response }) + emit('error', { code, message, param: null });
    },
  };
}
