import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Frame, StreamScript } from './dialect.js';

/** How a stream ends: normally, with the socket destroyed, or with an in-band error event. */
export type StreamEnding =
  | { kind: 'complete' }
  | { kind: 'cut'; afterChunks: number }
  | { kind: 'error'; afterChunks: number; frames: (framesWritten: number) => Frame[] };

function concatFrames(frames: Frame[]): string | Buffer {
  if (frames.every((frame) => typeof frame === 'string')) return frames.join('');
  return Buffer.concat(frames.map((frame) => (typeof frame === 'string' ? Buffer.from(frame) : frame)));
}

function write(response: ServerResponse, frames: Frame[]): Promise<void> {
  if (frames.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    // The callback fires once the data reached the socket (or with an error when it is gone).
    response.write(concatFrames(frames), () => resolve());
  });
}

/**
 * Writes a stream script. With `chunkDelayMs` 0 everything is written in one go (fast enough
 * for hundreds of concurrent streams); otherwise deltas are spaced by the delay. A cut waits
 * until the partial stream reached the socket, then closes it: the client sees data, then the
 * connection ends mid-body, and no terminal event.
 */
export async function writeStream(
  response: ServerResponse,
  script: StreamScript,
  ending: StreamEnding,
  options: { chunkDelayMs: number; signal: AbortSignal },
): Promise<void> {
  const deltaCount =
    ending.kind === 'complete' ? script.deltas.length : Math.min(ending.afterChunks, script.deltas.length);
  const deltas = script.deltas.slice(0, deltaCount);
  const tail =
    ending.kind === 'complete'
      ? script.finale
      : ending.kind === 'error'
        ? ending.frames(script.prelude.length + deltaCount)
        : [];

  response.writeHead(200, { 'cache-control': 'no-cache', ...script.headers });
  if (options.chunkDelayMs <= 0) {
    await write(response, [...script.prelude, ...deltas, ...(ending.kind === 'cut' ? [] : tail)]);
  } else {
    response.flushHeaders();
    await write(response, script.prelude);
    for (const delta of deltas) {
      await sleep(options.chunkDelayMs, undefined, { signal: options.signal });
      await write(response, [delta]);
    }
    if (ending.kind !== 'cut') await write(response, tail);
  }
  if (ending.kind === 'cut') {
    // Flush what was written (headers included), then close the connection without the
    // chunked terminator: the client's parser sees a premature end of the body.
    response.flushHeaders();
    response.socket?.destroySoon();
    return;
  }
  response.end();
}
