import type { ChatRequest } from '../types.js';

/** The text of a message's content: text parts as they are, tool results as JSON. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      if (typeof part !== 'object' || part === null) return '';
      const record = part as Record<string, unknown>;
      if (record['type'] === 'text' && typeof record['text'] === 'string') return record['text'];
      if (record['type'] === 'tool-result') return JSON.stringify(record['output'] ?? '');
      return '';
    })
    .join('');
}

/**
 * The prompt a CLI bridge writes to the CLI's stdin (never argv, which other users of the
 * machine can read): the last user message alone, or the conversation as a labelled transcript
 * when there is more to carry (instructions, earlier turns).
 */
export function bridgePrompt(request: ChatRequest): string {
  const turns = request.messages.filter((message) => message.role !== 'system');
  const systemTexts = [
    ...(request.system ? [request.system] : []),
    ...request.messages.filter((message) => message.role === 'system').map((message) => contentText(message.content)),
  ];
  const last = turns.at(-1);
  if (systemTexts.length === 0 && turns.length === 1 && last?.role === 'user') return contentText(last.content);
  const lines: string[] = [];
  if (systemTexts.length > 0) lines.push('<instructions>', ...systemTexts, '</instructions>', '');
  lines.push('<conversation>');
  for (const message of turns) {
    const label = message.role === 'user' ? 'User' : message.role === 'assistant' ? 'Assistant' : 'Tool';
    lines.push(`${label}: ${contentText(message.content)}`);
  }
  lines.push('</conversation>', '', 'Reply as the Assistant to the last User message.');
  return lines.join('\n');
}
