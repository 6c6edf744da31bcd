import type { Writable } from 'node:stream';
import { SwitchboardError } from '../errors.js';
import { timeoutReason } from '../internal/abort-reason.js';
import type { ForwardedStreamOutcome } from './forward-types.js';
import type { OpenedNodeForwardStream } from './open-node-forward.js';
import type { RelayForwardedStreamOptions } from './relay-forwarded-stream.js';
import type { WireUsage } from './wire-event-inspector.js';

/** Options of {@link relayNodeStream}: those of the web relay, over a Node answer. */
export type RelayNodeStreamOptions = Omit<RelayForwardedStreamOptions, 'opened'> & {
  opened: OpenedNodeForwardStream;
};

/** A forwarded stream to pipe into the caller's response, and how it ended. */
export interface RelayedNodeStream {
  /**
   * Writes the stream into `sink` (the caller's Node response), once, and ends it. A full sink
   * pauses the upstream (backpressure); a sink closed early (the caller went away) aborts it.
   */
  pipe(sink: Writable): void;
  /** Settles when the stream has ended (usage recorded). Never rejects. */
  ended: Promise<ForwardedStreamOutcome>;
}

/**
 * The Node counterpart of `relayForwardedStream`: the upstream's bytes go to the caller's
 * response as they come, watched by the byte scanner for usage and the clean end, with every
 * way of ending explicit and recorded once — the upstream's end; its error event (passed on,
 * scrubbed); a cut, an idle timeout or an upstream that just stops (the caller's error event is
 * appended); the caller going away (the upstream request is aborted).
 */
export function relayNodeStream(options: RelayNodeStreamOptions): RelayedNodeStream {
  const { body, scanner, first } = options.opened;
  let settle: (outcome: ForwardedStreamOutcome) => void = () => undefined;
  const ended = new Promise<ForwardedStreamOutcome>((resolve) => {
    settle = resolve;
  });
  let piped = false;

  function pipe(sink: Writable): void {
    if (piped) throw new Error('A forwarded stream is piped once.');
    piped = true;
    let done = false;
    // True while the upstream is being read; false while a full sink holds it.
    let waiting = true;
    const idle = setTimeout(() => {
      if (waiting) options.abort(timeoutReason(`${options.provider} sent nothing for ${options.idleTimeoutMs} ms.`));
    }, options.idleTimeoutMs);

    const finish = (
      outcome: ForwardedStreamOutcome,
      result: { usage?: WireUsage | undefined; error?: SwitchboardError },
    ): void => {
      done = true;
      clearTimeout(idle);
      body.off('data', onData);
      sink.off('close', onSinkClose);
      options.end(result);
      settle(outcome);
    };
    const open = (): boolean => !sink.destroyed && !sink.writableEnded;
    const fail = (error: SwitchboardError): void => {
      if (open()) sink.end(options.encodeError(error));
      options.abort();
      body.destroy();
      finish({ error, cancelled: false }, { usage: scanner.usage, error });
    };
    const onDrain = (): void => {
      if (done) return;
      waiting = true;
      idle.refresh();
      body.resume();
    };
    const send = (bytes: Buffer): void => {
      if (bytes.length === 0 || !open() || sink.write(bytes)) return;
      body.pause();
      waiting = false;
      sink.once('drain', onDrain);
    };
    const onData = (chunk: Buffer): void => {
      if (done) return;
      idle.refresh();
      send(scanner.feed(chunk) ?? chunk);
    };
    const onEnd = (): void => {
      if (done) return;
      send(scanner.flush());
      if (scanner.failure !== undefined) {
        // The upstream's own error event already went out: the stream is explicit as it is.
        const error = options.failureOf(scanner.failure);
        if (open()) sink.end();
        finish({ error, cancelled: false }, { usage: scanner.usage, error });
      } else if (!scanner.completed) {
        fail(
          new SwitchboardError(
            'STREAM_INTERRUPTED',
            `${options.provider} stopped mid-answer; the text so far is incomplete.`,
            {
              provider: options.provider,
              isRetryable: true,
            },
          ),
        );
      } else {
        if (open()) sink.end();
        finish({ error: undefined, cancelled: false }, { usage: scanner.usage });
      }
    };
    const onError = (raw: unknown): void => {
      if (!done) fail(options.classify(raw));
    };
    const onSinkClose = (): void => {
      if (done) return;
      options.abort();
      body.destroy();
      finish(
        { error: undefined, cancelled: true },
        {
          usage: scanner.usage,
          error: new SwitchboardError('CANCELLED', 'The consumer stopped reading.', { isRetryable: false }),
        },
      );
    };

    sink.on('close', onSinkClose);
    body.on('data', onData);
    body.once('end', onEnd);
    body.on('error', onError);
    if (body.errored) {
      onError(body.errored);
      return;
    }
    send(first);
    // A body whose last bytes came with the first ones may have ended while it waited here.
    if (body.readableEnded) onEnd();
    else if (waiting) body.resume();
  }

  return { pipe, ended };
}
