/** A conversation as `GET /api/conversations` lists it. */
export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  readonly model: string;
  readonly updatedAt: string;
}

/** The sidebar: a new chat, and the member's conversations (newest first), the open one marked. */
export function ConversationList({
  conversations,
  currentId,
  onOpen,
  onNew,
}: {
  conversations: readonly ConversationSummary[];
  currentId: string;
  onOpen: (id: string) => void;
  onNew: () => void;
}) {
  return (
    <nav className="sidebar" aria-label="Conversations">
      <button type="button" className="primary" onClick={onNew}>
        New chat
      </button>
      <h2 className="sidebar-title">Conversations</h2>
      {conversations.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="conversation-list">
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <button
                type="button"
                className="conversation"
                aria-current={conversation.id === currentId ? 'page' : undefined}
                onClick={() => onOpen(conversation.id)}
              >
                <span className="conversation-title">{conversation.title || 'Untitled'}</span>
                <span className="muted conversation-model">{conversation.model}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
