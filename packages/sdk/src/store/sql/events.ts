import type { EventRecord, Store } from '../store.ts';
import { eventColumns, insertEventsText } from './event-rows-insert.ts';
import type { Alone } from './group-commit.ts';
import { type EventRow, toEvent } from './rows.ts';
import { type SqlContext, sqlState, UNIQUE_VIOLATION } from './sql-context.ts';

/**
 * The append-only event log that metrics are computed from. Appends go through the store's
 * group commit (`group-commit.ts`), which writes them with the messages and other events of its
 * batch; `insertEvents` is how it writes events alone. Both skip an event whose id is stored
 * already (migration 7's unique index): the event log writes a batch again when its write failed,
 * and a write can fail after its commit, so a retry must not count the events twice.
 */
export function sqlEvents({ db, s }: SqlContext): Pick<Store, 'listEvents' | 'listEventConversations'> & {
  insertEvents: Alone['insertEvents'];
} {
  const text = insertEventsText(s, 1);
  const insert = async (events: readonly EventRecord[]) => {
    // An id already stored is skipped: a batch written again after its commit's answer was lost.
    // It is tried without ON CONFLICT first: its probe of the id's index before every row (on top
    // of the insert's own) and its speculative insertion cost every event of a hub on PostgreSQL,
    // which writes most of them here (the event log's big batches), for a retry after a failure.
    const params = eventColumns(events);
    try {
      await db.query(text, params, { prepare: true });
    } catch (error) {
      if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
      await db.query(`${text} ON CONFLICT (id) DO NOTHING`, params, { prepare: true });
    }
  };
  return {
    insertEvents: insert,

    async listEventConversations({ from, to }) {
      const params: unknown[] = [];
      let where = 'TRUE';
      if (from !== undefined) where += ` AND at >= $${params.push(from)}`;
      if (to !== undefined) where += ` AND at < $${params.push(to)}`;
      const { rows } = await db.query<{ conversation_id: string }>(
        `SELECT conversation_id FROM ${s}.events WHERE ${where}
         GROUP BY conversation_id ORDER BY min(at), min(pos)`,
        params,
      );
      return rows.map((r) => r.conversation_id);
    },

    async listEvents({ from, to, conversationId, conversationIds, kinds }) {
      const params: unknown[] = [];
      let where = 'TRUE';
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where += ` AND ${sql.replace('?', `$${params.length}`)}`;
      };
      if (from !== undefined) add('at >= ?', from);
      if (to !== undefined) add('at < ?', to);
      if (conversationId !== undefined) add('conversation_id = ?', conversationId);
      if (conversationIds !== undefined) add('conversation_id = ANY(?::text[])', [...conversationIds]);
      if (kinds !== undefined) add('kind = ANY(?::text[])', [...kinds]);
      const { rows } = await db.query<EventRow>(
        `SELECT id, at, kind, conversation_id, agent_id, skill_group, data FROM ${s}.events
         WHERE ${where} ORDER BY at, pos`,
        params,
      );
      return rows.map(toEvent);
    },
  };
}
