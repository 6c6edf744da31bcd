import { SwitchboardError } from '../errors.js';
import type { ForwardedStreamOutcome } from './forward-types.js';
import type { OpenedForwardStream } from './open-forward.js';
import { timeoutReason } from '../internal/abort-reason.js';
import type { WireUsage } from './wire-stream-monitor.js';

const TEXT = new TextEncoder();

/** What a relay of a forwarded stream (web or Node) is told to do at each turn of it. */
export interface StreamRelayHooks {
  /** Provider named in messages. */
  provider: string;
  idleTimeoutMs: number;
  /** Aborts the attempt (the upstream request). */
  abort(reason?: unknown): void;
  /** The caller's error event for a failure after the first byte. */
  encodeError(error: SwitchboardError): string;
  /** A failed read (cut connection, abort) as a SwitchboardError. */
  classify(raw: unknown): SwitchboardError;
  /** An in-band error event's `error` object as a SwitchboardError. */
  failureOf(failure: unknown): SwitchboardError;
  /** Records the outcome once (usage line, circuit breaker). */
  end(result: { usage?: WireUsage | undefined; error?: SwitchboardError }): void;
}

/** Options of {@link relayForwardedStream}. */
export interface RelayForwardedStreamOptions extends StreamRelayHooks {
  opened: OpenedForwardStream;
}

/**
 * The caller's body of a forwarded stream: the upstream's bytes as they come (one read per
 * pull, so a slow caller slows the upstream read), watched for usage and the clean end. Every
 * way it can end is explicit and recorded once: the upstream's own end; an upstream error event
 * (passed on, scrubbed); a cut, an idle timeout or an upstream that just stops, which get the
 * caller's error event appended; the caller cancelling, which aborts the upstream request.
 */
export function relayForwardedStream(options: RelayForwardedStreamOptions): {
  body: ReadableStream<Uint8Array>;
  ended: Promise<ForwardedStreamOutcome>;
} {
  const { reader, monitor, decoder } = options.opened;
  let first: Uint8Array | undefined = options.opened.first;
  let waiting = false;
  let done = false;
  let settle: (outcome: ForwardedStreamOutcome) => void = () => undefined;
  const ended = new Promise<ForwardedStreamOutcome>((resolve) => {
    settle = resolve;
  });
  const idle = setTimeout(() => {
    if (waiting) options.abort(timeoutReason(`${options.provider} sent nothing for ${options.idleTimeoutMs} ms.`));
  }, options.idleTimeoutMs);

  const finish = (
    outcome: ForwardedStreamOutcome,
    result: { usage?: WireUsage | undefined; error?: SwitchboardError },
  ): void => {
    if (done) return;
    done = true;
    clearTimeout(idle);
    options.end(result);
    settle(outcome);
  };
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, error: SwitchboardError): void => {
    controller.enqueue(TEXT.encode(options.encodeError(error)));
    controller.close();
    options.abort();
    void reader.cancel().catch(() => undefined);
    finish({ error, cancelled: false }, { usage: monitor.usage, error });
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (first) {
          controller.enqueue(first);
          first = undefined;
          return;
        }
        for (;;) {
          let result: Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
          waiting = true;
          idle.refresh();
          try {
            result = await reader.read();
          } catch (raw) {
            if (!done) fail(controller, options.classify(raw));
            return;
          } finally {
            waiting = false;
          }
          if (done) return;
          if (result.done) {
            let tail = '';
            const rest = decoder.decode();
            if (rest !== '') tail += monitor.feed(rest) ?? rest;
            tail += monitor.flush();
            if (tail !== '') controller.enqueue(TEXT.encode(tail));
            if (monitor.failure !== undefined) {
              // The upstream's own error event already went out: the stream is explicit as it is.
              const error = options.failureOf(monitor.failure);
              controller.close();
              finish({ error, cancelled: false }, { usage: monitor.usage, error });
            } else if (!monitor.completed) {
              fail(
                controller,
                new SwitchboardError(
                  'STREAM_INTERRUPTED',
                  `${options.provider} stopped mid-answer; the text so far is incomplete.`,
                  { provider: options.provider, isRetryable: true },
                ),
              );
            } else {
              controller.close();
              finish({ error: undefined, cancelled: false }, { usage: monitor.usage });
            }
            return;
          }
          const out = monitor.feed(decoder.decode(result.value, { stream: true }));
          if (out === undefined) {
            controller.enqueue(result.value);
            return;
          }
          if (out !== '') {
            controller.enqueue(TEXT.encode(out));
            return;
          }
          // Only part of an event so far: read on.
        }
      },
      cancel() {
        options.abort();
        void reader.cancel().catch(() => undefined);
        finish(
          { error: undefined, cancelled: true },
          {
            usage: monitor.usage,
            error: new SwitchboardError('CANCELLED', 'The consumer stopped reading.', { isRetryable: false }),
          },
        );
      },
    },
    { highWaterMark: 0 },
  );
  return { body, ended };
}
