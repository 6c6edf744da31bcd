import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createChatStreams, type ChatStreamEvent } from './create-chat-streams.js';

async function collect(events: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const seen: ChatStreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe('createChatStreams', () => {
  it('replays after an event id, then follows live until the end', async () => {
    const streams = createChatStreams();
    const writer = streams.open('ada:c1');
    writer.push('a');
    writer.push('b');
    const resumed = collect(streams.follow('ada:c1', 1)!);
    writer.push('c');
    writer.end();
    expect(await resumed).toEqual([
      { id: 2, data: 'b' },
      { id: 3, data: 'c' },
    ]);
    expect(streams.follow('bob:c1', undefined)).toBeUndefined();
  });

  it('two answers of one chat at once: each request follows its own; a reconnect gets the latest', async () => {
    const streams = createChatStreams();
    const first = streams.open('ada:c1');
    const second = streams.open('ada:c1');
    first.push('first');
    second.push('second');
    first.end();
    second.end();
    expect(await collect(first.follow(undefined))).toEqual([{ id: 1, data: 'first' }]);
    expect(await collect(second.follow(undefined))).toEqual([{ id: 1, data: 'second' }]);
    expect(await collect(streams.follow('ada:c1', undefined)!)).toEqual([{ id: 1, data: 'second' }]);
  });

  it('a follower whose client left stops waiting, and leaves no listener behind', async () => {
    const streams = createChatStreams();
    const writer = streams.open('ada:c2');
    const controller = new AbortController();
    const following = collect(writer.follow(undefined, controller.signal));
    for (let index = 0; index < 50; index += 1) {
      writer.push(String(index));
      await new Promise((resolve) => setImmediate(resolve));
    }
    // One wait at a time holds one listener: the 50 earlier ones were removed.
    expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
    controller.abort();
    expect((await following).length).toBe(50);
    writer.end();
  });

  it('forgets a finished answer after its keep time', async () => {
    const streams = createChatStreams({ keepMs: 10 });
    streams.open('ada:c3').end();
    expect(streams.follow('ada:c3', undefined)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(streams.follow('ada:c3', undefined)).toBeUndefined();
  });
});
