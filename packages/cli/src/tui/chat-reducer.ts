import type { ChatAction } from './chat-action.js';
import type { ChatState, NewTranscriptEntry, TranscriptEntry } from './chat-state.js';
import { EMPTY_INPUT } from './input-buffer.js';
import { browse, remember } from './input-history.js';
import { filterModels, moveSelection } from './picker-model.js';

/** The one place the chat's state changes. Pure: the controller does the I/O and dispatches. */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'loaded':
      return {
        ...state,
        ready: true,
        current: action.current,
        models: action.models,
        providerNames: action.providerNames,
      };
    case 'models-refreshed':
      return { ...state, current: action.current, models: action.models };
    case 'input-changed':
      return { ...state, input: action.input, exitArmed: false };
    case 'history-browsed': {
      const moved = browse(state.history, state.input, action.direction);
      return moved ? { ...state, history: moved.history, input: moved.input } : state;
    }
    case 'submitted':
      return { ...state, history: remember(state.history, action.text), input: EMPTY_INPUT, exitArmed: false };
    case 'entry-added':
      return addEntry(state, action.entry);
    case 'stream-started':
      return { ...state, streaming: { text: '', modelName: action.modelName } };
    case 'stream-delta':
      return state.streaming
        ? { ...state, streaming: { ...state.streaming, text: state.streaming.text + action.text } }
        : state;
    case 'stream-ended': {
      const reply = state.streaming;
      const cleared = { ...state, streaming: null };
      if (!reply || (reply.text === '' && action.outcome === 'failed')) return cleared;
      return addEntry(cleared, {
        kind: 'assistant',
        text: reply.text,
        modelName: reply.modelName,
        outcome: action.outcome,
      });
    }
    case 'route-served':
      return { ...state, current: action.current };
    case 'usage-added':
      return {
        ...state,
        usage: {
          inputTokens: state.usage.inputTokens + action.inputTokens,
          outputTokens: state.usage.outputTokens + action.outputTokens,
          costUsd: state.usage.costUsd + action.costUsd,
        },
      };
    case 'overlay-opened':
      return { ...state, overlay: action.overlay, exitArmed: false };
    case 'overlay-closed':
      return { ...state, overlay: { type: 'none' } };
    case 'picker-filtered': {
      if (state.overlay.type !== 'model-picker') return state;
      const visible = filterModels(state.models, action.filter);
      const keep = visible.some(
        (model) => model.id === (state.overlay.type === 'model-picker' ? state.overlay.selectedId : null),
      );
      const selectedId = keep ? state.overlay.selectedId : (visible[0]?.id ?? null);
      return { ...state, overlay: { ...state.overlay, filter: action.filter, selectedId } };
    }
    case 'picker-moved': {
      if (state.overlay.type !== 'model-picker') return state;
      const visible = filterModels(state.models, state.overlay.filter);
      return {
        ...state,
        overlay: { ...state.overlay, selectedId: moveSelection(visible, state.overlay.selectedId, action.delta) },
      };
    }
    case 'choice-moved': {
      const overlay = state.overlay;
      if (overlay.type !== 'choice' && overlay.type !== 'fallback-offer') return state;
      const count = overlay.choices.length;
      if (count === 0) return state;
      const selected = (((overlay.selected + action.delta) % count) + count) % count;
      return { ...state, overlay: { ...overlay, selected } };
    }
    case 'field-changed': {
      const overlay = state.overlay;
      if (overlay.type !== 'form' && overlay.type !== 'login-progress') return state;
      return { ...state, overlay: { ...overlay, field: action.field } };
    }
    case 'busy-changed':
      return { ...state, busy: action.message };
    case 'exit-armed':
      return { ...state, exitArmed: action.armed };
    case 'cleared':
      return {
        ...state,
        entries: [],
        streaming: null,
        usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
        printEpoch: state.printEpoch + 1,
      };
    case 'reprinted':
      return { ...state, printEpoch: state.printEpoch + 1 };
  }
}

function addEntry(state: ChatState, entry: NewTranscriptEntry): ChatState {
  const numbered = { ...entry, id: state.nextId } as TranscriptEntry;
  return { ...state, entries: [...state.entries, numbered], nextId: state.nextId + 1 };
}
