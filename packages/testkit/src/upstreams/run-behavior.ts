import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildTextReply, buildToolCallReply, defaultAnswerText } from './build-reply.js';
import type { Dialect, ExchangeContext, FakeReply } from './dialect.js';
import { dialectFor } from './dialects.js';
import { sendReply } from './send-reply.js';
import { writeStream, type StreamEnding } from './write-stream.js';
import type { UpstreamBehavior, UpstreamProtocol } from './types.js';

export interface RunBehaviorInput {
  behavior: UpstreamBehavior;
  protocol: UpstreamProtocol;
  context: ExchangeContext;
  stream: boolean;
  response: ServerResponse;
  query: Record<string, string>;
  chunkDelayMs: number;
  /** Aborted when the client goes away or the server closes. */
  signal: AbortSignal;
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function replyFor(behavior: UpstreamBehavior, dialect: Dialect, context: ExchangeContext): FakeReply {
  if (behavior.kind === 'tool-call') {
    return buildToolCallReply({
      name: behavior.name,
      arguments: behavior.arguments,
      usage: behavior.usage,
      requestBody: context.body,
    });
  }
  const echo = (): string => defaultAnswerText(context.provider, context.model, dialect.lastUserText(context.body));
  if (behavior.kind === 'text') {
    const text = behavior.text ?? (behavior.chunks ? behavior.chunks.join('') : echo());
    return buildTextReply({ text, chunks: behavior.chunks, usage: behavior.usage, requestBody: context.body });
  }
  const text = behavior.kind === 'cut' && behavior.text !== undefined ? behavior.text : echo();
  return buildTextReply({ text, requestBody: context.body });
}

function endingFor(behavior: UpstreamBehavior, dialect: Dialect, context: ExchangeContext): StreamEnding {
  if (behavior.kind === 'cut') return { kind: 'cut', afterChunks: behavior.afterChunks };
  if (behavior.kind === 'stream-error') {
    const spec = { errorType: behavior.errorType, message: behavior.message };
    return {
      kind: 'error',
      afterChunks: behavior.afterChunks,
      frames: (written) => dialect.inBandError(spec, context, written),
    };
  }
  return { kind: 'complete' };
}

/** A non-streaming answer cut short: the full content-length is announced, half the body sent. */
function sendTruncated(
  response: ServerResponse,
  reply: { headers: Record<string, string>; body: string | Buffer },
): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  response.writeHead(200, { ...reply.headers, 'content-length': String(body.length) });
  response.write(body.subarray(0, Math.floor(body.length / 2)));
  response.socket?.destroySoon();
}

/** Plays one behaviour on one exchange in the dialect of its protocol. */
export async function runBehavior(input: RunBehaviorInput): Promise<void> {
  const { response, context, signal } = input;
  const dialect = dialectFor(input.protocol);
  let behavior = input.behavior;
  try {
    while (behavior.kind === 'slow-first-byte') {
      await sleep(behavior.delayMs, undefined, { signal });
      behavior = behavior.then ?? { kind: 'text' };
    }
    if (behavior.kind === 'hang') {
      await waitForAbort(signal);
      response.socket?.destroy();
      return;
    }
    if (behavior.kind === 'error') {
      sendReply(response, dialect.error(behavior, context));
      return;
    }
    if (!input.stream && behavior.kind === 'stream-error') {
      sendReply(
        response,
        dialect.error({ status: 500, errorType: behavior.errorType, message: behavior.message }, context),
      );
      return;
    }
    const reply = replyFor(behavior, dialect, context);
    if (!input.stream) {
      const json = dialect.json(reply, context);
      if (behavior.kind === 'cut') sendTruncated(response, json);
      else sendReply(response, json);
      return;
    }
    if (input.protocol === 'gemini' && input.query['alt'] !== 'sse') {
      // Without alt=sse Google streams one JSON array of responses; the fake sends it whole.
      const single = dialect.json(reply, context);
      sendReply(response, { ...single, body: `[${single.body.toString()}]` });
      return;
    }
    const script = dialect.stream(reply, context);
    await writeStream(response, script, endingFor(behavior, dialect, context), {
      chunkDelayMs: input.chunkDelayMs,
      signal,
    });
  } catch (error) {
    if (signal.aborted) {
      response.socket?.destroy();
      return;
    }
    throw error;
  }
}
