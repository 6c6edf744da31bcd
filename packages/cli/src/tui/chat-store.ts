import type { ChatAction } from './chat-action.js';
import { chatReducer } from './chat-reducer.js';
import { INITIAL_CHAT_STATE, type ChatState } from './chat-state.js';

/** The chat's state container: React reads it with useSyncExternalStore, the controller dispatches. */
export interface ChatStore {
  getState(): ChatState;
  dispatch(action: ChatAction): void;
  subscribe(listener: () => void): () => void;
}

/** Creates a store holding {@link ChatState}, changed only through {@link chatReducer}. */
export function createChatStore(initial: ChatState = INITIAL_CHAT_STATE): ChatStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = chatReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
