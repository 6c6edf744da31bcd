import type { ChatController } from './chat-controller-types.js';
import type { ChatStore } from './chat-store.js';
import { createKeyHandlers } from './create-key-handlers.js';

/**
 * The controller of the first frames, drawn before Switchboard's home and the provider
 * runtime are loaded: typing works, everything else waits for the real controller.
 */
export function createBootController(store: ChatStore, exit: () => void): ChatController {
  const nothing = () => undefined;
  return {
    ...createKeyHandlers(store, {
      submit: nothing,
      complete: nothing,
      confirmPicker: nothing,
      confirmChoice: nothing,
      submitField: nothing,
      dismiss: nothing,
    }),
    dismiss: nothing,
    escape: nothing,
    interrupt() {
      if (store.getState().exitArmed) exit();
      else store.dispatch({ type: 'exit-armed', armed: true });
    },
    refresh: async () => undefined,
    dispose: nothing,
  };
}
