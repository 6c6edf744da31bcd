/**
 * Characters per token of the estimate: the usual rule of thumb for English text and code with
 * Claude's and OpenAI's tokenizers (≈ 3.5–4.5).
 */
export const CHARACTERS_PER_TOKEN = 4;
/** Tokens counted for one image or document: Anthropic's figure for an image at its largest size. */
export const TOKENS_PER_ATTACHMENT = 1600;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Characters of text and attachments inside one content value (string, block, block list). */
function measure(value: unknown, totals: { characters: number; attachments: number }): void {
  if (typeof value === 'string') {
    totals.characters += value.length;
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) measure(item, totals);
    return;
  }
  const block = record(value);
  if (!block) return;
  switch (block['type']) {
    case 'image':
    case 'document':
      totals.attachments += 1;
      return;
    case 'text':
      measure(block['text'], totals);
      return;
    case 'thinking':
      measure(block['thinking'], totals);
      return;
    case 'tool_use':
      totals.characters += String(block['name'] ?? '').length + JSON.stringify(block['input'] ?? {}).length;
      return;
    case 'tool_result':
      measure(block['content'], totals);
      return;
    default:
      // Anything else (redacted thinking, server tool blocks) counts as its JSON.
      totals.characters += JSON.stringify(block).length;
  }
}

/**
 * An estimate of a Messages request's input tokens, for `count_tokens` on routes that cannot
 * count (any model not served by Anthropic's own API): system prompt, messages and tool
 * definitions at {@link CHARACTERS_PER_TOKEN} characters per token, plus
 * {@link TOKENS_PER_ATTACHMENT} per image or document. It reads the body leniently (a count
 * request is never refused for its content) and errs on neither side on purpose: agents use it
 * to decide when to compact, and an estimate within ≈ 20 % serves that.
 */
export function estimateInputTokens(body: Record<string, unknown>): number {
  const totals = { characters: 0, attachments: 0 };
  measure(body['system'], totals);
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  for (const message of messages) measure(record(message)?.['content'], totals);
  const tools = Array.isArray(body['tools']) ? body['tools'] : [];
  for (const tool of tools) totals.characters += JSON.stringify(tool).length;
  return Math.ceil(totals.characters / CHARACTERS_PER_TOKEN) + totals.attachments * TOKENS_PER_ATTACHMENT;
}
