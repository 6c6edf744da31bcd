import type { StreamEvent } from '@switchboard/core';

/**
 * Turns the runtime's neutral stream events into the AI SDK's UI message stream chunks
 * (`text-start`/`text-delta`/`text-end`, the same for reasoning, `start` with the serving route as
 * message metadata, `finish`, `error`), and collects the answer's parts for the stored conversation.
 */
export function createUiMessageChunker(messageId: string, model: string) {
  let open: { kind: 'text' | 'reasoning'; id: string } | undefined;
  let counter = 0;
  const parts: Array<{ type: 'text' | 'reasoning'; text: string }> = [];
  let metadata: Record<string, unknown> = { model };

  const close = (): Array<Record<string, unknown>> => {
    if (!open) return [];
    const chunk = { type: `${open.kind}-end`, id: open.id };
    open = undefined;
    return [chunk];
  };
  const delta = (kind: 'text' | 'reasoning', text: string): Array<Record<string, unknown>> => {
    const chunks: Array<Record<string, unknown>> = [];
    if (open?.kind !== kind) {
      chunks.push(...close());
      counter += 1;
      open = { kind, id: `${kind}-${counter}` };
      chunks.push({ type: `${kind}-start`, id: open.id });
      parts.push({ type: kind, text: '' });
    }
    const part = parts.at(-1);
    if (part) part.text += text;
    chunks.push({ type: `${kind}-delta`, id: open.id, delta: text });
    return chunks;
  };

  return {
    /** The chunks one runtime event becomes. */
    chunksOf(event: StreamEvent): Array<Record<string, unknown>> {
      switch (event.type) {
        case 'start':
          // Every answer says who served it, and with which credential level.
          metadata = {
            model,
            provider: event.route.provider,
            method: event.route.method,
            ...(event.level ? { level: event.level } : {}),
          };
          return [{ type: 'start', messageId, messageMetadata: metadata }];
        case 'text-delta':
          return event.text === '' ? [] : delta('text', event.text);
        case 'reasoning-delta':
          return event.text === '' ? [] : delta('reasoning', event.text);
        case 'tool-call':
          // The team chat offers no tools; a model that calls one anyway is not answered.
          return [];
        case 'finish':
          return [...close(), { type: 'finish', finishReason: event.finishReason, messageMetadata: metadata }];
        case 'error':
          return [...close(), { type: 'error', errorText: event.error.message }];
      }
    },
    /** The answer as a stored UI message. */
    message() {
      return { id: messageId, role: 'assistant' as const, parts: parts.map((part) => ({ ...part })), metadata };
    },
  };
}
