import type { WireFormat } from '../providers/forward-target.js';
import { createWireEventInspector, numberOf, record, type WireUsage } from './wire-event-inspector.js';

export type { WireUsage } from './wire-event-inspector.js';

/** Watches a forwarded server-sent-events stream for its usage, its clean end and in-band errors. */
export interface WireStreamMonitor {
  /**
   * Takes the next decoded piece of the upstream body and returns what to send on instead:
   * `undefined` to send the piece's bytes as they came (the usual case: whole events, nothing
   * changed), else the text to send (whole events only; an unfinished event waits for its end).
   */
  feed(text: string): string | undefined;
  /** At the end of the body: an unfinished last event, sent as it is. */
  flush(): string;
  readonly usage: WireUsage | undefined;
  /** The upstream's own clean end was seen (`[DONE]`, `message_stop`, `response.completed`). */
  readonly completed: boolean;
  /** The error object of an in-band error event, when the upstream reported a failure. */
  readonly failure: unknown;
}

/** Options of {@link createWireStreamMonitor}. */
export interface WireStreamMonitorOptions {
  wire: WireFormat;
  /** Drop OpenAI's usage-only chunk (`"choices":[]`): the runtime asked for it, the caller did not. */
  stripUsageChunk: boolean;
  /** Credential values scrubbed from an in-band error event before it is passed on. */
  secrets: readonly string[];
}

// Only pieces holding one of these are split into events; the deltas in between are not parsed.
const MARKERS: Readonly<Record<WireFormat, RegExp>> = {
  'openai-chat': /\[DONE\]|"usage":\s*\{|"error"/,
  'anthropic-messages': /event: ?(?:message_start|message_delta|message_stop|error)\b/,
  'openai-responses': /event: ?(?:response\.completed|response\.incomplete|response\.failed|error)\b/,
};

/**
 * Creates the monitor of one forwarded stream. It reads as little as it can: a piece without a
 * marker (a content delta) is only searched for its last event boundary; only the few events
 * that carry usage or end the stream are parsed as JSON.
 */
export function createWireStreamMonitor(options: WireStreamMonitorOptions): WireStreamMonitor {
  const markers = MARKERS[options.wire];
  let pending = '';

  const inspector = createWireEventInspector(options);
  const inspect = (event: string): string => inspector.inspect(event);

  function inspectAll(text: string): string {
    const events = text.split('\n\n');
    let out = '';
    let changed = false;
    // The text ends with a boundary: the last element is ''.
    for (let index = 0; index < events.length - 1; index += 1) {
      const event = `${events[index]}\n\n`;
      const kept = inspect(event);
      if (kept !== event) changed = true;
      out += kept;
    }
    return changed ? out : text;
  }

  return {
    feed(text) {
      const all = pending === '' ? text : pending + text;
      const boundary = all.lastIndexOf('\n\n');
      if (boundary < 0) {
        pending = all;
        return '';
      }
      const clean = pending === '' && boundary + 2 === all.length;
      const complete = clean ? all : all.slice(0, boundary + 2);
      pending = clean ? '' : all.slice(boundary + 2);
      const out = markers.test(complete) ? inspectAll(complete) : complete;
      return clean && out === complete ? undefined : out;
    },
    flush() {
      const rest = pending;
      pending = '';
      if (rest !== '' && markers.test(rest)) inspect(rest);
      return rest;
    },
    get usage() {
      return inspector.usage;
    },
    get completed() {
      return inspector.completed;
    },
    get failure() {
      return inspector.failure;
    },
  };
}

/** Usage of a whole (non-streamed) answer body in `wire` format. */
export function usageOfWireBody(wire: WireFormat, body: unknown): WireUsage | undefined {
  const counts = record(record(body)['usage']);
  const input = numberOf(wire === 'openai-chat' ? counts['prompt_tokens'] : counts['input_tokens']);
  const output = numberOf(wire === 'openai-chat' ? counts['completion_tokens'] : counts['output_tokens']);
  return input === undefined && output === undefined
    ? undefined
    : { inputTokens: input ?? 0, outputTokens: output ?? 0 };
}
