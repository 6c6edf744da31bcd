import {
  estimateCost,
  type CatalogModel,
  type ChatRequest,
  type RouteTarget,
  type SwitchboardError,
  type Usage,
} from '@switchboard/core';
import type { ControllerContext } from './controller-context.js';
import { asSwitchboardError, isProviderFailure } from './describe-failure.js';
import { offerOtherModels } from './offer-other-models.js';
import { servedModelView } from './catalog-view.js';

type ModelMessage = ChatRequest['messages'][number];

/** Sends messages and streams the answers into the transcript. */
export interface ReplyStreamer {
  /** Sends `text` (shown as the user's message unless `echo` is false) and streams the answer. */
  send(text: string, options?: { echo?: boolean }): Promise<void>;
  /** Stops the answer being streamed; false when there was none. */
  cancel(): boolean;
  /** Sends the last prompt that failed again (after switching to another model). */
  retryLastFailed(): Promise<void>;
  isStreaming(): boolean;
  /** Forgets the conversation (/clear). */
  reset(): void;
  /** How many messages the model would see next. */
  messageCount(): number;
}

/** Creates the chat's {@link ReplyStreamer}. */
export function createReplyStreamer(context: ControllerContext): ReplyStreamer {
  const { store, services } = context;
  let conversation: ModelMessage[] = [];
  let running: AbortController | null = null;
  let lastFailed: string | null = null;

  async function send(text: string, options: { echo?: boolean } = {}): Promise<void> {
    if (running) return;
    const model = context.currentModel();
    if (options.echo !== false) store.dispatch({ type: 'entry-added', entry: { kind: 'user', text } });
    const messages: ModelMessage[] = [...conversation, { role: 'user', content: text }];
    const abort = new AbortController();
    running = abort;
    store.dispatch({ type: 'stream-started', modelName: model.name });
    let route: RouteTarget | undefined;
    let usage: Usage | undefined;
    let failure: SwitchboardError | undefined;
    let answer = '';
    try {
      for await (const event of services.stream({ model: model.id, messages, signal: abort.signal })) {
        if (event.type === 'start') {
          route = event.route;
          store.dispatch({
            type: 'route-served',
            current: servedModelView(model, route, context.snapshot(), services.now()),
          });
        } else if (event.type === 'text-delta') {
          answer += event.text;
          store.dispatch({ type: 'stream-delta', text: event.text });
        } else if (event.type === 'finish') usage = event.usage;
        else if (event.type === 'error') failure = event.error;
      }
    } catch (error) {
      failure = asSwitchboardError(error);
    } finally {
      running = null;
    }
    if (usage && route) {
      store.dispatch({
        type: 'usage-added',
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        costUsd: estimateCost(usage, model.price, route),
      });
    }
    if (abort.signal.aborted) {
      store.dispatch({ type: 'stream-ended', outcome: 'cancelled' });
      // What was shown stays part of the conversation, as it does on screen.
      conversation = answer === '' ? [...messages] : [...messages, { role: 'assistant', content: answer }];
      context.notice('Stopped.', 'info');
      return;
    }
    if (!failure) {
      store.dispatch({ type: 'stream-ended', outcome: 'complete' });
      conversation = [...messages, { role: 'assistant', content: answer }];
      lastFailed = null;
      return;
    }
    store.dispatch({ type: 'stream-ended', outcome: 'failed' });
    lastFailed = text;
    reportFailure(failure, model, route);
  }

  function reportFailure(failure: SwitchboardError, model: CatalogModel, route: RouteTarget | undefined): void {
    if (context.explainLoginError(failure, model)) return;
    context.notice(failure.message, 'error');
    if (!isProviderFailure(failure)) return;
    const failedProvider = route?.provider ?? failure.provider;
    const choices = offerOtherModels(model, failedProvider, context.snapshot(), services.catalog, services.environment);
    if (choices.length === 0) return;
    store.dispatch({
      type: 'overlay-opened',
      overlay: {
        type: 'fallback-offer',
        message: `${model.name} did not answer. Continue with another logged-in model?`,
        choices,
        selected: 0,
      },
    });
  }

  return {
    send,
    cancel() {
      if (!running) return false;
      running.abort();
      return true;
    },
    async retryLastFailed() {
      if (lastFailed !== null) await send(lastFailed, { echo: false });
    },
    isStreaming: () => running !== null,
    reset() {
      running?.abort();
      conversation = [];
      lastFailed = null;
    },
    messageCount: () => conversation.length,
  };
}
