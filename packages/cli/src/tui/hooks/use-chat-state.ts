import { useSyncExternalStore } from 'react';
import type { ChatState } from '../chat-state.js';
import type { ChatStore } from '../chat-store.js';

/** The chat's state, re-rendering on every change. */
export function useChatState(store: ChatStore): ChatState {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
