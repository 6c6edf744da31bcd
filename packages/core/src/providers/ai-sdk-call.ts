import type { LanguageModelV4, SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { LanguageModelUsage, TextStreamPart, ToolSet } from 'ai';
import type { SwitchboardError } from '../errors.js';
import { collectStream } from './collect-stream.js';
import { guardStream, type SourceEvent } from './guard-stream.js';
import type { LazyImport } from './lazy-import.js';
import {
  normalizeProviderError,
  streamInterruptedError,
  type NormalizeProviderErrorOptions,
} from './normalize-provider-error.js';
import type {
  ChatRequest,
  FinishReason,
  GenerateResult,
  ResponseFormat,
  RouteTarget,
  StreamEvent,
  Usage,
} from './types.js';

/** The `ai` package, imported on first use (never at startup). */
export type AiSdkModule = typeof import('ai');

/** Request settings an upstream may refuse outright. */
export type OmittableSetting = 'maxOutputTokens' | 'temperature' | 'topP' | 'stopSequences';

/** How one request is sent through the AI SDK: the model built for it and the upstream's quirks. */
export interface AiSdkCallPlan {
  route: RouteTarget;
  /** A language model created for this request from the request's credential. */
  model: LanguageModelV4;
  providerOptions?: SharedV4ProviderOptions;
  /** The system prompt travels in `providerOptions` (Codex `instructions`), not in the prompt. */
  systemInProviderOptions?: boolean;
  /** Settings the upstream refuses; they are dropped rather than failing the request. */
  omitSettings?: readonly OmittableSetting[];
  /** The upstream only streams: `generate` collects the stream. */
  streamOnly?: boolean;
  /** How failures are described (provider, name, secrets to scrub, login hint). */
  errors: Omit<NormalizeProviderErrorOptions, 'signal'>;
}

function usageOf(usage: LanguageModelUsage | undefined): Usage {
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  const result: Usage = { inputTokens, outputTokens, totalTokens: usage?.totalTokens ?? inputTokens + outputTokens };
  const cached = usage?.inputTokenDetails?.cacheReadTokens;
  const reasoning = usage?.outputTokenDetails?.reasoningTokens;
  if (cached !== undefined) result.cachedInputTokens = cached;
  if (reasoning !== undefined) result.reasoningTokens = reasoning;
  return result;
}

function finishReasonOf(reason: string): FinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'tool-calls':
    case 'content-filter':
    case 'error':
      return reason;
    default:
      return 'other';
  }
}

function inputText(input: unknown): string {
  return typeof input === 'string' ? input : JSON.stringify(input ?? {});
}

/** The AI SDK's structured output for a response format: each provider's own JSON mode underneath. */
function outputOf(format: ResponseFormat, Output: AiSdkModule['Output'], jsonSchema: AiSdkModule['jsonSchema']) {
  if (!format.schema) return Output.json();
  return Output.object({
    schema: jsonSchema(format.schema as Parameters<typeof jsonSchema>[0]),
    ...(format.name ? { name: format.name } : {}),
    ...(format.description ? { description: format.description } : {}),
  });
}

/** The AI SDK call settings for a request: messages, tools (declared, never executed), sampling. */
function callSettings(plan: AiSdkCallPlan, request: ChatRequest, ai: AiSdkModule) {
  const { jsonSchema, tool, Output } = ai;
  const omit = new Set(plan.omitSettings ?? []);
  let tools: ToolSet | undefined;
  if (request.tools && Object.keys(request.tools).length > 0) {
    tools = {};
    for (const [name, definition] of Object.entries(request.tools)) {
      // No `execute`: Switchboard passes tool calls through to its caller.
      tools[name] = tool({ description: definition.description, inputSchema: jsonSchema(definition.inputSchema) });
    }
  }
  return {
    model: plan.model,
    messages: request.messages,
    allowSystemInMessages: true,
    ...(request.system !== undefined && !plan.systemInProviderOptions ? { instructions: request.system } : {}),
    ...(tools ? { tools } : {}),
    ...(tools && request.toolChoice ? { toolChoice: request.toolChoice } : {}),
    ...(request.maxOutputTokens !== undefined && !omit.has('maxOutputTokens')
      ? { maxOutputTokens: request.maxOutputTokens }
      : {}),
    ...(request.temperature !== undefined && !omit.has('temperature') ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined && !omit.has('topP') ? { topP: request.topP } : {}),
    ...(request.stopSequences !== undefined && !omit.has('stopSequences')
      ? { stopSequences: request.stopSequences }
      : {}),
    ...(request.responseFormat ? { output: outputOf(request.responseFormat, Output, jsonSchema) } : {}),
    ...(plan.providerOptions ? { providerOptions: plan.providerOptions } : {}),
    // The runtime above owns retries and fallback; a retry here would stack timeouts.
    maxRetries: 0,
  };
}

async function* sourceEvents(
  parts: AsyncIterable<TextStreamPart<ToolSet>>,
  interrupted: () => SwitchboardError,
): AsyncGenerator<SourceEvent> {
  for await (const part of parts) {
    switch (part.type) {
      case 'text-delta':
        if (part.text !== '') yield { type: 'text-delta', text: part.text };
        break;
      case 'reasoning-delta':
        if (part.text !== '') yield { type: 'reasoning-delta', text: part.text };
        break;
      case 'tool-call':
        yield { type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: inputText(part.input) };
        break;
      case 'error':
        yield { type: 'failure', error: part.error };
        return;
      case 'abort':
        yield { type: 'failure', error: new DOMException(part.reason ?? 'The request was aborted.', 'AbortError') };
        return;
      case 'finish':
        // AI SDK 7 reports a stream that stopped without the upstream's own end as `interrupted`.
        if (part.finishReason === 'interrupted') {
          yield { type: 'failure', error: interrupted() };
          return;
        }
        yield { type: 'finish', finishReason: finishReasonOf(part.finishReason), usage: usageOf(part.totalUsage) };
        return;
      default:
        break;
    }
  }
}

/** Streams a request through the AI SDK's `fullStream` (never `textStream`, which ends silently on errors). */
export function streamAiSdkCall(
  plan: AiSdkCallPlan,
  request: ChatRequest,
  loadAi: LazyImport<AiSdkModule>,
): AsyncIterable<StreamEvent> {
  const errorOptions = { ...plan.errors, signal: request.signal };
  return guardStream({
    route: plan.route,
    signal: request.signal,
    normalize: (error) => normalizeProviderError(error, errorOptions),
    interrupted: () => streamInterruptedError(errorOptions),
    open: async (signal) => {
      const ai = await loadAi();
      const result = ai.streamText({
        ...callSettings(plan, request, ai),
        abortSignal: signal,
        // Errors arrive as `error` parts of fullStream; the default handler would log them.
        onError: () => undefined,
      });
      return sourceEvents(result.fullStream, () => streamInterruptedError(errorOptions));
    },
  });
}

/** One complete answer through the AI SDK (`generateText`, or the collected stream for stream-only upstreams). */
export async function generateAiSdkCall(
  plan: AiSdkCallPlan,
  request: ChatRequest,
  loadAi: LazyImport<AiSdkModule>,
): Promise<GenerateResult> {
  if (plan.streamOnly) return collectStream(streamAiSdkCall(plan, request, loadAi), plan.route);
  const errorOptions = { ...plan.errors, signal: request.signal };
  try {
    const ai = await loadAi();
    const result = await ai.generateText({
      ...callSettings(plan, request, ai),
      ...(request.signal ? { abortSignal: request.signal } : {}),
    });
    const generated: GenerateResult = {
      route: plan.route,
      text: result.text,
      toolCalls: result.toolCalls.map((call) => ({
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        input: inputText(call.input),
      })),
      finishReason: finishReasonOf(result.finishReason),
      usage: usageOf(result.totalUsage),
    };
    if (result.reasoningText) generated.reasoning = result.reasoningText;
    return generated;
  } catch (error) {
    throw normalizeProviderError(error, errorOptions);
  }
}
