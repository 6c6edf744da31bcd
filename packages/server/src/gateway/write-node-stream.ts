import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** The header @hono/node-server reads as "the handler already answered on the Node response". */
const ALREADY_SENT_HEADER = 'x-hono-already-sent';

/**
 * Sends a streamed body straight to the Node response (under Hono, answer with {@link alreadySent}
 * after it, which @hono/node-server then leaves alone). Its generic path turns a web `Response` back into Node
 * writes with a head written apart from the first bytes and a read loop of its own; here the
 * head goes out with the first chunk, each later chunk in one write, and a slow client pauses
 * the reads (backpressure). The client going away cancels the body, which aborts what feeds it.
 */
export function writeNodeStream(
  outgoing: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: ReadableStream<Uint8Array>,
): void {
  const reader = body.getReader();
  let finished = false;
  let wake: (() => void) | undefined;
  const onClose = (): void => {
    wake?.();
    if (!finished) void reader.cancel().catch(() => undefined);
  };
  outgoing.once('close', onClose);
  outgoing.writeHead(status, headers);
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (outgoing.destroyed) return;
        if (!outgoing.write(value))
          await new Promise<void>((resolve) => {
            wake = resolve;
            outgoing.once('drain', resolve);
          });
        wake = undefined;
        if (outgoing.destroyed) return;
      }
      finished = true;
      outgoing.end();
    } catch {
      // The body failed without its own error event (the runtime's relay always ends with one).
      finished = true;
      outgoing.destroy();
    }
  })();
}

/** The placeholder Response of an answer already written to the Node response (@hono/node-server leaves it alone). */
export function alreadySent(): Response {
  return new Response(null, { headers: { [ALREADY_SENT_HEADER]: 'true' } });
}
