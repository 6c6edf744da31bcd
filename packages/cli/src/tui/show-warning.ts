import type { ChatStore } from './chat-store.js';

/**
 * How the chat shows something the runtime wants a person to know without failing the request
 * (a plan that ran out and the key that took over, a budget nearly spent): a warning notice in
 * the transcript.
 */
export function showWarning(store: ChatStore): (message: string) => void {
  return (message) =>
    store.dispatch({ type: 'entry-added', entry: { kind: 'notice', text: message, tone: 'warning' } });
}
