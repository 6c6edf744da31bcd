/** One event of a recorded chat stream: its SSE id (1, 2, …) and its JSON data. */
export interface ChatStreamEvent {
  readonly id: number;
  readonly data: string;
}

/** Where a chat answer's stream is written while it is produced. */
export interface ChatStreamWriter {
  push(data: string): void;
  end(): void;
  /** This answer's events from after `after` (all without), then live: the request that started it reads this. */
  follow(after: number | undefined, signal?: AbortSignal): AsyncIterable<ChatStreamEvent>;
  /**
   * The client that asked went away: keep this answer where a reconnect to any instance finds
   * it (shared streams write it to the database from now on; in-process ones need nothing).
   */
  persist?(): void;
}

/**
 * The chat answers being streamed, recorded so a client that lost its connection reconnects and
 * resumes after the last event it saw (`Last-Event-ID`), then follows live. A finished stream
 * stays `keepMs` (default 60 s) for a late reconnect. `createChatStreams` keeps them in this
 * process; `createSharedChatStreams` also in the database, for a reconnect to another instance.
 */
export interface ChatStreams {
  open(key: string): ChatStreamWriter;
  /** The stream of `key` from after event `after` (all of it without), or undefined when none is kept. */
  follow(
    key: string,
    after: number | undefined,
    signal?: AbortSignal,
  ): AsyncIterable<ChatStreamEvent> | undefined | Promise<AsyncIterable<ChatStreamEvent> | undefined>;
}

interface Recording {
  events: string[];
  done: boolean;
  wake: Set<() => void>;
}

/** Creates the in-process {@link ChatStreams}. */
export function createChatStreams(options: { keepMs?: number } = {}): ChatStreams & {
  follow(key: string, after: number | undefined, signal?: AbortSignal): AsyncIterable<ChatStreamEvent> | undefined;
} {
  const keepMs = options.keepMs ?? 60_000;
  const recordings = new Map<string, Recording>();
  const wakeAll = (recording: Recording) => {
    for (const wake of recording.wake) wake();
    recording.wake.clear();
  };
  return {
    open(key) {
      const recording: Recording = { events: [], done: false, wake: new Set() };
      recordings.set(key, recording);
      return {
        push(data) {
          recording.events.push(data);
          wakeAll(recording);
        },
        end() {
          recording.done = true;
          wakeAll(recording);
          setTimeout(() => {
            if (recordings.get(key) === recording) recordings.delete(key);
          }, keepMs).unref();
        },
        // Its own recording, even if another answer of the same chat started meanwhile.
        follow: (after, signal) => followRecording(recording, after, signal),
      };
    },
    follow(key, after, signal) {
      const recording = recordings.get(key);
      return recording ? followRecording(recording, after, signal) : undefined;
    },
  };
}

async function* followRecording(
  recording: Recording,
  after: number | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<ChatStreamEvent> {
  let index = Math.max(0, after ?? 0);
  for (;;) {
    while (index < recording.events.length) {
      yield { id: index + 1, data: recording.events[index] as string };
      index += 1;
    }
    if (recording.done || signal?.aborted) return;
    // One listener per wait, removed again: a long answer must not pile listeners on the signal.
    await new Promise<void>((resolve) => {
      const onAbort = () => {
        recording.wake.delete(wake);
        resolve();
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      recording.wake.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
