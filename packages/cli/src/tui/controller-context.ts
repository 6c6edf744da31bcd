import type { CatalogModel, ProviderId, SwitchboardError } from '@switchboard/core';
import type { ChatServices } from './chat-services.js';
import type { ModalSubject, Tone } from './chat-state.js';
import type { ChatStore } from './chat-store.js';
import type { LoginSnapshot } from './model-routes.js';

/** What the controller's parts (switcher, streamer, login runner, commands) share. */
export interface ControllerContext {
  readonly store: ChatStore;
  readonly services: ChatServices;
  /** Reads config and sessions (nothing is published). */
  readSnapshot(): Promise<LoginSnapshot>;
  /** Called once by `load`: the first snapshot and the model the chat starts with. */
  setLoaded(snapshot: LoginSnapshot, model: CatalogModel): void;
  /** The latest login snapshot. */
  snapshot(): LoginSnapshot;
  /** Reads sessions and config again and updates the picker and status line (single-flight). */
  refresh(): Promise<LoginSnapshot>;
  /** The model in use. */
  currentModel(): CatalogModel;
  /** Makes `model` the model in use (after a confirmed switch). */
  setCurrentModel(model: CatalogModel): void;
  notice(text: string, tone?: Tone): void;
  modal(tone: Tone, title: string, lines: readonly string[], about?: ModalSubject): void;
  /** The modal "Claude Opus 4.1 requires Claude login. Run /login --provider=claude". */
  showLoginRequired(model: CatalogModel): void;
  /** The modal "Claude session expired. Run /login --provider=claude" (once, however many say it). */
  showExpired(provider: ProviderId): void;
  /** Shows the right dialog for LOGIN_REQUIRED / SESSION_EXPIRED; false for other errors. */
  explainLoginError(error: SwitchboardError, model?: CatalogModel): boolean;
}
