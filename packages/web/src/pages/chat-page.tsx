import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, messageOf } from '../api.js';
import { availabilityInWords, type Catalog, type ProviderSummary } from '../catalog.js';
import { ChatPanel } from '../chat/chat-panel.js';
import type { TeamChatMessage } from '../chat/chat-message.js';
import { ConversationList, type ConversationSummary } from '../chat/conversation-list.js';
import { ModelSelector } from '../chat/model-selector.js';
import { AppHeader } from '../app-header.js';
import { ErrorMessage } from '../layout.js';
import { loadMember, type Member } from '../member.js';
import { initialModel, modelsToList, rememberModel } from '../model-choice.js';
import { navigate } from '../navigation.js';

/** A new conversation's id (the server accepts letters, digits, _ and -). */
function newChatId(): string {
  return crypto.randomUUID();
}

/** `/`: the team chat — model selector, conversations, the open conversation; strangers go to `/sign-in`. */
export function ChatPage() {
  const [member, setMember] = useState<Member>();
  const [catalog, setCatalog] = useState<Catalog>();
  const [providers, setProviders] = useState<readonly ProviderSummary[]>([]);
  const [model, setModel] = useState<string>();
  // The settings' provider filter (empty: every provider) for the selector's list.
  const [providerFilter, setProviderFilter] = useState<readonly string[]>([]);
  const [conversations, setConversations] = useState<readonly ConversationSummary[]>([]);
  const [chat, setChat] = useState<{ id: string; messages: TeamChatMessage[] }>(() => ({
    id: newChatId(),
    messages: [],
  }));
  const [error, setError] = useState<string>();

  useEffect(() => {
    document.title = 'Chat · Switchboard';
  }, []);

  // The server stores a conversation once its answer ends, just after the stream does: look again
  // a little later when the answered one is not listed yet.
  const refreshConversations = useCallback(async (answeredId: string) => {
    try {
      for (const delay of [0, 250, 1000]) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        const { conversations: listed } = await api<{ conversations: ConversationSummary[] }>('/api/conversations');
        setConversations(listed);
        if (listed.some((conversation) => conversation.id === answeredId)) return;
      }
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);

  useEffect(() => {
    let active = true;
    (async () => {
      const loadedMember = await loadMember();
      const [loadedCatalog, loadedProviders, listed, saved] = await Promise.all([
        api<Catalog>('/api/catalog'),
        api<{ providers: ProviderSummary[] }>('/api/providers'),
        api<{ conversations: ConversationSummary[] }>('/api/conversations'),
        api<{ preferences: { chatModel: string | null; providers: string[] } }>('/api/me/preferences'),
      ]);
      if (!active) return;
      setMember(loadedMember);
      setCatalog(loadedCatalog);
      setProviders(loadedProviders.providers);
      setConversations(listed.conversations);
      setProviderFilter(saved.preferences.providers);
      setModel(initialModel(loadedCatalog, saved.preferences.chatModel, saved.preferences.providers));
    })().catch((failure: unknown) => {
      if (!active) return;
      if (failure instanceof ApiError && failure.status === 401) navigate('/sign-in', { replace: true });
      else setError(messageOf(failure));
    });
    return () => {
      active = false;
    };
  }, []);

  function chooseModel(id: string) {
    setModel(id);
    rememberModel(id);
    // Kept on the server too, so the member's other browsers start with it.
    api('/api/me/preferences', { method: 'PATCH', body: { chatModel: id } }).catch((failure: unknown) =>
      setError(messageOf(failure)),
    );
  }

  async function openConversation(id: string) {
    setError(undefined);
    try {
      const { conversation } = await api<{ conversation: { id: string; messages: TeamChatMessage[] } }>(
        `/api/conversations/${encodeURIComponent(id)}`,
      );
      setChat({ id: conversation.id, messages: conversation.messages });
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  const fixed = catalog?.defaults.chat?.userMayChange === false;
  const current = catalog?.models.find((entry) => entry.id === model);
  return (
    <div className="chat-app">
      <AppHeader member={member}>
        {catalog && (
          <ModelSelector
            models={modelsToList(catalog.models, providerFilter, model)}
            providers={providers}
            providerFilter={providerFilter}
            value={model}
            onChange={chooseModel}
            fixed={fixed}
          />
        )}
      </AppHeader>
      {current && !current.available && (
        <p className="notice" role="status">
          {current.name} cannot be used now: {availabilityInWords(current)}. Choose another model.
        </p>
      )}
      <ErrorMessage message={error} />
      <div className="chat-body">
        <ConversationList
          conversations={conversations}
          currentId={chat.id}
          onOpen={(id) => void openConversation(id)}
          onNew={() => setChat({ id: newChatId(), messages: [] })}
        />
        <main id="content" tabIndex={-1} className="chat-main" aria-labelledby="page-title">
          <h1 id="page-title" className="visually-hidden">
            Chat
          </h1>
          {member ? (
            <ChatPanel
              key={chat.id}
              chatId={chat.id}
              initialMessages={chat.messages}
              model={model}
              providers={providers}
              onAnswered={() => void refreshConversations(chat.id)}
            />
          ) : (
            !error && (
              <p className="lead" aria-live="polite">
                Loading…
              </p>
            )
          )}
        </main>
      </div>
    </div>
  );
}
