import { useEffect } from 'react';
import type { ChatController } from '../chat-controller-types.js';

/** How often login status is re-read while it is on screen. */
export const LIVE_STATUS_INTERVAL_MS = 1000;
/** How often otherwise (the status line's expiry warning). */
export const IDLE_STATUS_INTERVAL_MS = 30_000;

/**
 * Keeps login status current. Logins and logouts in this process arrive as AuthManager events;
 * other terminals write the same files, so while the picker (or a provider choice) is open the
 * status is re-read every second, and every 30 s otherwise.
 */
export function useAuthStatus(controller: ChatController, live: boolean): void {
  useEffect(() => {
    const timer = setInterval(
      () => {
        void controller.refresh().catch(() => undefined);
      },
      live ? LIVE_STATUS_INTERVAL_MS : IDLE_STATUS_INTERVAL_MS,
    );
    return () => clearInterval(timer);
  }, [controller, live]);
}
