import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';
import { createChatStreams, type ChatStreamEvent, type ChatStreams } from './create-chat-streams.js';

/** Options of {@link createSharedChatStreams}. */
export interface SharedChatStreamsOptions {
  readonly db: Kysely<TeamTables>;
  /** How often a reader on another instance looks for new events. Default 100 ms. */
  readonly pollMs?: number;
  /** How long events wait to be written together. Default 50 ms. */
  readonly flushMs?: number;
  /** How long a finished answer stays for a late reconnect. Default 60 s. */
  readonly keepMs?: number;
  /** Told once when the database refuses an event (the answer keeps streaming locally). */
  readonly onWriteError?: (error: unknown) => void;
}

const READ_BATCH = 500;
const WRITE_BATCH = 200;

/**
 * Chat streams every instance can resume: each answer is recorded in this process (its own
 * request and reconnects here follow it live); once the client that asked goes away
 * (`persist()`), it is also written to the database — what was said so far at once, the rest in
 * small batches — so a reconnect that reaches another instance reads what it missed there and
 * then polls for the rest until the answer ends. An answer whose client stays costs the database
 * nothing (bench/team.js: writing every answer doubled a chat request's CPU). The events keep their ids (1, 2, …) everywhere, so `Last-Event-ID`
 * means the same on every instance. Finished answers are removed after `keepMs`.
 */
export function createSharedChatStreams(options: SharedChatStreamsOptions): ChatStreams {
  const { db } = options;
  const pollMs = options.pollMs ?? 100;
  const flushMs = options.flushMs ?? 50;
  const keepMs = options.keepMs ?? 60_000;
  const local = createChatStreams({ keepMs });
  let warned = false;
  const failed = (error: unknown) => {
    if (!warned) options.onWriteError?.(error);
    warned = true;
  };

  // Forgetting finished answers is housekeeping: at most every tenth of `keepMs`, not per answer.
  let forgotAt = 0;
  async function forgetOld(): Promise<void> {
    if (Date.now() - forgotAt < keepMs / 10) return;
    forgotAt = Date.now();
    const before = new Date(Date.now() - keepMs).toISOString();
    const old = await db.selectFrom('chat_stream').select('answer_id').where('ended_at', '<', before).execute();
    if (old.length === 0) return;
    const ids = old.map((row) => row.answer_id);
    await db.deleteFrom('chat_stream_event').where('answer_id', 'in', ids).execute();
    await db.deleteFrom('chat_stream').where('answer_id', 'in', ids).execute();
  }

  return {
    open(key) {
      const writer = local.open(key);
      const answerId = randomUUID();
      // Every event so far, kept for the moment the client leaves: until then nobody else can ask.
      const all: string[] = [];
      let persisting = false;
      let ended = false;
      let written = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      // One chain of writes per answer: events land in order, the end after the last event.
      let chain: Promise<void> = Promise.resolve();
      const flush = () => {
        timer = undefined;
        const rows = all.slice(written).map((data, index) => ({ answer_id: answerId, seq: written + index + 1, data }));
        written = all.length;
        if (rows.length === 0) return;
        chain = chain
          .then(async () => {
            for (let start = 0; start < rows.length; start += WRITE_BATCH)
              await db
                .insertInto('chat_stream_event')
                .values(rows.slice(start, start + WRITE_BATCH))
                .execute();
          })
          .catch(failed);
      };
      const markEnded = () => {
        chain = chain
          .then(async () => {
            await db
              .updateTable('chat_stream')
              .set({ ended_at: new Date().toISOString() })
              .where('answer_id', '=', answerId)
              .execute();
          })
          .catch(failed);
      };
      return {
        push(data) {
          writer.push(data);
          all.push(data);
          if (persisting) timer ??= setTimeout(flush, flushMs);
        },
        end() {
          writer.end();
          ended = true;
          if (!persisting) return;
          if (timer) clearTimeout(timer);
          flush();
          markEnded();
        },
        follow: (after, signal) => writer.follow(after, signal),
        persist() {
          if (persisting) return;
          persisting = true;
          const startedAt = new Date().toISOString();
          chain = chain
            .then(async () => {
              await db
                .insertInto('chat_stream')
                .values({ key, answer_id: answerId, started_at: startedAt, ended_at: null })
                .onConflict((conflict) =>
                  conflict.column('key').doUpdateSet({ answer_id: answerId, started_at: startedAt, ended_at: null }),
                )
                .execute();
              await forgetOld();
            })
            .catch(failed);
          flush();
          if (ended) markEnded();
        },
      };
    },
    async follow(key, after, signal) {
      const here = local.follow(key, after, signal);
      if (here) return here;
      const stream = await db
        .selectFrom('chat_stream')
        .select(['answer_id', 'ended_at'])
        .where('key', '=', key)
        .executeTakeFirst();
      if (!stream) return undefined;
      return followStored(stream.answer_id, after ?? 0, signal);
    },
  };

  async function* followStored(
    answerId: string,
    after: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<ChatStreamEvent> {
    let last = after;
    for (;;) {
      // The end is read before the events: everything written before it is then in this read.
      const stream = await db
        .selectFrom('chat_stream')
        .select('ended_at')
        .where('answer_id', '=', answerId)
        .executeTakeFirst();
      const rows = await db
        .selectFrom('chat_stream_event')
        .select(['seq', 'data'])
        .where('answer_id', '=', answerId)
        .where('seq', '>', last)
        .orderBy('seq')
        .limit(READ_BATCH)
        .execute();
      for (const row of rows) {
        last = Number(row.seq);
        yield { id: last, data: row.data };
      }
      if (rows.length === READ_BATCH) continue;
      if (!stream || stream.ended_at !== null || signal?.aborted) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  }
}
