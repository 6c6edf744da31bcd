import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ProviderSummary } from '../catalog.js';
import { ErrorMessage } from '../layout.js';
import { ChatMessage, type TeamChatMessage } from './chat-message.js';

/** The server's message from a refused chat request (`{ error: { message } }`), else the error's own. */
export function chatErrorMessage(error: Error): string {
  try {
    const message = (JSON.parse(error.message) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the transport's or the stream's own text.
  }
  return error.message || 'The answer failed. Try again.';
}

/**
 * One conversation: its messages, streamed answers from `POST /api/chat` (the model read when each
 * message is sent, so a switch takes effect on the next one), Stop while streaming, Retry after an
 * answer or a failure.
 */
export function ChatPanel({
  chatId,
  initialMessages,
  model,
  providers,
  onAnswered,
}: {
  chatId: string;
  initialMessages: TeamChatMessage[];
  model: string | undefined;
  providers: readonly ProviderSummary[];
  onAnswered: () => void;
}) {
  const modelRef = useRef(model);
  useEffect(() => {
    modelRef.current = model;
  }, [model]);
  const [transport] = useState(
    () =>
      new DefaultChatTransport<TeamChatMessage>({
        api: '/api/chat',
        credentials: 'include',
        body: () => ({ model: modelRef.current }),
      }),
  );
  const { messages, sendMessage, status, stop, regenerate, error } = useChat<TeamChatMessage>({
    id: chatId,
    messages: initialMessages,
    transport,
    onFinish: onAnswered,
  });
  const [draft, setDraft] = useState('');
  const busy = status === 'submitted' || status === 'streaming';
  const endRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [messages]);

  function send(event?: FormEvent) {
    event?.preventDefault();
    const text = draft.trim();
    if (!text || busy || !model) return;
    setDraft('');
    void sendMessage({ text });
  }
  function onDraftKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
  }
  const canRetry = !busy && messages.length > 0 && (status === 'error' || messages.at(-1)?.role === 'assistant');

  return (
    <section className="chat" aria-label="Chat">
      <div className="messages" aria-live="polite" aria-busy={busy}>
        {messages.length === 0 && <p className="muted empty-chat">Ask anything to start a conversation.</p>}
        {messages.map((message) => (
          <ChatMessage key={message.id} message={message} providers={providers} />
        ))}
        {status === 'submitted' && <p className="muted">Waiting for the answer…</p>}
        <ErrorMessage message={error ? chatErrorMessage(error) : undefined} />
        <div ref={endRef} />
      </div>
      <form className="composer" onSubmit={send}>
        <label htmlFor="chat-draft" className="visually-hidden">
          Message
        </label>
        <textarea
          id="chat-draft"
          rows={3}
          value={draft}
          placeholder="Message (Enter to send, Shift+Enter for a new line)"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onDraftKeyDown}
        />
        <div className="composer-actions">
          {busy ? (
            <button type="button" onClick={() => void stop()}>
              Stop
            </button>
          ) : (
            <button type="submit" className="primary" disabled={!draft.trim() || !model}>
              Send
            </button>
          )}
          {canRetry && (
            <button type="button" onClick={() => void regenerate()}>
              Retry
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
