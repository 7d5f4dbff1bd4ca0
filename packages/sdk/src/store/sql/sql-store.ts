import {
  type ConversationState,
  type ConversationStatus,
  KefuError,
  type Message,
  type Note,
} from '@kefu/protocol';
import { eraseTicket } from '../erase-ticket.ts';
import type {
  ConversationExpectation,
  ConversationPatch,
  NewMessage,
  NewTimer,
  Store,
  TimerRecord,
} from '../store.ts';
import { ERASED_TEXT, ticketTimerKey } from '../store.ts';
import { byDue } from '../timer-order.ts';
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
  TIMER_COLUMNS,
  type TicketRow,
  type TimerRow,
  ticketColumns,
  toConversation,
  toEvent,
  toMessage,
  toShopper,
  toTicket,
  toTimer,
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

  /**
   * SQL for `expect`, appended to a WHERE clause on the conversation whose id is `$1`; params
   * continue after `params`. An agentLoad condition is only safe inside {@link guarded}.
   */
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
    if (expect?.agentLoad) {
      params.push(expect.agentLoad.agentId, expect.agentLoad.max);
      sql += ` AND (SELECT count(*) FROM ${s}.conversations o
        WHERE o.agent_id = $${params.length - 1} AND o.status IN ('assigned', 'pending') AND o.id <> $1)
        < $${params.length}::float8`;
    }
    return sql;
  };

  /**
   * Runs a write whose WHERE clause is `expectation(expect)` where that check is sound. Status and
   * agent are checked on the row the write locks; an agent's load counts other rows, which no row
   * lock covers, so with agentLoad the write runs in a transaction that first takes a per-agent
   * advisory lock (held until commit). Its statement's snapshot is then taken after the previous
   * holder committed, so two nodes assigning to one agent see each other's assignment. Only
   * writes that carry agentLoad take the lock: one without it is not counted against the limit.
   */
  const guarded = <T>(expect: ConversationExpectation | undefined, write: (q: SqlQuery) => Promise<T>) => {
    const load = expect?.agentLoad;
    if (!load) return write(db);
    return db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`kefu.agent:${schema}:${load.agentId}`]);
      return write(tx);
    });
  };

  /** Stores a timer, replacing any with its key and any claim on it (the version moves on). */
  const upsertTimer = async (q: SqlQuery, timer: NewTimer): Promise<TimerRecord> => {
    const { rows } = await q.query<TimerRow>(
      `INSERT INTO ${s}.timers AS t (key, kind, due_at, data) VALUES ($1, $2, $3, $4::text::json)
       ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, due_at = EXCLUDED.due_at, data = EXCLUDED.data,
         version = nextval('${s}.timer_versions'), lease_owner = NULL, lease_until = NULL
       RETURNING ${TIMER_COLUMNS}`,
      [timer.key, timer.kind, timer.dueAt, json(timer.data)],
    );
    return toTimer(rows[0]!);
  };

  /** The ticket's timer follows its `dueAt`: kind `ticket`, no data, gone when null. */
  const setTicketTimer = async (q: SqlQuery, ticketId: string, dueAt: number | null) => {
    const key = ticketTimerKey(ticketId);
    if (dueAt === null) await q.query(`DELETE FROM ${s}.timers WHERE key = $1`, [key]);
    else await upsertTimer(q, { key, kind: 'ticket', dueAt, data: {} });
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
    const { rows } = await q.query<{ status: string; dup: MessageRow | null; seq: number | null }>(
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
      const where = expectation(expect, params);
      const { rows } = await guarded(expect, (q) =>
        q.query<ConversationRow>(
          `UPDATE ${s}.conversations SET ${sets.join(', ')} WHERE id = $1${where}
           RETURNING ${CONVERSATION_COLUMNS}`,
          params,
        ),
      );
      return rows[0] ? toConversation(rows[0]) : null;
    },

    async appendMessage(input, expect) {
      // Two appends of one clientMsgId can both miss the other in the duplicate lookup (its
      // snapshot predates the lock wait); the loser hits the unique index and retries, and its
      // retry then finds the winner's row and returns it as the duplicate.
      for (let attempt = 1; ; attempt++) {
        try {
          return await guarded(expect, (q) => appendOnce(q, input, expect));
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
        const tickets = await tx.query<TicketRow>(
          `SELECT ticket, version FROM ${s}.tickets WHERE conversation_id = $1 FOR UPDATE`,
          [id],
        );
        for (const row of tickets.rows) {
          const erased = eraseTicket(toTicket(row), anonymousId);
          await tx.query(`UPDATE ${s}.tickets SET ${TICKET_SET} WHERE id = $1`, [
            erased.id,
            ...ticketColumns(erased),
          ]);
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

    async appendEvents(batch) {
      if (batch.length === 0) return;
      // One multi-row INSERT: rows get `pos` in the order given. (Cheaper than unnesting arrays
      // for the small batches a hub writes: PGlite parses each array parameter as text.)
      const params: unknown[] = [];
      const rows = batch.map((e) => {
        const n = params.push(
          e.id,
          e.at,
          e.kind,
          e.conversationId,
          e.agentId ?? null,
          e.group ?? null,
          json(e.data),
        );
        return `($${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::text::json)`;
      });
      await db.query(
        `INSERT INTO ${s}.events (id, at, kind, conversation_id, agent_id, skill_group, data) VALUES ${rows.join(', ')}`,
        params,
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

    async addTimer(timer) {
      // DO NOTHING returns no row when the key exists; the read after it misses that row only if
      // it was deleted in between, and then the key is free for another try.
      for (;;) {
        const inserted = await db.query<TimerRow>(
          `INSERT INTO ${s}.timers (key, kind, due_at, data) VALUES ($1, $2, $3, $4::text::json)
           ON CONFLICT (key) DO NOTHING RETURNING ${TIMER_COLUMNS}`,
          [timer.key, timer.kind, timer.dueAt, json(timer.data)],
        );
        if (inserted.rows[0]) return { timer: toTimer(inserted.rows[0]), created: true };
        const { rows } = await db.query<TimerRow>(`SELECT ${TIMER_COLUMNS} FROM ${s}.timers WHERE key = $1`, [
          timer.key,
        ]);
        if (rows[0]) return { timer: toTimer(rows[0]), created: false };
      }
    },

    async putTimer(timer) {
      return upsertTimer(db, timer);
    },

    async updateTimer(key, version, next) {
      // One statement each: a racing writer's commit is re-checked against `version = $2`.
      const { rows } =
        next === null
          ? await db.query(`DELETE FROM ${s}.timers WHERE key = $1 AND version = $2 RETURNING 1`, [
              key,
              version,
            ])
          : await db.query(
              `UPDATE ${s}.timers SET kind = $3, due_at = $4, data = $5::text::json, version = nextval('${s}.timer_versions'),
                 lease_owner = NULL, lease_until = NULL
               WHERE key = $1 AND version = $2 RETURNING 1`,
              [key, version, next.kind, next.dueAt, json(next.data)],
            );
      return rows.length > 0;
    },

    async getTimer(key) {
      const { rows } = await db.query<TimerRow>(`SELECT ${TIMER_COLUMNS} FROM ${s}.timers WHERE key = $1`, [
        key,
      ]);
      return rows[0] ? toTimer(rows[0]) : null;
    },

    async listTimers({ prefix, kind }) {
      const params: unknown[] = [];
      let where = prefix === undefined ? 'TRUE' : keyPrefix(prefix, params);
      if (kind !== undefined) {
        params.push(kind);
        where += ` AND kind = $${params.length}`;
      }
      const { rows } = await db.query<TimerRow>(
        `SELECT ${TIMER_COLUMNS} FROM ${s}.timers WHERE ${where}`,
        params,
      );
      return rows.map(toTimer).sort(byDue);
    },

    async deleteTimer(key) {
      const { rows } = await db.query<TimerRow>(
        `DELETE FROM ${s}.timers WHERE key = $1 RETURNING ${TIMER_COLUMNS}`,
        [key],
      );
      return rows[0] ? toTimer(rows[0]) : null;
    },

    async deleteTimers(prefix) {
      const params: unknown[] = [];
      const { rows } = await db.query<{ n: number }>(
        `WITH gone AS (DELETE FROM ${s}.timers WHERE ${keyPrefix(prefix, params)} RETURNING 1)
         SELECT count(*)::integer AS n FROM gone`,
        params,
      );
      return Number(rows[0]!.n);
    },

    async claimDueTimers(now, owner, leaseMs, limit) {
      // One statement. SKIP LOCKED lets concurrent claimers pass over the rows another one is
      // taking instead of waiting for them; a row another claimer committed after this statement's
      // snapshot is re-read at its newest version when locked, and its new lease keeps it out.
      // MATERIALIZED makes the locking SELECT run once, as written, before the UPDATE joins it.
      const { rows } = await db.query<TimerRow>(
        `WITH due AS MATERIALIZED (
           SELECT key FROM ${s}.timers
           WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
           ORDER BY due_at, key LIMIT $4
           FOR UPDATE SKIP LOCKED)
         UPDATE ${s}.timers t SET lease_owner = $2, lease_until = $3, version = nextval('${s}.timer_versions')
         FROM due WHERE t.key = due.key
         RETURNING t.key, t.kind, t.due_at, t.data, t.version, t.lease_owner, t.lease_until`,
        // LIMIT NULL is no limit, as slicing by Infinity is in the memory store.
        [
          now,
          owner,
          now + leaseMs,
          limit === Number.POSITIVE_INFINITY ? null : Math.max(0, Math.floor(limit) || 0),
        ],
      );
      // RETURNING has no order of its own.
      return rows.map(toTimer).sort(byDue);
    },

    async createTicket(ticket, dueAt) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<TicketRow>(
          `INSERT INTO ${s}.tickets (id, conversation_id, status, assignee_id, created_at, ticket)
           VALUES ($1, $2, $3, $4, $5, $6::text::json) ON CONFLICT (id) DO NOTHING RETURNING ticket, version`,
          [ticket.id, ...ticketColumns(ticket)],
        );
        if (!rows[0]) throw new KefuError('conflict', `ticket ${ticket.id} exists`);
        await setTicketTimer(tx, ticket.id, dueAt);
        return toTicket(rows[0]);
      });
    },

    async updateTicket(ticket, dueAt) {
      return db.transaction(async (tx) => {
        // The version check is in the statement, so of racing updates at one version one wins.
        const { rows } = await tx.query<TicketRow>(
          `UPDATE ${s}.tickets SET ${TICKET_SET} WHERE id = $1 AND version = $7 RETURNING ticket, version`,
          [ticket.id, ...ticketColumns(ticket), ticket.version],
        );
        if (!rows[0]) return null;
        await setTicketTimer(tx, ticket.id, dueAt);
        return toTicket(rows[0]);
      });
    },

    async getTicket(id) {
      const { rows } = await db.query<TicketRow>(`SELECT ticket, version FROM ${s}.tickets WHERE id = $1`, [
        id,
      ]);
      return rows[0] ? toTicket(rows[0]) : null;
    },

    async listTickets({ statuses, assigneeId, conversationId }) {
      const params: unknown[] = [];
      let where = 'TRUE';
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where += ` AND ${sql.replace('?', `$${params.length}`)}`;
      };
      if (statuses !== undefined) add('status = ANY(?::text[])', [...statuses]);
      if (assigneeId !== undefined) add('assignee_id = ?', assigneeId);
      if (conversationId !== undefined) add('conversation_id = ?', conversationId);
      const { rows } = await db.query<TicketRow>(
        `SELECT ticket, version FROM ${s}.tickets WHERE ${where} ORDER BY created_at, pos`,
        params,
      );
      return rows.map(toTicket);
    },

    async close() {
      await db.close();
    },
  };
}

/** Writes a whole ticket: `$1` is its id, `$2`–`$6` are {@link ticketColumns}. */
const TICKET_SET =
  'conversation_id = $2, status = $3, assignee_id = $4, created_at = $5, ticket = $6::text::json, version = version + 1';

/**
 * `key` starts with `prefix`, as one index range: keys are `COLLATE "C"`, whose byte order is
 * code point order, so they are those from `prefix` up to (not including) {@link prefixEnd}.
 * Unlike LIKE, `_` and `%` in a prefix are plain characters. Pushes its params.
 */
function keyPrefix(prefix: string, params: unknown[]): string {
  params.push(prefix);
  let sql = `key >= $${params.length}`;
  const end = prefixEnd(prefix);
  if (end !== null) {
    params.push(end);
    sql += ` AND key < $${params.length}`;
  }
  return sql;
}

/** The least string above every string starting with `prefix`; null when there is none. */
function prefixEnd(prefix: string): string | null {
  const points = [...prefix].map((c) => c.codePointAt(0)!);
  while (points.length > 0) {
    let last = points.pop()!;
    // A lone surrogate reaches the database as U+FFFD (UTF-8 cannot carry it).
    if (last >= 0xd800 && last <= 0xdfff) last = 0xfffd;
    if (last < 0x10ffff) {
      // The next character; surrogates are not characters, so U+D7FF is followed by U+E000.
      points.push(last === 0xd7ff ? 0xe000 : last + 1);
      return String.fromCodePoint(...points);
    }
  }
  return null;
}

/** The columns the hub filters on, in table order: status, agent_id, skill_group. */
function stateColumns(state: ConversationState): [string, string | null, string] {
  return [state.status, state.agent?.id ?? null, state.group ?? ''];
}

const zip = <A, B>(a: readonly A[], b: readonly B[]) => a.map((x, i) => [x, b[i]] as const);
