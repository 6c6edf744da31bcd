import { z } from 'zod';

const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
const outputText = z.object({ type: z.literal('output_text'), text: z.string() });
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() });
const inputImage = z.object({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const inputFile = z.object({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  filename: z.string().nullish(),
});
const contentPart = z.discriminatedUnion('type', [inputText, outputText, refusal, inputImage, inputFile]);

const messageItem = z.object({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(contentPart)]),
});
const functionCallItem = z.object({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  /** Set when the called function belongs to a `namespace` tool. */
  namespace: z.string().min(1).nullish(),
  arguments: z.string(),
});
const functionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(contentPart)]),
});
/** A call of a `custom` (freeform) tool: its input is plain text, not JSON arguments. */
const customToolCallItem = z.object({
  type: z.literal('custom_tool_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  input: z.string(),
});
const customToolCallOutputItem = z.object({
  type: z.literal('custom_tool_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(contentPart)]),
});
/** Reasoning items a client replays are accepted and dropped: only their provider could read them. */
const reasoningItem = z.object({ type: z.literal('reasoning') });

const KNOWN_ITEM_TYPES: ReadonlySet<string> = new Set([
  'message',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'reasoning',
]);

/**
 * Items of hosted tools (`web_search_call`, `local_shell_call`, …) a client replays:
 * another wire format has no place for them, so a translated request leaves them out.
 */
const otherItem = z.object({
  type: z
    .string()
    .min(1)
    .refine((type) => !KNOWN_ITEM_TYPES.has(type), 'Invalid input'),
});

const inputItem = z.union([
  functionCallItem,
  functionCallOutputItem,
  customToolCallItem,
  customToolCallOutputItem,
  reasoningItem,
  messageItem,
  otherItem,
]);

const functionTool = z.object({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

/** A group of functions under one name (Codex sends its MCP tools this way). */
const namespaceTool = z.object({
  type: z.literal('namespace'),
  name: z.string().min(1),
  description: z.string().nullish(),
  tools: z.array(z.union([functionTool, z.object({ type: z.string() })])),
});

/**
 * A freeform tool (Codex's `apply_patch`): the model writes its input as plain text, optionally
 * in a grammar (`format: { type: 'grammar', syntax, definition }`).
 */
const customTool = z.object({
  type: z.literal('custom'),
  name: z.string().min(1),
  description: z.string().nullish(),
  format: z.object({ type: z.string(), syntax: z.string().nullish(), definition: z.string().nullish() }).nullish(),
});

/**
 * Any other tool (`web_search`, `file_search`, …): passed through on Responses routes;
 * only OpenAI can run hosted tools, so a translated request drops them (with a logged warning).
 */
const otherTool = z.object({
  type: z
    .string()
    .min(1)
    .refine((type) => type !== 'function' && type !== 'namespace' && type !== 'custom', 'Invalid input'),
});

const tool = z.union([functionTool, namespaceTool, customTool, otherTool]);

const toolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), name: z.string().min(1) }),
]);

/** `POST /v1/responses`, stateless: `previous_response_id` and stored items are refused. */
export const responsesRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItem).min(1)]),
  instructions: z.string().nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

/** A validated Responses request. */
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
/** One tool of a request. */
export type ResponsesTool = z.infer<typeof tool>;
/** One input item. */
export type ResponsesInputItem = z.infer<typeof inputItem>;
/** One content part of a message item. */
export type ResponsesContentPart = z.infer<typeof contentPart>;
