import { exitCodeFor, SwitchboardError, type StreamEvent } from '@switchboard/core';
import type { CliIo, InputStream } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';
import { reportError } from '../io/report-error.js';
import { openCliRuntime } from './open-cli-runtime.js';

/** Options of `sb ask`. */
export interface AskCommandOptions {
  model?: string;
  json?: boolean;
}

const MAX_PROMPT_BYTES = 8 * 1024 * 1024;

/**
 * `sb ask [--model M] [--json] <prompt | ->`: streams one answer to stdout (`-` reads the prompt
 * from stdin). A failure after the first byte keeps the partial text, reports the error on stderr
 * and exits non-zero — never a silent clean end. `--json` prints one event per line:
 * `{"type":"start","route":{…}}`, `{"type":"text-delta","text"}`, …, then `{"type":"finish",…}`
 * or `{"type":"error","error":{"code","message",…}}`.
 */
export async function runAsk(io: CliIo, promptWords: readonly string[], options: AskCommandOptions): Promise<number> {
  const prompt =
    promptWords.length === 1 && promptWords[0] === '-' ? await readPrompt(io.stdin) : promptWords.join(' ');
  if (prompt.trim() === '')
    throw new SwitchboardError('INVALID_INPUT', 'The prompt is empty.', {
      hint: 'sb ask "your question" (or pipe it in with `sb ask -`)',
    });
  const { catalog, config, runtime } = await openCliRuntime(io);
  const model = catalog.require(options.model ?? config.model ?? catalog.defaultFor('chat').id);

  const controller = new AbortController();
  const stopListening = io.onInterrupt(() => controller.abort());
  try {
    const events = runtime.stream({
      model: model.id,
      messages: [{ role: 'user', content: prompt }],
      signal: controller.signal,
    });
    return options.json ? await printJson(io, events) : await printText(io, events);
  } finally {
    stopListening();
    // The usage line is written in the background; it must be on disk before sb exits.
    await runtime.flush();
  }
}

async function printText(io: CliIo, events: AsyncIterable<StreamEvent>): Promise<number> {
  let endsWithNewline = true;
  for await (const event of events) {
    switch (event.type) {
      case 'text-delta':
        io.stdout.write(event.text);
        endsWithNewline = event.text.endsWith('\n');
        break;
      case 'finish':
        if (!endsWithNewline) io.stdout.write('\n');
        return 0;
      case 'error':
        // The partial answer stays where it is; the error follows on stderr.
        if (!endsWithNewline) io.stdout.write('\n');
        return reportError(event.error, io, { json: false });
      default:
        break;
    }
  }
  return 0;
}

async function printJson(io: CliIo, events: AsyncIterable<StreamEvent>): Promise<number> {
  for await (const event of events) {
    if (event.type === 'error') {
      writeJsonLine(io.stdout, { type: 'error', error: event.error.toJSON() });
      return exitCodeFor(event.error);
    }
    writeJsonLine(io.stdout, event);
    if (event.type === 'finish') return 0;
  }
  return 0;
}

async function readPrompt(input: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > MAX_PROMPT_BYTES)
      throw new SwitchboardError(
        'INVALID_INPUT',
        `The prompt on standard input is larger than ${MAX_PROMPT_BYTES / 1024 / 1024} MB.`,
      );
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
