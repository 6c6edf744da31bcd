import { anthropicDialect } from './anthropic-dialect.js';
import { bedrockDialect } from './bedrock-dialect.js';
import type { Dialect } from './dialect.js';
import { geminiDialect } from './gemini-dialect.js';
import { mistralDialect } from './mistral-dialect.js';
import { openaiChatDialect } from './openai-chat-dialect.js';
import { openaiResponsesDialect } from './openai-responses-dialect.js';
import type { UpstreamProtocol } from './types.js';

type GeneratingProtocol = Exclude<
  UpstreamProtocol,
  'models' | 'codeassist-setup' | 'anthropic-count-tokens' | 'codex-usage'
>;

const DIALECTS: Record<GeneratingProtocol, Dialect> = {
  'openai-chat': openaiChatDialect,
  'openai-responses': openaiResponsesDialect,
  'anthropic-messages': anthropicDialect,
  gemini: geminiDialect,
  'mistral-chat': mistralDialect,
  'bedrock-converse': bedrockDialect,
};

export function dialectFor(protocol: UpstreamProtocol): Dialect {
  if (
    protocol === 'models' ||
    protocol === 'codeassist-setup' ||
    protocol === 'anthropic-count-tokens' ||
    protocol === 'codex-usage'
  ) {
    throw new Error(`protocol ${protocol} does not generate answers`);
  }
  return DIALECTS[protocol];
}
