import type { ChatState, CurrentModel, NewTranscriptEntry, Overlay } from './chat-state.js';
import type { InputBuffer } from './input-buffer.js';
import type { PickerModel } from './picker-model.js';

/** Everything that changes the chat's state; see {@link chatReducer}. */
export type ChatAction =
  | { type: 'loaded'; current: CurrentModel | null; models: readonly PickerModel[]; providerNames: readonly string[] }
  | { type: 'models-refreshed'; current: CurrentModel | null; models: readonly PickerModel[] }
  | { type: 'input-changed'; input: InputBuffer }
  | { type: 'history-browsed'; direction: 'previous' | 'next' }
  | { type: 'submitted'; text: string }
  | { type: 'entry-added'; entry: NewTranscriptEntry }
  | { type: 'stream-started'; modelName: string }
  | { type: 'stream-delta'; text: string }
  | { type: 'stream-ended'; outcome: 'complete' | 'cancelled' | 'failed' }
  | { type: 'usage-added'; inputTokens: number; outputTokens: number; costUsd: number }
  /** The route that served the answer being streamed (a fallback may differ from the planned one). */
  | { type: 'route-served'; current: CurrentModel }
  | { type: 'overlay-opened'; overlay: Overlay }
  | { type: 'overlay-closed' }
  | { type: 'picker-filtered'; filter: string }
  | { type: 'picker-moved'; delta: number }
  | { type: 'choice-moved'; delta: number }
  | { type: 'field-changed'; field: InputBuffer }
  | { type: 'busy-changed'; message: string | null }
  | { type: 'exit-armed'; armed: boolean }
  | { type: 'cleared' }
  | { type: 'reprinted' };

/** Reads the state the controller acts on. */
export type GetChatState = () => ChatState;
