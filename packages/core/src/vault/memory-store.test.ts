import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';

describe('memory store', () => {
  it('starts empty or from a copy of the initial document', async () => {
    expect(await createMemoryStore().read()).toEqual({ version: 2, sessions: {}, secrets: {} });
    const initial = { version: 1 as const, sessions: {}, secrets: { a: 'b' } };
    const store = createMemoryStore({ initial });
    initial.secrets.a = 'changed';
    expect((await store.read()).secrets).toEqual({ a: 'b' });
    expect(store.kind).toBe('memory');
  });

  it('hands out frozen documents and copies to lock holders: only update/write change what is stored', async () => {
    const store = createMemoryStore();
    const document = await store.read();
    expect(() => {
      document.secrets.x = 'y';
    }).toThrow(TypeError);
    expect((await store.read()).secrets).toEqual({});
    const returned = await store.update((current) => {
      current.secrets.x = 'y';
    });
    returned.secrets.x = 'z';
    expect((await store.read()).secrets).toEqual({ x: 'y' });
  });

  it('serialises concurrent updates and withLock tasks', async () => {
    const store = createMemoryStore();
    const slowIncrement = () =>
      store.withLock(async ({ read, write }) => {
        const document = await read();
        await new Promise((resolve) => setTimeout(resolve, 1));
        document.secrets.counter = String(Number(document.secrets.counter ?? '0') + 1);
        await write(document);
      });
    const increment = () =>
      store.update((document) => {
        document.secrets.counter = String(Number(document.secrets.counter ?? '0') + 1);
      });
    await Promise.all(Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? slowIncrement() : increment())));
    expect((await store.read()).secrets.counter).toBe('30');
  });

  it('keeps working after a failed task and refuses invalid documents', async () => {
    const store = createMemoryStore();
    await expect(
      store.update(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(store.update(() => ({ version: 2, sessions: {}, secrets: { n: 1 } }) as never)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await store.update((document) => {
      document.secrets.ok = 'yes';
    });
    expect((await store.read()).secrets).toEqual({ ok: 'yes' });
  });
});
