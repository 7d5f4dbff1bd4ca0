import {
  type ConversationState,
  type ConversationStatus,
  KefuError,
  type Message,
  type Note,
} from '@kefu/protocol';
import type { ConversationExpectation, ConversationPatch, NewMessage, Store } from '../store.ts';
import { ERASED_TEXT } from '../store.ts';
import { migrate } from './migrations.ts';
import {
  CONVERSATION_COLUMNS,
  type ConversationRow,
  type EventRow,
  json,
  MESSAGE_COLUMNS,
  type MessageRow,
  PATCH_COLUMNS,
  type ShopperRow,
  toConversation,
  toEvent,
  toMessage,
  toShopper,
} from './rows.ts';
import { quoteIdent, type SqlClient, type SqlQuery } from './sql-client.ts';

export interface SqlStoreOptions {
  /** Schema holding Kefu's tables; created and migrated at start. Default `kefu`. */
  schema?: string;
  /** Run the migrations at start (default true). Off only when another process owns them. */
  migrate?: boolean;
  /** Forget expired nonces on every n-th `useNonce` (default 500), so the table stays small. */
  pruneNoncesEvery?: number;
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const sqlState = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/**
 * A Store on any PostgreSQL-dialect database, through a {@link SqlClient}: the same SQL runs on
 * embedded PGlite and on PostgreSQL. Every method is one statement or one transaction.
 * @example
 * const store = await createSqlStore(client, { schema: 'kefu' });
 */
export async function createSqlStore(db: SqlClient, options: SqlStoreOptions = {}): Promise<Store> {
  const schema = options.schema ?? 'kefu';
  if (options.migrate !== false) await migrate(db, schema);
  const s = quoteIdent(schema);
  const pruneEvery = options.pruneNoncesEvery ?? 500;
  let nonceCalls = 0;

  const notFound = (id: string) => new KefuError('not_found', `conversation ${id} does not exist`);
  const requireConversation = async (q: SqlQuery, id: string) => {
    const { rows } = await q.query(`SELECT 1 FROM ${s}.conversations WHERE id = $1`, [id]);
    if (rows.length === 0) throw notFound(id);
  };

  /** SQL for `expect`, appended to a WHERE clause; params continue after `params`. */
  const expectation = (expect: ConversationExpectation | undefined, params: unknown[]): string => {
    let sql = '';
    if (expect?.statuses) {
      params.push([...expect.statuses]);
      sql += ` AND status = ANY($${params.length}::text[])`;
    }
    if (expect?.agentId === null) sql += ' AND agent_id IS NULL';
    else if (expect?.agentId !== undefined) {
      params.push(expect.agentId);
      sql += ` AND agent_id = $${params.length}`;
    }
    return sql;
  };

  /**
   * One attempt at appendMessage, as one statement (one round trip, no explicit transaction).
   * `FOR UPDATE` on the conversation row serialises appends to it and, under READ COMMITTED,
   * yields the row's newest version after waiting, so last_seq + 1 is gapless. The duplicate
   * lookup reads the statement's snapshot, which can predate the wait: see appendMessage.
   */
  const appendOnce = async (input: NewMessage, expect?: ConversationExpectation) => {
    const params: unknown[] = [
      input.conversationId,
      input.id,
      input.clientMsgId ?? null,
      json(input.author),
      json(input.content),
      input.createdAt,
    ];
    const { rows } = await db.query<{ status: string; dup: MessageRow | null; seq: number | null }>(
      `WITH c AS (
         SELECT id, last_seq, status, agent_id FROM ${s}.conversations WHERE id = $1 FOR UPDATE),
       dup AS (
         SELECT ${MESSAGE_COLUMNS} FROM ${s}.messages WHERE conversation_id = $1 AND client_msg_id = $3),
       ins AS (
         INSERT INTO ${s}.messages (${MESSAGE_COLUMNS})
         SELECT c.id, c.last_seq + 1, $2, $3, $4::text::json, $5::text::json, $6 FROM c
         WHERE NOT EXISTS (SELECT 1 FROM dup)${expectation(expect, params)}
         RETURNING seq),
       upd AS (
         UPDATE ${s}.conversations t SET last_seq = ins.seq, updated_at = $6, version = t.version + 1
         FROM ins WHERE t.id = $1)
       SELECT c.status, (SELECT row_to_json(dup) FROM dup) AS dup, (SELECT seq FROM ins) AS seq FROM c`,
      params,
    );
    const c = rows[0];
    if (!c) throw notFound(input.conversationId);
    const status = c.status as ConversationStatus;
    if (c.dup) return { message: toMessage(c.dup), duplicate: true, status };
    if (c.seq === null)
      throw new KefuError('conflict', `conversation ${input.conversationId} is ${c.status}`);
    const message: Message = { ...input, seq: Number(c.seq) };
    if (input.clientMsgId === undefined) delete message.clientMsgId;
    return { message, duplicate: false, status };
  };

  return {
    async createConversation(input) {
      try {
        const { rows } = await db.query<ConversationRow>(
          `INSERT INTO ${s}.conversations
             (id, site_key, shopper_id, state, created_at, updated_at, page, locale, status, agent_id, skill_group)
           VALUES ($1, $2, $3, $4::text::json, $5, $5, $6::text::json, $7, $8, $9, $10)
           RETURNING ${CONVERSATION_COLUMNS}`,
          [
            input.id,
            input.siteKey,
            input.shopperId,
            json(input.state),
            input.createdAt,
            json(input.page),
            input.locale ?? null,
            ...stateColumns(input.state),
          ],
        );
        return toConversation(rows[0]!);
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION)
          throw new KefuError('conflict', `conversation ${input.id} exists`);
        throw error;
      }
    },

    async getConversation(id) {
      const { rows } = await db.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM ${s}.conversations WHERE id = $1`,
        [id],
      );
      return rows[0] ? toConversation(rows[0]) : null;
    },

    async findLatestConversation(siteKey, shopperId) {
      const { rows } = await db.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM ${s}.conversations WHERE site_key = $1 AND shopper_id = $2
         ORDER BY created_at DESC, pos DESC LIMIT 1`,
        [siteKey, shopperId],
      );
      return rows[0] ? toConversation(rows[0]) : null;
    },

    async listConversations(filter) {
      const params: unknown[] = [];
      let where = 'TRUE';
      if (filter.statuses) {
        params.push([...filter.statuses]);
        where += ` AND status = ANY($${params.length}::text[])`;
      }
      if (filter.agentId !== undefined) {
        params.push(filter.agentId);
        where += ` AND agent_id = $${params.length}`;
      }
      if (filter.groups) {
        params.push([...filter.groups]);
        where += ` AND skill_group = ANY($${params.length}::text[])`;
      }
      if (filter.siteKey !== undefined) {
        params.push(filter.siteKey);
        where += ` AND site_key = $${params.length}`;
      }
      if (filter.shopperId !== undefined) {
        params.push(filter.shopperId);
        where += ` AND shopper_id = $${params.length}`;
      }
      if (filter.updatedBefore !== undefined) {
        params.push(filter.updatedBefore);
        where += ` AND updated_at < $${params.length}`;
      }
      params.push(filter.limit === undefined ? null : Math.max(0, filter.limit));
      const { rows } = await db.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM ${s}.conversations WHERE ${where}
         ORDER BY created_at, pos LIMIT $${params.length}`,
        params,
      );
      return rows.map(toConversation);
    },

    async updateConversation(id, patch: ConversationPatch, expect) {
      const params: unknown[] = [id];
      const sets = ['version = version + 1'];
      for (const [key, value] of Object.entries(patch)) {
        const target = PATCH_COLUMNS[key as keyof ConversationPatch];
        // Only whitelisted names reach the SQL text; an undefined required field is left as it is.
        if (!target || (value === undefined && !target.nullable)) continue;
        params.push(target.cast.includes('json') ? json(value) : (value ?? null));
        sets.push(`${target.column} = $${params.length}${target.cast}`);
      }
      if (patch.state !== undefined) {
        for (const [column, value] of zip(['status', 'agent_id', 'skill_group'], stateColumns(patch.state))) {
          params.push(value);
          sets.push(`${column} = $${params.length}`);
        }
      }
      // One statement: under READ COMMITTED a concurrent writer's change is re-checked against
      // the WHERE clause after its lock is released, so exactly one of several racing CAS wins.
      const { rows } = await db.query<ConversationRow>(
        `UPDATE ${s}.conversations SET ${sets.join(', ')} WHERE id = $1${expectation(expect, params)}
         RETURNING ${CONVERSATION_COLUMNS}`,
        params,
      );
      return rows[0] ? toConversation(rows[0]) : null;
    },

    async appendMessage(input, expect) {
      // Two appends of one clientMsgId can both miss the other in the duplicate lookup (its
      // snapshot predates the lock wait); the loser hits the unique index and retries, and its
      // retry then finds the winner's row and returns it as the duplicate.
      for (let attempt = 1; ; attempt++) {
        try {
          return await appendOnce(input, expect);
        } catch (error) {
          if (sqlState(error) !== UNIQUE_VIOLATION || attempt >= 3) throw error;
        }
      }
    },

    async listMessages(conversationId, { afterSeq, beforeSeq, limit }) {
      const n = Math.max(0, limit);
      const { rows } =
        beforeSeq !== undefined
          ? await db.query<MessageRow>(
              `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} FROM ${s}.messages WHERE conversation_id = $1 AND seq < $2
               ORDER BY seq DESC LIMIT $3) last ORDER BY seq`,
              [conversationId, beforeSeq, n],
            )
          : await db.query<MessageRow>(
              `SELECT ${MESSAGE_COLUMNS} FROM ${s}.messages WHERE conversation_id = $1 AND seq > $2
               ORDER BY seq LIMIT $3`,
              [conversationId, Math.max(afterSeq ?? 0, 0), n],
            );
      // Only an empty page can mean an unknown conversation: one query in the common case.
      if (rows.length === 0) await requireConversation(db, conversationId);
      return rows.map(toMessage);
    },

    async appendNote(note: Note) {
      // As in the memory store, an empty clientMsgId does not de-duplicate.
      const clientMsgId = note.clientMsgId || null;
      try {
        const { rows } = await db.query(
          `INSERT INTO ${s}.notes (conversation_id, id, client_msg_id, note, created_at)
           VALUES ($1, $2, $3, $4::text::json, $5)
           ON CONFLICT (conversation_id, client_msg_id) WHERE client_msg_id IS NOT NULL DO NOTHING
           RETURNING pos`,
          [note.conversationId, note.id, clientMsgId, json(note), note.createdAt],
        );
        if (rows.length > 0) return { note, duplicate: false };
      } catch (error) {
        if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw notFound(note.conversationId);
        throw error;
      }
      const { rows } = await db.query<{ note: Note }>(
        `SELECT note FROM ${s}.notes WHERE conversation_id = $1 AND client_msg_id = $2`,
        [note.conversationId, clientMsgId],
      );
      return { note: rows[0]!.note, duplicate: true };
    },

    async listNotes(conversationId) {
      const { rows } = await db.query<{ note: Note }>(
        `SELECT note FROM ${s}.notes WHERE conversation_id = $1 ORDER BY pos`,
        [conversationId],
      );
      if (rows.length === 0) await requireConversation(db, conversationId);
      return rows.map((r) => r.note);
    },

    async upsertShopper(shopper, now) {
      return db.transaction(async (tx) => {
        const inserted = await tx.query<ShopperRow>(
          `INSERT INTO ${s}.shoppers (site_key, id, profile, created_at, updated_at)
           VALUES ($1, $2, $3::text::json, $4, $4) ON CONFLICT DO NOTHING
           RETURNING profile, created_at, updated_at`,
          [shopper.siteKey, shopper.id, json(shopper), now],
        );
        if (inserted.rows[0]) return toShopper(inserted.rows[0]);
        // Merged here rather than in SQL: `json` has no `||`, and `jsonb` cannot hold every string.
        const { rows } = await tx.query<ShopperRow>(
          `SELECT profile, created_at, updated_at FROM ${s}.shoppers WHERE site_key = $1 AND id = $2 FOR UPDATE`,
          [shopper.siteKey, shopper.id],
        );
        const merged = { ...rows[0]!.profile, ...shopper };
        const updated = await tx.query<ShopperRow>(
          `UPDATE ${s}.shoppers SET profile = $3::text::json, updated_at = $4 WHERE site_key = $1 AND id = $2
           RETURNING profile, created_at, updated_at`,
          [shopper.siteKey, shopper.id, json(merged), now],
        );
        return toShopper(updated.rows[0]!);
      });
    },

    async getShopper(siteKey, id) {
      const { rows } = await db.query<ShopperRow>(
        `SELECT profile, created_at, updated_at FROM ${s}.shoppers WHERE site_key = $1 AND id = $2`,
        [siteKey, id],
      );
      return rows[0] ? toShopper(rows[0]) : null;
    },

    async eraseConversation(id, anonymousId) {
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<ConversationRow>(
          `SELECT ${CONVERSATION_COLUMNS} FROM ${s}.conversations WHERE id = $1 FOR UPDATE`,
          [id],
        );
        if (!rows[0]) throw new KefuError('not_found', `conversation ${id} does not exist`);
        const c = toConversation(rows[0]);
        const { reason: _reason, ticket, ...state } = c.state;
        const kept = ticket ? (({ lastUpdate: _note, ...t }) => t)(ticket) : undefined;
        const erased = json({ kind: 'system', event: 'notice', text: ERASED_TEXT });
        await tx.query(
          `UPDATE ${s}.messages SET content = $2::text::json,
             author = CASE WHEN author->>'kind' = 'shopper' THEN $3::text::json ELSE author END
           WHERE conversation_id = $1`,
          [id, erased, json({ kind: 'shopper', id: anonymousId })],
        );
        await tx.query(`DELETE FROM ${s}.notes WHERE conversation_id = $1`, [id]);
        await tx.query(
          `UPDATE ${s}.conversations SET shopper_id = $2, page = NULL, state = $3::text::json, version = version + 1
           WHERE id = $1`,
          [id, anonymousId, json(kept ? { ...state, ticket: kept } : state)],
        );
        const events = await tx.query<EventRow>(
          `SELECT id, at, kind, conversation_id, agent_id, skill_group, data FROM ${s}.events
           WHERE conversation_id = $1 AND kind = 'csat' FOR UPDATE`,
          [id],
        );
        for (const row of events.rows) {
          const e = toEvent(row);
          if (!e.data || !('comment' in e.data)) continue;
          const { comment: _c, ...data } = e.data;
          await tx.query(`UPDATE ${s}.events SET data = $2::text::json WHERE id = $1`, [e.id, json(data)]);
        }
      });
    },

    async deleteShopper(siteKey, id) {
      const { rows } = await db.query(
        `DELETE FROM ${s}.shoppers WHERE site_key = $1 AND id = $2 RETURNING id`,
        [siteKey, id],
      );
      return rows.length > 0;
    },

    async appendEvent(event) {
      await db.query(
        `INSERT INTO ${s}.events (id, at, kind, conversation_id, agent_id, skill_group, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text::json)`,
        [
          event.id,
          event.at,
          event.kind,
          event.conversationId,
          event.agentId ?? null,
          event.group ?? null,
          json(event.data),
        ],
      );
    },

    async listEvents({ from, to, conversationId, kinds }) {
      const params: unknown[] = [];
      let where = 'TRUE';
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where += ` AND ${sql.replace('?', `$${params.length}`)}`;
      };
      if (from !== undefined) add('at >= ?', from);
      if (to !== undefined) add('at < ?', to);
      if (conversationId !== undefined) add('conversation_id = ?', conversationId);
      if (kinds !== undefined) add('kind = ANY(?::text[])', [...kinds]);
      const { rows } = await db.query<EventRow>(
        `SELECT id, at, kind, conversation_id, agent_id, skill_group, data FROM ${s}.events
         WHERE ${where} ORDER BY at, pos`,
        params,
      );
      return rows.map(toEvent);
    },

    async useNonce(nonce, expiresAt, now) {
      if (++nonceCalls % pruneEvery === 0) {
        // Tokens that carried these nonces have expired, so they cannot be replayed anyway.
        await db.query(`DELETE FROM ${s}.nonces WHERE expires_at < $1 AND nonce <> $2`, [now, nonce]);
      }
      const { rows } = await db.query(
        `INSERT INTO ${s}.nonces (nonce, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [nonce, expiresAt],
      );
      return rows.length > 0;
    },

    async close() {
      await db.close();
    },
  };
}

/** The columns the hub filters on, in table order: status, agent_id, skill_group. */
function stateColumns(state: ConversationState): [string, string | null, string] {
  return [state.status, state.agent?.id ?? null, state.group ?? ''];
}

const zip = <A, B>(a: readonly A[], b: readonly B[]) => a.map((x, i) => [x, b[i]] as const);
