import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '@switchboard/core';
import { ensureLocalToken, LOCAL_TOKEN_SECRET } from './local-token.js';

describe('ensureLocalToken', () => {
  it('creates the token once, keeps it in the vault secrets and returns it after', async () => {
    const store = createMemoryStore();
    const first = await ensureLocalToken(store);
    expect(first.created).toBe(true);
    expect((await store.read()).secrets[LOCAL_TOKEN_SECRET]).toBe(first.token);
    const second = await ensureLocalToken(store);
    expect(second).toEqual({ token: first.token, created: false });
  });

  it('agrees on one token when two starts race', async () => {
    const store = createMemoryStore();
    const [one, two] = await Promise.all([ensureLocalToken(store), ensureLocalToken(store)]);
    expect(one.token).toBe(two.token);
    expect([one.created, two.created].filter(Boolean)).toHaveLength(1);
  });

  it('keeps the other secrets of the document', async () => {
    const store = createMemoryStore();
    await store.update((document) => {
      document.secrets['other'] = 'kept';
    });
    await ensureLocalToken(store);
    expect((await store.read()).secrets['other']).toBe('kept');
  });
});
