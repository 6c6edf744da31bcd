import { z } from 'zod';

const cacheControl = z.unknown().optional();

const base64Source = z.object({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string() });
const urlSource = z.object({ type: z.literal('url'), url: z.string().min(1) });
const textSource = z.object({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() });

const textBlock = z.object({ type: z.literal('text'), text: z.string(), cache_control: cacheControl });
const imageBlock = z.object({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [base64Source, urlSource]),
  cache_control: cacheControl,
});
const documentBlock = z.object({
  type: z.literal('document'),
  source: z.discriminatedUnion('type', [base64Source, urlSource, textSource]),
  title: z.string().nullish(),
  cache_control: cacheControl,
});
const toolUseBlock = z.object({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
  cache_control: cacheControl,
});
const toolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});
const thinkingBlock = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() });
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string() });

const contentBlock = z.discriminatedUnion('type', [
  textBlock,
  imageBlock,
  documentBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
]);

const conversationMessage = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(contentBlock)]),
});

/**
 * A system prompt in the middle of the conversation. Claude Code sends these and current
 * Claude models accept them; other routes get them converted (see messagesToChatRequest).
 */
const systemMessage = z.object({
  role: z.literal('system'),
  content: z.union([z.string(), z.array(textBlock)]),
});

const message = z.discriminatedUnion('role', [conversationMessage, systemMessage]);

const tool = z.object({
  type: z.literal('custom').optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
});

const toolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }),
]);

/** `POST /v1/messages`. Unknown fields (metadata, service_tier, …) are accepted and ignored. */
export const messagesRequestSchema = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(message),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().nonnegative().optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
});

/** A validated Messages request. */
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
/** One content block of a request message. */
export type MessagesContentBlock = z.infer<typeof contentBlock>;
