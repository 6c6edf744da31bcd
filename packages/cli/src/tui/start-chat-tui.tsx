import { render } from 'ink';
import type { CliIo } from '../cli-io.js';
import { createBootController } from './create-boot-controller.js';
import { createChatStore } from './chat-store.js';
import { showWarning } from './show-warning.js';
import { ChatApp } from './components/chat-app.js';
import { clearTerminal } from './hooks/use-reprint-on-resize.js';
import { colorEnabled, createTheme } from './theme.js';

/** The terminal the chat draws on: real TTY streams (the caller checked). */
export interface ChatTerminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/**
 * Runs the chat until the person leaves; returns the exit code. The first frame is drawn before
 * Switchboard's home, catalog and provider runtime load (they take longer than Ink itself), so
 * the screen answers at once; the controller takes over as soon as they are ready.
 */
export async function startChatTui(io: CliIo, terminal: ChatTerminal): Promise<number> {
  const store = createChatStore();
  const theme = createTheme(colorEnabled(io.environment));
  let leave = (): void => undefined;
  const boot = createBootController(store, () => leave());
  const instance = render(<ChatApp store={store} controller={boot} theme={theme} />, {
    stdin: terminal.stdin,
    stdout: terminal.stdout,
    stderr: terminal.stdout,
    exitOnCtrlC: false,
    // Keys and the switch confirmation should reach the screen within a frame.
    maxFps: 60,
  });
  leave = () => instance.unmount();
  const exited = instance.waitUntilExit();

  try {
    const [{ openChatServices }, { createChatController }] = await Promise.all([
      import('./open-chat-services.js'),
      import('./chat-controller.js'),
    ]);
    const services = await openChatServices(io, { onWarning: showWarning(store) });
    const controller = createChatController({
      store,
      services,
      exit: () => leave(),
      clearScreen: () => clearTerminal(terminal.stdout),
    });
    instance.rerender(<ChatApp store={store} controller={controller} theme={theme} />);
    await controller.load();
    await exited;
    controller.dispose();
    // `sb` exits right after: the last answers' usage lines must be on disk first.
    await services.flush();
    return 0;
  } catch (error) {
    instance.unmount();
    await exited.catch(() => undefined);
    throw error;
  }
}
