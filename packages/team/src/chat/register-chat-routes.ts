import { randomUUID } from 'node:crypto';
import { SwitchboardError, type Catalog, type Runtime, type StreamEvent } from '@switchboard/core';
import type { Hono } from 'hono';
import type { TeamAppEnv } from '../app/principal.js';
import { readJsonBody } from '../app/read-json-body.js';
import { requirePrincipal } from '../app/require-principal.js';
import { chooseModel } from '../policy/choose-model.js';
import { credentialContextFor } from '../policy/credential-context-for.js';
import { requireAllowedModel } from '../policy/require-allowed-model.js';
import type { PolicyStore } from '../policy/create-policy-store.js';
import type { ChatStreamEvent, ChatStreams } from './create-chat-streams.js';
import type { ChatMessage, ConversationStore } from './create-conversation-store.js';
import { createUiMessageChunker } from './ui-message-chunks.js';

/** What the chat routes need. */
export interface ChatRoutesOptions {
  readonly runtime: Pick<Runtime, 'stream' | 'resolveRoutes'>;
  /** Names the models (and their providers, for the policy's refusal). */
  readonly catalog: Catalog;
  readonly conversations: ConversationStore;
  readonly streams: ChatStreams;
  readonly policy: PolicyStore;
}

/** The headers of the AI SDK's UI message stream (what `useChat` expects). */
const STREAM_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-vercel-ai-ui-message-stream': 'v1',
  'x-accel-buffering': 'no',
};
const CHAT_ID = /^[\w-]{1,100}$/;

function badRequest(message: string): SwitchboardError {
  return new SwitchboardError('INVALID_REQUEST', message, { status: 400 });
}

function parseMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0)
    throw badRequest('messages must be a non-empty array of UI messages.');
  return value.map((message, index) => {
    const fields = typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : {};
    const { id, role, parts } = fields;
    if (
      typeof id !== 'string' ||
      (role !== 'user' && role !== 'assistant' && role !== 'system') ||
      !Array.isArray(parts)
    )
      throw badRequest(`messages.${index} must be a UI message: { id, role, parts }.`);
    return fields as unknown as ChatMessage;
  });
}

/** The text of a UI message's text parts. */
function textOf(message: ChatMessage): string {
  return message.parts.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');
}

/** SSE with an id per event (so a client can resume after one), ending with `[DONE]`. */
function sse(events: AsyncIterable<ChatStreamEvent>, onCancel?: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = events[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(`id: ${next.value.id}\ndata: ${next.value.data}\n\n`));
    },
    async cancel() {
      onCancel?.();
      await iterator.return?.();
    },
  });
}

/**
 * The team chat for `@ai-sdk/react`'s `useChat`: `POST /api/chat` `{ id, messages, model? }`
 * answers in the AI SDK UI message stream protocol (SSE), the model being the policy's chat
 * default when the admin fixed it; the answer keeps streaming (and is stored with the
 * conversation) when the client drops, and `GET /api/chat/:id/stream` resumes it after
 * `Last-Event-ID` (204 when no answer is streaming). `GET /api/conversations[/:id]` lists and
 * reads a member's own conversations.
 */
export function registerChatRoutes(app: Hono<TeamAppEnv>, options: ChatRoutesOptions): void {
  const { conversations, streams } = options;
  // A member's id has no space and a chat id cannot have one: the pair is unambiguous.
  const keyOf = (userId: string, chatId: string) => `${userId} ${chatId}`;

  app.post('/api/chat', async (context) => {
    const member = requirePrincipal(context);
    const body = await readJsonBody(context.req.raw);
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const chatId = fields['id'];
    if (typeof chatId !== 'string' || !CHAT_ID.test(chatId))
      throw badRequest('id must be the chat id (letters, digits, _ and -).');
    const messages = parseMessages(fields['messages']);
    if (await conversations.isForeign(member.userId, chatId))
      throw new SwitchboardError('INVALID_REQUEST', 'No such conversation.', { status: 404 });
    const startedAt = new Date().toISOString();
    const model = await chooseModel(options.policy, 'chat', fields['model']);
    const credentialContext = await credentialContextFor(options.policy, member.userId, fields['credential']);
    await requireAllowedModel(options, model, credentialContext);
    const modelMessages = messages
      .map((message) => ({ role: message.role, content: textOf(message) }))
      .filter((message) => message.content !== '');

    // Until the first event a failure is an ordinary error answer (status and JSON).
    const events = options.runtime
      .stream({
        model,
        messages: modelMessages,
        credentialContext,
      })
      [Symbol.asyncIterator]();
    const first = await events.next();
    const chunker = createUiMessageChunker(`msg-${randomUUID()}`, model);
    const writer = streams.open(keyOf(member.userId, chatId));
    const emit = (event: StreamEvent) => {
      for (const chunk of chunker.chunksOf(event)) writer.push(JSON.stringify(chunk));
    };
    // The answer is produced to its end whatever the client does, so a reconnect can resume it.
    void (async () => {
      try {
        if (!first.done) emit(first.value);
        for (let next = await events.next(); !next.done; next = await events.next()) emit(next.value);
        await conversations.save(member.userId, chatId, {
          model,
          messages: [...messages, chunker.message()],
          startedAt,
        });
      } catch (error) {
        const message = error instanceof SwitchboardError ? error.message : 'The answer failed.';
        writer.push(JSON.stringify({ type: 'error', errorText: message }));
      } finally {
        writer.end();
      }
    })();
    // A client that leaves mid-answer may reconnect to any instance: keep the answer findable.
    const signal = context.req.raw.signal;
    const clientGone = () => writer.persist?.();
    signal.addEventListener('abort', clientGone, { once: true });
    return new Response(sse(writer.follow(undefined, signal), clientGone), { headers: STREAM_HEADERS });
  });

  app.get('/api/chat/:id/stream', async (context) => {
    const member = requirePrincipal(context);
    const header = context.req.header('last-event-id');
    const after = header === undefined ? undefined : Number(header);
    if (after !== undefined && (!Number.isInteger(after) || after < 0))
      throw badRequest('Last-Event-ID must be an event id.');
    const followed = await streams.follow(keyOf(member.userId, context.req.param('id')), after, context.req.raw.signal);
    if (!followed) return new Response(null, { status: 204 });
    return new Response(sse(followed), { headers: STREAM_HEADERS });
  });

  app.get('/api/conversations', async (context) => {
    const member = requirePrincipal(context);
    return context.json({ conversations: await conversations.list(member.userId) });
  });
  app.get('/api/conversations/:id', async (context) => {
    const member = requirePrincipal(context);
    const found = await conversations.get(member.userId, context.req.param('id'));
    if (!found) throw new SwitchboardError('INVALID_REQUEST', 'No such conversation.', { status: 404 });
    return context.json({ conversation: found });
  });
}
