import type { WireFormat } from '../providers/forward-target.js';
import { redactSecrets } from '../providers/redact-secrets.js';

/** Token counts read off a forwarded answer. */
export interface WireUsage {
  inputTokens: number;
  outputTokens: number;
}

/** Options of {@link createWireEventInspector}. */
export interface WireEventInspectorOptions {
  wire: WireFormat;
  /** Drop OpenAI's usage-only chunk (`"choices":[]`): the runtime asked for it, the caller did not. */
  stripUsageChunk: boolean;
  /** Credential values scrubbed from an in-band error event before it is passed on. */
  secrets: readonly string[];
}

/** Reads single server-sent events of one forwarded stream: usage, the clean end, in-band errors. */
export interface WireEventInspector {
  /** Reads one whole event (ending with its blank line); returns the text to send ('' drops it). */
  inspect(event: string): string;
  readonly usage: WireUsage | undefined;
  /** The upstream's own clean end was seen (`[DONE]`, `message_stop`, `response.completed`). */
  readonly completed: boolean;
  /** The error object of an in-band error event, when the upstream reported a failure. */
  readonly failure: unknown;
}

/**
 * Creates the event reader both stream watchers share (the text monitor and the byte scanner):
 * they find the few events worth reading, this one parses them.
 */
export function createWireEventInspector(options: WireEventInspectorOptions): WireEventInspector {
  return new EventInspector(options);
}

/** One stream's reader: a class, so a stream costs one object rather than a closure per method. */
class EventInspector implements WireEventInspector {
  usage: WireUsage | undefined = undefined;
  completed = false;
  failure: unknown = undefined;
  readonly #options: WireEventInspectorOptions;

  constructor(options: WireEventInspectorOptions) {
    this.#options = options;
  }

  #note(input: number | undefined, output: number | undefined): void {
    this.usage = {
      inputTokens: input ?? this.usage?.inputTokens ?? 0,
      outputTokens: output ?? this.usage?.outputTokens ?? 0,
    };
  }

  #failed(event: string, error: unknown): string {
    this.failure = error ?? {};
    return redactSecrets(event, this.#options.secrets);
  }

  inspect(event: string): string {
    switch (this.#options.wire) {
      case 'openai-chat': {
        if (/^data: ?\[DONE\]/m.test(event)) {
          this.completed = true;
          return event;
        }
        const data = dataOf(event);
        if (/^\{\s*"error"/.test(data)) return this.#failed(event, record(parse(data))['error']);
        const usage = chatUsageOf(data);
        if (usage === undefined) return event;
        const { counts, noChoices } = usage;
        this.#note(numberOf(counts['prompt_tokens']), numberOf(counts['completion_tokens']));
        return this.#options.stripUsageChunk && noChoices ? '' : event;
      }
      case 'anthropic-messages': {
        const name = eventNameOf(event);
        if (name === 'message_stop') this.completed = true;
        else if (name === 'error') return this.#failed(event, record(parse(dataOf(event)))['error']);
        else if (name === 'message_start' || name === 'message_delta') {
          // The event's one usage object: the message's at its start (its content is still
          // empty), the event's own in a delta.
          const data = dataOf(event);
          const counts =
            firstUsageObject(data) ??
            (name === 'message_start'
              ? record(record(record(parse(data))['message'])['usage'])
              : record(record(parse(data))['usage']));
          this.#note(numberOf(counts['input_tokens']), numberOf(counts['output_tokens']));
        }
        return event;
      }
      case 'openai-responses': {
        const name = eventNameOf(event);
        if (name === 'error') return this.#failed(event, record(parse(dataOf(event))));
        if (name !== 'response.completed' && name !== 'response.incomplete' && name !== 'response.failed') return event;
        const response = record(record(parse(dataOf(event)))['response']);
        const counts = record(response['usage']);
        this.#note(numberOf(counts['input_tokens']), numberOf(counts['output_tokens']));
        if (name === 'response.failed') return this.#failed(event, response['error'] ?? response);
        this.completed = true;
        return event;
      }
    }
  }
}

/**
 * A chunk's `usage` object as JSON text, when it holds objects at most one level deep (OpenAI's
 * `prompt_tokens_details`): an unescaped `"usage":` can only be a key, as quotes inside a string
 * are escaped. The alternatives each start with a different character, so the search is linear.
 */
const USAGE_OBJECT = /"usage":\s*(\{(?:[^{}"]|"(?:[^"\\]|\\.)*"|\{(?:[^{}"]|"(?:[^"\\]|\\.)*")*\})*\})/;
const NO_CHOICES = /"choices":\s*\[\s*\]/;

/**
 * The first usage object in an event's data, parsed (or read by `shortcut`, when it can), when
 * it holds objects at most one level deep; else undefined (the caller parses the whole event).
 * Parsing only the usage object is what makes it cheap: a whole OpenAI chunk (its id, model and
 * fingerprint strings) took ≈ 2.9 µs to parse, its usage object ≈ 0.7 µs.
 */
function firstUsageObject(
  data: string,
  shortcut?: (usage: string) => Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const usage = USAGE_OBJECT.exec(data)?.[1];
  if (usage === undefined) return undefined;
  return shortcut?.(usage) ?? record(parse(usage));
}

/**
 * OpenAI's own order: a chat usage object opens with its two counts, as whole numbers. Read
 * straight off the text, they need no parse: `JSON.parse` built the object and both details
 * objects for them, ≈ 2 µs of the gateway's ≈ 130 µs per streamed request (perf,
 * docs/benchmarks.md). Keys that open the object are at its top level; any other shape is parsed.
 * (A count given twice, which `JSON.parse` reads as its last, is read as its first here.)
 */
const CHAT_COUNTS_AT_START = /^\{\s*"prompt_tokens":\s*(\d+)\s*,\s*"completion_tokens":\s*(\d+)\s*[,}]/;

function chatCountsAtStart(usage: string): Record<string, unknown> | undefined {
  const counts = CHAT_COUNTS_AT_START.exec(usage);
  if (counts === null) return undefined;
  return { prompt_tokens: Number(counts[1]), completion_tokens: Number(counts[2]) };
}

/**
 * The usage counts of an OpenAI chat chunk and whether its `choices` are empty (the usage-only
 * chunk), or undefined when it holds no usage object (`"usage":null` on every other chunk). One
 * search finds a usage object in the common shape; only a chunk without one is searched again,
 * for a deeper usage object read from the whole chunk.
 */
function chatUsageOf(data: string): { counts: Record<string, unknown>; noChoices: boolean } | undefined {
  const counts = firstUsageObject(data, chatCountsAtStart);
  if (counts !== undefined) return { counts, noChoices: NO_CHOICES.test(data) };
  if (!/"usage":\s*\{/.test(data)) return undefined;
  const chunk = record(parse(data));
  const choices = chunk['choices'];
  return { counts: record(chunk['usage']), noChoices: Array.isArray(choices) && choices.length === 0 };
}

/** The `data:` lines of one event, joined as the SSE spec joins them. */
function dataOf(event: string): string {
  // The usual event is one `data:` line and its blank line: read without splitting it.
  const newline = event.indexOf('\n');
  if (event.startsWith('data:') && (newline < 0 || (newline === event.length - 2 && event.endsWith('\n\n')))) {
    const end = newline < 0 ? event.length : newline;
    return event.charCodeAt(5) === 0x20 ? event.slice(6, end) : event.slice(5, end);
  }
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

/** `value` as a record, or an empty one. */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** `value` when it is a finite number. */
export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
