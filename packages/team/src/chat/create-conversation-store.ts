import { SwitchboardError } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';

/** A chat message as the AI SDK's UI sends and shows it (`UIMessage`): text and reasoning parts are kept. */
export interface ChatMessage {
  id: string;
  role: 'system' | 'user' | 'assistant';
  parts: Array<{ type: string; text?: string; [key: string]: unknown }>;
  metadata?: Record<string, unknown>;
}

/** A conversation as listed. */
export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  readonly model: string;
  readonly updatedAt: string;
}

/** Each member's conversations; another member's conversation is never visible, whatever its id. */
export interface ConversationStore {
  get(userId: string, id: string): Promise<(ConversationSummary & { messages: ChatMessage[] }) | undefined>;
  /** True when `id` exists and belongs to someone else (the id cannot be taken over). */
  isForeign(userId: string, id: string): Promise<boolean>;
  /**
   * Stores the conversation. With `startedAt` (when the request that produced it began), it does
   * not replace one saved after that: an answer that was stopped, or outlived by a newer turn,
   * never writes older messages over newer ones.
   */
  save(
    userId: string,
    id: string,
    conversation: { model: string; messages: ChatMessage[]; startedAt?: string },
  ): Promise<void>;
  list(userId: string): Promise<ConversationSummary[]>;
}

/** A title from the first user text: its first 80 characters. */
function titleOf(messages: readonly ChatMessage[]): string {
  const first = messages.find((message) => message.role === 'user');
  const text =
    first?.parts
      .map((part) => (part.type === 'text' ? (part.text ?? '') : ''))
      .join(' ')
      .trim() ?? '';
  return text === '' ? 'New conversation' : text.slice(0, 80);
}

/** The conversation store in the team database. */
export function createConversationStore(options: { db: Kysely<TeamTables>; now?: () => Date }): ConversationStore {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  return {
    async get(userId, id) {
      const row = await db
        .selectFrom('conversation')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row) return undefined;
      let messages: ChatMessage[];
      try {
        messages = JSON.parse(row.messages) as ChatMessage[];
      } catch {
        throw new SwitchboardError('STORE_CORRUPT', 'This conversation is damaged in the team database.');
      }
      return { id: row.id, title: row.title, model: row.model, updatedAt: row.updated_at, messages };
    },
    async isForeign(userId, id) {
      const row = await db.selectFrom('conversation').select('user_id').where('id', '=', id).executeTakeFirst();
      return row !== undefined && row.user_id !== userId;
    },
    async save(userId, id, conversation) {
      const at = now().toISOString();
      const values = {
        id,
        user_id: userId,
        title: titleOf(conversation.messages),
        model: conversation.model,
        messages: JSON.stringify(conversation.messages),
        created_at: at,
        updated_at: at,
      };
      // A conversation saved after this answer's request began is newer: it stays.
      const notAfter = conversation.startedAt ?? '9999';
      await db
        .insertInto('conversation')
        .values(values)
        .onConflict((conflict) =>
          conflict
            .column('id')
            .doUpdateSet({ title: values.title, model: values.model, messages: values.messages, updated_at: at })
            .where('conversation.user_id', '=', userId)
            .where('conversation.updated_at', '<=', notAfter),
        )
        .execute();
    },
    async list(userId) {
      const rows = await db
        .selectFrom('conversation')
        .select(['id', 'title', 'model', 'updated_at'])
        .where('user_id', '=', userId)
        .orderBy('updated_at', 'desc')
        .execute();
      return rows.map((row) => ({ id: row.id, title: row.title, model: row.model, updatedAt: row.updated_at }));
    },
  };
}
