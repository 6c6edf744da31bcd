import { useInput } from 'ink';
import type { ChatController } from '../chat-controller-types.js';

/** Esc and Ctrl-C, wherever the focus is: they stop, cancel or close, and Ctrl-C twice leaves. */
export function useGlobalKeys(controller: ChatController): void {
  useInput((input, key) => {
    if (key.escape) controller.escape();
    else if (key.ctrl && input === 'c') controller.interrupt();
  });
}
