import type { Readable, Writable } from 'node:stream';
import { SwitchboardError } from '../errors.js';
import { timeoutReason } from '../internal/abort-reason.js';
import type { ForwardedNodeStream, ForwardedStreamOutcome } from './forward-types.js';
import type { OpenedNodeForwardStream } from './open-node-forward.js';
import type { StreamRelayHooks } from './relay-forwarded-stream.js';
import type { WireByteScanner } from './wire-byte-scanner.js';
import type { WireUsage } from './wire-event-inspector.js';

/** Options of {@link relayNodeStream}: those of the web relay, over a Node answer. */
export type RelayNodeStreamOptions = StreamRelayHooks & {
  opened: OpenedNodeForwardStream;
};

/** A forwarded stream to pipe into the caller's response, and how it ended. */
export type RelayedNodeStream = Omit<ForwardedNodeStream, 'contentType'>;

/**
 * The Node counterpart of `relayForwardedStream`: the upstream's bytes go to the caller's
 * response as they come, watched by the byte scanner for usage and the clean end, with every
 * way of ending explicit and recorded once — the upstream's end; its error event (passed on,
 * scrubbed); a cut, an idle timeout or an upstream that just stops (the caller's error event is
 * appended); the caller going away (the upstream request is aborted).
 */
export function relayNodeStream(options: RelayNodeStreamOptions): RelayedNodeStream {
  const { body, scanner, first, contentType } = options.opened;
  return new NodeStreamRelay(body, scanner, first, contentType, options);
}

type Result = { usage?: WireUsage | undefined; error?: SwitchboardError };

/**
 * {@link relayNodeStream}'s relay as one object per stream: what `Runtime.forward` and a
 * `ForwardLane` both hand the caller once the first bytes are there. `hooks` (a lane's stream
 * object itself, or the forward's options) abort the upstream, classify failures and record
 * the end.
 */
export class NodeStreamRelay implements ForwardedNodeStream {
  private sink: Writable | undefined;
  private done = false;
  /** True while the upstream is being read; false while a full sink holds it. */
  private waiting = true;
  private idle: NodeJS.Timeout | undefined;
  private outcome: ForwardedStreamOutcome | undefined;
  private onEnded: ((outcome: ForwardedStreamOutcome) => void) | undefined;
  private endedPromise: Promise<ForwardedStreamOutcome> | undefined;
  private settleEnded: ((outcome: ForwardedStreamOutcome) => void) | undefined;

  constructor(
    private readonly body: Readable,
    private readonly scanner: WireByteScanner,
    /** The first bytes, until they are sent (then dropped: a stream keeps nothing it has sent). */
    private first: Buffer | undefined,
    readonly contentType: string,
    private readonly hooks: StreamRelayHooks,
  ) {}

  /** Settles when the stream has ended (usage recorded); never rejects. Made only when asked for. */
  get ended(): Promise<ForwardedStreamOutcome> {
    if (this.endedPromise === undefined) {
      const { outcome } = this;
      this.endedPromise =
        outcome !== undefined
          ? Promise.resolve(outcome)
          : new Promise((resolve) => {
              this.settleEnded = resolve;
            });
    }
    return this.endedPromise;
  }

  /**
   * Writes the stream into `sink` (the caller's Node response), once, and ends it. A full sink
   * pauses the upstream (backpressure); a sink closed early (the caller went away) aborts it.
   * `onEnded` is called once, as {@link NodeStreamRelay.ended} settles.
   */
  pipe(sink: Writable, onEnded?: (outcome: ForwardedStreamOutcome) => void): void {
    if (this.sink !== undefined) throw new Error('A forwarded stream is piped once.');
    this.sink = sink;
    this.onEnded = onEnded;
    const { body, hooks } = this;
    this.idle = setTimeout(this.onIdle, hooks.idleTimeoutMs);
    sink.on('close', this.onSinkClose);
    body.on('data', this.onData);
    body.on('end', this.onEnd);
    body.on('error', this.onError);
    if (body.errored) {
      this.onError(body.errored);
      return;
    }
    const first = this.first!;
    this.first = undefined;
    this.send(first);
    // A body whose last bytes came with the first ones may have ended while it waited here.
    if (body.readableEnded) this.onEnd();
    else if (this.waiting) body.resume();
  }

  private readonly onIdle = (): void => {
    const { hooks } = this;
    if (this.waiting) hooks.abort(timeoutReason(`${hooks.provider} sent nothing for ${hooks.idleTimeoutMs} ms.`));
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.done) return;
    this.idle!.refresh();
    this.send(this.scanner.feed(chunk) ?? chunk);
  };

  private readonly onDrain = (): void => {
    if (this.done) return;
    this.waiting = true;
    this.idle!.refresh();
    this.body.resume();
  };

  private readonly onEnd = (): void => {
    if (this.done) return;
    const { scanner, hooks } = this;
    this.send(scanner.flush());
    if (scanner.failure !== undefined) {
      // The upstream's own error event already went out: the stream is explicit as it is.
      const error = hooks.failureOf(scanner.failure);
      if (this.open()) this.sink!.end();
      this.finish({ error, cancelled: false }, { usage: scanner.usage, error });
    } else if (!scanner.completed) {
      this.fail(
        new SwitchboardError(
          'STREAM_INTERRUPTED',
          `${hooks.provider} stopped mid-answer; the text so far is incomplete.`,
          {
            provider: hooks.provider,
            isRetryable: true,
          },
        ),
      );
    } else {
      if (this.open()) this.sink!.end();
      this.finish({ error: undefined, cancelled: false }, { usage: scanner.usage });
    }
  };

  private readonly onError = (raw: unknown): void => {
    if (!this.done) this.fail(this.hooks.classify(raw));
  };

  private readonly onSinkClose = (): void => {
    if (this.done) return;
    this.hooks.abort();
    this.body.destroy();
    this.finish(
      { error: undefined, cancelled: true },
      {
        usage: this.scanner.usage,
        error: new SwitchboardError('CANCELLED', 'The consumer stopped reading.', { isRetryable: false }),
      },
    );
  };

  private open(): boolean {
    const sink = this.sink!;
    return !sink.destroyed && !sink.writableEnded;
  }

  private send(bytes: Buffer): void {
    if (bytes.length === 0 || !this.open() || this.sink!.write(bytes)) return;
    this.body.pause();
    this.waiting = false;
    this.sink!.once('drain', this.onDrain);
  }

  private fail(error: SwitchboardError): void {
    if (this.open()) this.sink!.end(this.hooks.encodeError(error));
    this.hooks.abort();
    this.body.destroy();
    this.finish({ error, cancelled: false }, { usage: this.scanner.usage, error });
  }

  private finish(outcome: ForwardedStreamOutcome, result: Result): void {
    this.done = true;
    clearTimeout(this.idle);
    // The listeners stay on: each returns at once once `done` (cheaper than removing them).
    this.outcome = outcome;
    this.hooks.end(result);
    this.onEnded?.(outcome);
    this.settleEnded?.(outcome);
  }
}
