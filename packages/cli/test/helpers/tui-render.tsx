import { PassThrough } from 'node:stream';
import { render } from 'ink-testing-library';
import type { CliIo } from '../../src/cli-io.js';
import { createChatController, type LoadedChatController } from '../../src/tui/chat-controller.js';
import { createChatStore, type ChatStore } from '../../src/tui/chat-store.js';
import { ChatApp } from '../../src/tui/components/chat-app.js';
import { openChatServices } from '../../src/tui/open-chat-services.js';
import { showWarning } from '../../src/tui/show-warning.js';
import { createTheme } from '../../src/tui/theme.js';

/** Keys as a terminal sends them. */
export const KEYS = {
  enter: '\r',
  escape: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  tab: '\t',
  backspace: '\u007f',
  ctrlC: '\u0003',
} as const;

/** The whole chat, rendered by ink-testing-library over the real controller and services. */
export interface RenderedChat {
  store: ChatStore;
  controller: LoadedChatController;
  frame(): string;
  /** Writes to the app's stdin as a terminal would (one chunk). */
  press(data: string): Promise<void>;
  /** Types text, then Enter, as two chunks. */
  send(text: string): Promise<void>;
  /** Waits until the frame satisfies `predicate` (polling; fails with the last frame). */
  waitFor(predicate: (frame: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  exited(): boolean;
  unmount(): void;
}

/** Opens the chat's services for `environment` (as `sb chat` does) and renders the app. */
export async function renderChat(environment: Record<string, string>): Promise<RenderedChat> {
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: () => true },
    stdin: new PassThrough(),
    environment,
    platform: 'linux',
    now: () => Date.now(),
    onInterrupt: () => () => undefined,
  };
  const store = createChatStore();
  // As `sb chat` does: the runtime's warnings become notices in the transcript.
  const services = await openChatServices(io, { onWarning: showWarning(store) });
  let exited = false;
  const controller = createChatController({ store, services, exit: () => (exited = true) });
  const app = render(<ChatApp store={store} controller={controller} theme={createTheme(false)} />);
  await controller.load();
  const frame = () => app.lastFrame() ?? '';
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  const rendered: RenderedChat = {
    store,
    controller,
    frame,
    async press(data) {
      app.stdin.write(data);
      await settle();
    },
    async send(text) {
      await rendered.press(text);
      await rendered.press(KEYS.enter);
    },
    async waitFor(predicate, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const current = frame();
        if (predicate(current)) return current;
        await settle();
      }
      throw new Error(`Timed out waiting for ${what}. Last frame:\n${frame()}`);
    },
    exited: () => exited,
    unmount() {
      controller.dispose();
      app.unmount();
    },
  };
  return rendered;
}
