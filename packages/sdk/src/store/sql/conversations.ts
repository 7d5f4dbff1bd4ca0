import { type ConversationState, KefuError } from '@kefu/protocol';
import type { ConversationPatch, NewConversation, Store, StoredConversation } from '../store.ts';
import { createBatchQueue } from './batch-queue.ts';
import { expectation, guarded } from './expectation.ts';
import { CONVERSATION_COLUMNS, type ConversationRow, json, PATCH_COLUMNS, toConversation } from './rows.ts';
import type { SqlQuery } from './sql-client.ts';
import { type SqlContext, sqlState, UNIQUE_VIOLATION } from './sql-context.ts';

type ConversationMethods = Pick<
  Store,
  | 'createConversation'
  | 'getConversation'
  | 'findLatestConversation'
  | 'openConversation'
  | 'listConversations'
  | 'updateConversation'
> & {
  /** Resolves once every read asked for so far is answered (at close). */
  idle(): Promise<void>;
};

/** Conversations read per statement at the most. */
const MAX_READS = 256;

/**
 * The conversations table: create, read, list and compare-and-set updates. Over 80 lines only as a list of
 * short methods, one per Store operation on these tables.
 */
export function sqlConversations(ctx: SqlContext): ConversationMethods {
  const { db, s, schema } = ctx;
  const columns =
    '(id, site_key, shopper_id, state, created_at, updated_at, page, locale, status, agent_id, skill_group)';
  // Typed, as a SELECT (openSql) would otherwise take its parameters for text.
  const values =
    '$1::text, $2::text, $3::text, $4::text::json, $5::bigint, $5::bigint, $6::text::json, $7::text, $8::text, $9::text, $10::text';
  const params = (input: NewConversation) => [
    input.id,
    input.siteKey,
    input.shopperId,
    json(input.state),
    input.createdAt,
    json(input.page),
    input.locale ?? null,
    ...stateColumns(input.state),
  ];
  const conflict = (error: unknown, input: NewConversation) =>
    sqlState(error) === UNIQUE_VIOLATION
      ? new KefuError('conflict', `conversation ${input.id} exists`)
      : error;
  const insert = async (q: SqlQuery, input: NewConversation) => {
    try {
      const { rows } = await q.query<ConversationRow>(
        `INSERT INTO ${s}.conversations ${columns} VALUES (${values}) RETURNING ${CONVERSATION_COLUMNS}`,
        params(input),
      );
      return toConversation(rows[0]!);
    } catch (error) {
      throw conflict(error, input);
    }
  };
  const latestSql = (site: string, shopper: string) => `SELECT ${CONVERSATION_COLUMNS}, status
    FROM ${s}.conversations WHERE site_key = ${site} AND shopper_id = ${shopper}
    ORDER BY created_at DESC, pos DESC LIMIT 1`;
  // openConversation's read and insert as one statement: the shopper's latest conversation, else
  // (none, or closed before $11) a new one. `status` mirrors state.status (see stateColumns).
  const openSql = `WITH found AS (${latestSql('$2', '$3')}),
    ins AS (
      INSERT INTO ${s}.conversations ${columns} SELECT ${values}
      WHERE NOT EXISTS (SELECT 1 FROM found WHERE NOT (status = 'closed' AND updated_at < $11))
      RETURNING ${CONVERSATION_COLUMNS})
    SELECT ${CONVERSATION_COLUMNS}, TRUE AS created FROM ins
    UNION ALL SELECT ${CONVERSATION_COLUMNS}, FALSE FROM found WHERE NOT EXISTS (SELECT 1 FROM ins)`;
  // The hub reads a conversation per message (its bot turn): reads that arrive while one is in
  // flight go together, as one statement. Each is sent after it was asked for, so it sees every
  // write that had resolved by then.
  const reads = createBatchQueue<string, StoredConversation | null>(
    async (ids) => {
      const { rows } =
        ids.length === 1
          ? await db.query<ConversationRow>(
              `SELECT ${CONVERSATION_COLUMNS} FROM ${s}.conversations WHERE id = $1`,
              ids,
              { prepare: true },
            )
          : await db.query<ConversationRow>(
              `SELECT ${CONVERSATION_COLUMNS} FROM ${s}.conversations WHERE id = ANY($1::text[])`,
              [[...new Set(ids)]],
              { prepare: true },
            );
      const byId = new Map(rows.map((row) => [row.id, row]));
      const given = new Set<string>();
      return ids.map((id) => {
        const row = byId.get(id);
        if (!row) return { value: null };
        // Each caller gets its own copy, as from a read of its own: the hub may change what it was given.
        const value = given.has(id) ? structuredClone(toConversation(row)) : toConversation(row);
        given.add(id);
        return { value };
      });
    },
    { max: MAX_READS },
  );
  return {
    idle: reads.idle,
    createConversation: (input) => insert(db, input),

    getConversation: (id) => reads.push(id),

    async findLatestConversation(siteKey, shopperId) {
      const { rows } = await db.query<ConversationRow>(latestSql('$1', '$2'), [siteKey, shopperId], {
        prepare: true,
      });
      return rows[0] ? toConversation(rows[0]) : null;
    },

    openConversation(input, closedBefore) {
      return db.transaction(async (tx) => {
        // Held until commit: a second opener (any node) waits, then its read sees this insert.
        // JSON keeps the key free of NUL, which a text parameter cannot carry.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          JSON.stringify(['kefu.shopper', schema, input.siteKey, input.shopperId]),
        ]);
        try {
          const { rows } = await tx.query<ConversationRow & { created: boolean }>(
            openSql,
            [...params(input), closedBefore],
            { prepare: true },
          );
          return { conversation: toConversation(rows[0]!), created: rows[0]!.created };
        } catch (error) {
          throw conflict(error, input);
        }
      });
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
      if (filter.updatedSince !== undefined) {
        params.push(filter.updatedSince);
        where += ` AND updated_at >= $${params.length}`;
      }
      if (filter.createdFrom !== undefined) {
        params.push(filter.createdFrom);
        where += ` AND created_at >= $${params.length}`;
      }
      if (filter.createdBefore !== undefined) {
        params.push(filter.createdBefore);
        where += ` AND created_at < $${params.length}`;
      }
      params.push(filter.limit === undefined ? null : Math.max(0, filter.limit));
      const order = filter.newestFirst ? 'created_at DESC, pos DESC' : 'created_at, pos';
      const { rows } = await db.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM ${s}.conversations WHERE ${where}
         ORDER BY ${order} LIMIT $${params.length}`,
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
      const where = expectation(ctx, expect, params);
      const { rows } = await guarded(ctx, expect, (q) =>
        q.query<ConversationRow>(
          `UPDATE ${s}.conversations SET ${sets.join(', ')} WHERE id = $1${where}
           RETURNING ${CONVERSATION_COLUMNS}`,
          params,
        ),
      );
      return rows[0] ? toConversation(rows[0]) : null;
    },
  };
}

/** The columns the hub filters on, in table order: status, agent_id, skill_group. */
function stateColumns(state: ConversationState): [string, string | null, string] {
  return [state.status, state.agent?.id ?? null, state.group ?? ''];
}

const zip = <A, B>(a: readonly A[], b: readonly B[]) => a.map((x, i) => [x, b[i]] as const);
