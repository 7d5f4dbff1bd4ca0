import { type ConversationStatus, KefuError, type Note } from '@kefu/protocol';
import { notesFull } from '../notes-full.ts';
import type { ConversationExpectation, NewMessage, Store } from '../store.ts';
import { expectation, guarded } from './expectation.ts';
import type { Alone } from './group-commit.ts';
import {
  CONVERSATION_COLUMNS,
  type ConversationRow,
  json,
  MESSAGE_COLUMNS,
  type MessageRow,
  storedMessage,
  toConversation,
  toMessage,
} from './rows.ts';
import type { SqlQuery } from './sql-client.ts';
import { FOREIGN_KEY_VIOLATION, type SqlContext, sqlState, UNIQUE_VIOLATION } from './sql-context.ts';

type MessageMethods = Pick<Store, 'listMessages' | 'appendNote' | 'listNotes'> & {
  /** appendMessage of one message in a statement of its own (see `group-commit.ts`). */
  appendAlone: Alone['append'];
};

/**
 * A conversation's messages (gapless seqs, de-duplicated by clientMsgId) and its agents' notes. Over 80 lines
 * only as a list of short methods, one per Store operation on these tables.
 */
export function sqlMessages(ctx: SqlContext): MessageMethods {
  const { db, s } = ctx;

  const notFound = (id: string) => new KefuError('not_found', `conversation ${id} does not exist`);
  const requireConversation = async (q: SqlQuery, id: string) => {
    const { rows } = await q.query(`SELECT 1 FROM ${s}.conversations WHERE id = $1`, [id]);
    if (rows.length === 0) throw notFound(id);
  };

  /**
   * One attempt at appendMessage, as one statement (one round trip, no explicit transaction).
   * `FOR UPDATE` on the conversation row serialises appends to it and, under READ COMMITTED,
   * yields the row's newest version after waiting, so last_seq + 1 is gapless. The duplicate
   * lookup reads the statement's snapshot, which can predate the wait: see appendMessage.
   */
  const appendOnce = async (q: SqlQuery, input: NewMessage, expect?: ConversationExpectation) => {
    const params: unknown[] = [
      input.conversationId,
      input.id,
      input.clientMsgId ?? null,
      json(input.author),
      json(input.content),
      input.createdAt,
    ];
    const { rows } = await q.query<
      ConversationRow & { status: string; dup: MessageRow | null; seq: number | string | null }
    >(
      `WITH c AS (
         SELECT ${CONVERSATION_COLUMNS}, status, agent_id FROM ${s}.conversations WHERE id = $1 FOR UPDATE),
       dup AS (
         SELECT ${MESSAGE_COLUMNS} FROM ${s}.messages WHERE conversation_id = $1 AND client_msg_id = $3),
       ins AS (
         INSERT INTO ${s}.messages (${MESSAGE_COLUMNS})
         SELECT c.id, c.last_seq + 1, $2, $3, $4::text::json, $5::text::json, $6 FROM c
         WHERE NOT EXISTS (SELECT 1 FROM dup)${expectation(ctx, expect, params)}
         RETURNING seq),
       upd AS (
         UPDATE ${s}.conversations t SET last_seq = ins.seq, updated_at = $6, version = t.version + 1
         FROM ins WHERE t.id = $1)
       SELECT c.*, (SELECT row_to_json(dup) FROM dup) AS dup, (SELECT seq FROM ins) AS seq FROM c`,
      params,
      // A handful of texts at most: one per shape of `expect`.
      { prepare: true },
    );
    const c = rows[0];
    if (!c) throw notFound(input.conversationId);
    const status = c.status as ConversationStatus;
    if (c.dup) return { message: toMessage(c.dup), duplicate: true, status };
    if (c.seq === null)
      throw new KefuError('conflict', `conversation ${input.conversationId} is ${c.status}`);
    const seq = Number(c.seq);
    const message = storedMessage(input, seq);
    const conversation = toConversation({
      ...c,
      updated_at: input.createdAt,
      last_seq: seq,
      version: Number(c.version) + 1,
    });
    return { message, duplicate: false, status, conversation };
  };

  // Two appends of one clientMsgId can both miss the other in the duplicate lookup (its snapshot
  // predates the lock wait); the loser hits the unique index and retries, and its retry then
  // finds the winner's row and returns it as the duplicate.
  const appendAlone: Alone['append'] = async (input, expect) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await guarded(ctx, expect, (q) => appendOnce(q, input, expect));
      } catch (error) {
        if (sqlState(error) !== UNIQUE_VIOLATION || attempt >= 3) throw error;
      }
    }
  };

  return {
    appendAlone,

    async listMessages(conversationId, { afterSeq, beforeSeq, limit }) {
      const n = Math.max(0, limit);
      // Bounds come from clients as any safe integer; `::bigint` compares them with the integer
      // column, where an int4 parameter past 2^31 - 1 would fail the query ("out of range").
      const { rows } =
        beforeSeq !== undefined
          ? await db.query<MessageRow>(
              `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} FROM ${s}.messages WHERE conversation_id = $1 AND seq < $2::bigint
               ORDER BY seq DESC LIMIT $3) last ORDER BY seq`,
              [conversationId, beforeSeq, n],
            )
          : await db.query<MessageRow>(
              `SELECT ${MESSAGE_COLUMNS} FROM ${s}.messages WHERE conversation_id = $1 AND seq > $2::bigint
               ORDER BY seq LIMIT $3`,
              [conversationId, Math.max(afterSeq ?? 0, 0), n],
            );
      // Only an empty page can mean an unknown conversation: one query in the common case.
      if (rows.length === 0) await requireConversation(db, conversationId);
      return rows.map(toMessage);
    },

    async appendNote(note: Note, limit?: { max: number }) {
      // As in the memory store, an empty clientMsgId does not de-duplicate.
      const clientMsgId = note.clientMsgId || null;
      try {
        // The count is read by the insert itself: a conversation at `max` inserts nothing. Under
        // READ COMMITTED notes racing on several connections may each see room; they pass it by as
        // many, never without bound.
        const { rows } = await db.query(
          `INSERT INTO ${s}.notes (conversation_id, id, client_msg_id, note, created_at)
           SELECT $1::text, $2::text, $3::text, $4::text::json, $5::bigint
           WHERE $6::bigint IS NULL OR (SELECT count(*) FROM ${s}.notes WHERE conversation_id = $1::text) < $6::bigint
           ON CONFLICT (conversation_id, client_msg_id) WHERE client_msg_id IS NOT NULL DO NOTHING
           RETURNING pos`,
          [note.conversationId, note.id, clientMsgId, json(note), note.createdAt, limit?.max ?? null],
        );
        if (rows.length > 0) return { note, duplicate: false };
      } catch (error) {
        if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw notFound(note.conversationId);
        throw error;
      }
      const { rows } =
        clientMsgId === null
          ? { rows: [] }
          : await db.query<{ note: Note }>(
              `SELECT note FROM ${s}.notes WHERE conversation_id = $1 AND client_msg_id = $2`,
              [note.conversationId, clientMsgId],
            );
      if (rows[0]) return { note: rows[0].note, duplicate: true };
      // Nothing inserted and nothing of that clientMsgId: the conversation was full.
      throw notesFull(note.conversationId, limit?.max ?? 0);
    },

    async listNotes(conversationId) {
      const { rows } = await db.query<{ note: Note }>(
        `SELECT note FROM ${s}.notes WHERE conversation_id = $1 ORDER BY pos`,
        [conversationId],
      );
      if (rows.length === 0) await requireConversation(db, conversationId);
      return rows.map((r) => r.note);
    },
  };
}
