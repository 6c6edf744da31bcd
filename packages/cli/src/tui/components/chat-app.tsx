import { Box, useWindowSize } from 'ink';
import { useCallback } from 'react';
import type { ChatController } from '../chat-controller-types.js';
import type { ChatStore } from '../chat-store.js';
import type { Theme } from '../theme.js';
import { useAuthStatus } from '../hooks/use-auth-status.js';
import { useChatState } from '../hooks/use-chat-state.js';
import { useGlobalKeys } from '../hooks/use-global-keys.js';
import { useReprintOnResize } from '../hooks/use-reprint-on-resize.js';
import { CommandHints } from './command-hints.js';
import { OverlayView } from './overlay-view.js';
import { PromptInput } from './prompt-input.js';
import { StatusLine } from './status-line.js';
import { StreamingMessage } from './streaming-message.js';
import { ThemeContext } from './theme-context.js';
import { Transcript } from './transcript.js';

/** Lines the live frame keeps for itself besides a dialog or an answer: input box, status line, margins. */
const FRAME_LINES = 6;
/** An answer still streaming while a dialog is open keeps only its last lines on screen. */
const STREAM_LINES_UNDER_DIALOG = 3;

/** The chat: transcript (scrollback), the answer streaming, the input or a dialog, the status line. */
export function ChatApp({ store, controller, theme }: { store: ChatStore; controller: ChatController; theme: Theme }) {
  const state = useChatState(store);
  const { rows, columns } = useWindowSize();
  useGlobalKeys(controller);
  const overlay = state.overlay;
  useAuthStatus(
    controller,
    overlay.type === 'model-picker' || (overlay.type === 'choice' && overlay.purpose !== 'login-method'),
  );
  const reprint = useCallback(() => store.dispatch({ type: 'reprinted' }), [store]);
  useReprintOnResize(reprint);
  const placeholder = state.current ? `Message ${state.current.name} · /model to switch · /help` : 'Loading…';
  return (
    <ThemeContext.Provider value={theme}>
      <Transcript entries={state.entries} epoch={state.printEpoch} />
      <Box flexDirection="column" width={columns}>
        {state.streaming ? (
          <StreamingMessage
            reply={state.streaming}
            maxHeight={overlay.type === 'none' ? rows - FRAME_LINES - 2 : STREAM_LINES_UNDER_DIALOG}
          />
        ) : null}
        {overlay.type === 'none' ? (
          <>
            <PromptInput
              input={state.input}
              controller={controller}
              active
              placeholder={placeholder}
              maxLines={Math.max(3, rows - FRAME_LINES - 6)}
            />
            <CommandHints input={state.input.text} />
          </>
        ) : (
          <OverlayView
            overlay={overlay}
            models={state.models}
            height={rows - FRAME_LINES - (state.streaming ? STREAM_LINES_UNDER_DIALOG + 2 : 0)}
            controller={controller}
          />
        )}
        <StatusLine
          ready={state.ready}
          current={state.current}
          usage={state.usage}
          busy={state.busy}
          exitArmed={state.exitArmed}
          streaming={state.streaming !== null}
        />
      </Box>
    </ThemeContext.Provider>
  );
}
