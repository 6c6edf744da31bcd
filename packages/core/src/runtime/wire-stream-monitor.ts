import type { WireFormat } from '../providers/forward-target.js';
import { redactSecrets } from '../providers/redact-secrets.js';

/** Token counts read off a forwarded answer. */
export interface WireUsage {
  inputTokens: number;
  outputTokens: number;
}

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
  let usage: WireUsage | undefined;
  let completed = false;
  let failure: unknown;

  const note = (input: number | undefined, output: number | undefined): void => {
    usage = { inputTokens: input ?? usage?.inputTokens ?? 0, outputTokens: output ?? usage?.outputTokens ?? 0 };
  };

  /** Reads one event; returns its text to send ('' drops it). */
  function inspect(event: string): string {
    switch (options.wire) {
      case 'openai-chat': {
        if (/^data: ?\[DONE\]/m.test(event)) {
          completed = true;
          return event;
        }
        const data = dataOf(event);
        if (/^\{\s*"error"/.test(data)) return failed(event, record(parse(data))['error']);
        if (!/"usage":\s*\{/.test(data)) return event;
        const chunk = record(parse(data));
        const counts = record(chunk['usage']);
        note(numberOf(counts['prompt_tokens']), numberOf(counts['completion_tokens']));
        const choices = chunk['choices'];
        return options.stripUsageChunk && Array.isArray(choices) && choices.length === 0 ? '' : event;
      }
      case 'anthropic-messages': {
        const name = eventNameOf(event);
        if (name === 'message_stop') completed = true;
        else if (name === 'error') return failed(event, record(parse(dataOf(event)))['error']);
        else if (name === 'message_start') {
          const counts = record(record(record(parse(dataOf(event)))['message'])['usage']);
          note(numberOf(counts['input_tokens']), numberOf(counts['output_tokens']));
        } else if (name === 'message_delta') {
          const counts = record(record(parse(dataOf(event)))['usage']);
          note(numberOf(counts['input_tokens']), numberOf(counts['output_tokens']));
        }
        return event;
      }
      case 'openai-responses': {
        const name = eventNameOf(event);
        if (name === 'error') return failed(event, record(parse(dataOf(event))));
        if (name !== 'response.completed' && name !== 'response.incomplete' && name !== 'response.failed') return event;
        const response = record(record(parse(dataOf(event)))['response']);
        const counts = record(response['usage']);
        note(numberOf(counts['input_tokens']), numberOf(counts['output_tokens']));
        if (name === 'response.failed') return failed(event, response['error'] ?? response);
        completed = true;
        return event;
      }
    }
  }

  function failed(event: string, error: unknown): string {
    failure = error ?? {};
    return redactSecrets(event, options.secrets);
  }

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
      return usage;
    },
    get completed() {
      return completed;
    },
    get failure() {
      return failure;
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

/** The `data:` lines of one event, joined as the SSE spec joins them. */
function dataOf(event: string): string {
  let data = '';
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 0x20 ? line.slice(6) : line.slice(5);
    data = data === '' ? value : `${data}\n${value}`;
  }
  return data;
}

function eventNameOf(event: string): string | undefined {
  const match = /^event: ?(\S+)/m.exec(event);
  return match?.[1];
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
