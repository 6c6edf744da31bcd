import { describe, expect, it } from 'vitest';
import { chatReducer } from './chat-reducer.js';
import { INITIAL_CHAT_STATE, type ChatState } from './chat-state.js';
import type { PickerModel } from './picker-model.js';

const model = (id: string, group: string, loggedIn = true): PickerModel => ({
  id,
  name: id,
  label: id,
  group,
  searchText: `${id} ${group}`.toLowerCase(),
  loggedIn,
  active: false,
});
const models = [
  model('claude-opus-4-1', 'Claude'),
  model('claude-sonnet-5-5', 'Claude'),
  model('gpt-6-sol', 'ChatGPT', false),
];

describe('chatReducer', () => {
  it('commits a streamed answer to the transcript, marked with how it ended', () => {
    let state = chatReducer(INITIAL_CHAT_STATE, { type: 'stream-started', modelName: 'Claude Opus 4.1' });
    state = chatReducer(state, { type: 'stream-delta', text: 'Hel' });
    state = chatReducer(state, { type: 'stream-delta', text: 'lo' });
    state = chatReducer(state, { type: 'stream-ended', outcome: 'cancelled' });
    expect(state.streaming).toBeNull();
    expect(state.entries).toEqual([
      { id: 1, kind: 'assistant', text: 'Hello', modelName: 'Claude Opus 4.1', outcome: 'cancelled' },
    ]);
  });

  it('drops a failed answer that produced nothing (the error is reported separately)', () => {
    const started = chatReducer(INITIAL_CHAT_STATE, { type: 'stream-started', modelName: 'X' });
    expect(chatReducer(started, { type: 'stream-ended', outcome: 'failed' }).entries).toEqual([]);
  });

  it('filters the picker and keeps the selection on a visible model', () => {
    let state: ChatState = {
      ...INITIAL_CHAT_STATE,
      models,
      overlay: { type: 'model-picker', filter: '', selectedId: 'claude-sonnet-5-5' },
    };
    state = chatReducer(state, { type: 'picker-filtered', filter: 'claude' });
    expect(state.overlay).toMatchObject({ filter: 'claude', selectedId: 'claude-sonnet-5-5' });
    state = chatReducer(state, { type: 'picker-filtered', filter: 'gpt' });
    expect(state.overlay).toMatchObject({ selectedId: 'gpt-6-sol' });
    state = chatReducer(state, { type: 'picker-filtered', filter: '' });
    state = chatReducer(state, { type: 'picker-moved', delta: -5 });
    expect(state.overlay).toMatchObject({ selectedId: 'claude-opus-4-1' });
  });

  it('adds usage up and resets it with the transcript on /clear', () => {
    let state = chatReducer(INITIAL_CHAT_STATE, {
      type: 'usage-added',
      inputTokens: 10,
      outputTokens: 5,
      costUsd: 0.5,
    });
    state = chatReducer(state, { type: 'usage-added', inputTokens: 1, outputTokens: 2, costUsd: 0.25 });
    expect(state.usage).toEqual({ inputTokens: 11, outputTokens: 7, costUsd: 0.75 });
    state = chatReducer(
      chatReducer(state, { type: 'entry-added', entry: { kind: 'notice', text: 'x', tone: 'info' } }),
      { type: 'cleared' },
    );
    expect(state.entries).toEqual([]);
    expect(state.usage).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
    expect(state.printEpoch).toBe(1);
  });

  it('disarms the second Ctrl-C as soon as something is typed', () => {
    const armed = chatReducer(INITIAL_CHAT_STATE, { type: 'exit-armed', armed: true });
    expect(chatReducer(armed, { type: 'input-changed', input: { text: 'a', cursor: 1 } }).exitArmed).toBe(false);
  });
});
