import { z } from 'zod';

/** Sampling and limit fields shared by the OpenAI request shapes. */
const nonNegativeInteger = z.number().int().nonnegative();

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imageUrlPart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string().min(1), detail: z.string().optional() }),
});
const filePart = z.object({
  type: z.literal('file'),
  file: z.object({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().optional() }),
});
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() });

const userContent = z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, imageUrlPart, filePart]))]);
const textContent = z.union([z.string(), z.array(textPart)]);

/** A tool call as OpenAI carries it on an assistant message. */
const toolCall = z.object({
  id: z.string().min(1),
  type: z.literal('function').optional(),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

const message = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: textContent, name: z.string().optional() }),
  z.object({ role: z.literal('developer'), content: textContent, name: z.string().optional() }),
  z.object({ role: z.literal('user'), content: userContent, name: z.string().optional() }),
  z.object({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart]))]).nullish(),
    tool_calls: z.array(toolCall).nullish(),
    reasoning_content: z.string().nullish(),
    name: z.string().optional(),
  }),
  z.object({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: textContent }),
]);

/** A function tool: `{ type: 'function', function: { name, description, parameters } }`. */
export const openaiFunctionTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);

/**
 * `POST /v1/chat/completions`. Unknown fields are accepted and ignored, as OpenAI-compatible
 * servers do; fields Switchboard cannot honour in a way the caller would notice (n > 1) are refused.
 */
export const chatCompletionsRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  tools: z.array(openaiFunctionTool).nullish(),
  tool_choice: toolChoice.nullish(),
  max_tokens: nonNegativeInteger.nullish(),
  max_completion_tokens: nonNegativeInteger.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  n: z.literal(1).nullish(),
});

/** A validated chat completions request. */
export type ChatCompletionsRequest = z.infer<typeof chatCompletionsRequestSchema>;
/** One message of a chat completions request. */
export type ChatCompletionsMessage = z.infer<typeof message>;
