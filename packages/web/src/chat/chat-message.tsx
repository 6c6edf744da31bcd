import type { UIMessage } from 'ai';
import { providerName, type ProviderSummary } from '../catalog.js';
import { Markdown } from './markdown.js';

/** What the team server puts in each answer's metadata: who served it. */
export interface AnswerMetadata {
  readonly model?: string;
  readonly provider?: string;
  readonly method?: string;
  readonly level?: string;
}

/** A chat message with the team server's answer metadata. */
export type TeamChatMessage = UIMessage<AnswerMetadata>;

/** The server's credential levels as people call them: a member's own key is their "personal" one. */
const LEVEL_WORDS: Record<string, string> = { user: 'personal' };

/** "gpt-5-mini via ChatGPT (api-key, workspace key)": who answered, from the message's metadata. */
export function answeredBy(metadata: AnswerMetadata | undefined, providers: readonly ProviderSummary[]): string {
  if (!metadata?.provider) return metadata?.model ?? 'Assistant';
  const level = metadata.level && `${LEVEL_WORDS[metadata.level] ?? metadata.level} key`;
  const how = [metadata.method, level].filter(Boolean).join(', ');
  return `${metadata.model ?? 'Answer'} via ${providerName(providers, metadata.provider)}${how ? ` (${how})` : ''}`;
}

/** One message of the conversation: the member's text as typed, an answer as markdown with who answered. */
export function ChatMessage({
  message,
  providers,
}: {
  message: TeamChatMessage;
  providers: readonly ProviderSummary[];
}) {
  const isAnswer = message.role === 'assistant';
  return (
    <article
      className={`message ${isAnswer ? 'answer' : 'question'}`}
      data-testid={isAnswer ? 'assistant-message' : 'user-message'}
      data-provider={isAnswer ? message.metadata?.provider : undefined}
      aria-label={isAnswer ? 'Answer' : 'You'}
    >
      {isAnswer && (
        <p className="message-meta" data-testid="answered-by">
          {answeredBy(message.metadata, providers)}
        </p>
      )}
      {message.parts.map((part, index) => {
        if (part.type === 'text')
          return isAnswer ? (
            <Markdown key={index} text={part.text} />
          ) : (
            <p key={index} className="question-text">
              {part.text}
            </p>
          );
        if (part.type === 'reasoning' && part.text)
          return (
            <details key={index} className="reasoning">
              <summary>Reasoning</summary>
              <p>{part.text}</p>
            </details>
          );
        return null;
      })}
    </article>
  );
}
