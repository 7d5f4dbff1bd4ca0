import type { EventRecord, Store } from '../store.ts';
import { createBatchQueue, oneByOne } from './batch-queue.ts';
import { type EventRow, json, toEvent } from './rows.ts';
import type { SqlContext } from './sql-context.ts';

/** Events written per statement at the most (7 parameters each, far below PostgreSQL's 65,535). */
const MAX_EVENTS = 1000;

/**
 * The append-only event log that metrics are computed from. Calls to appendEvents that arrive
 * while one is being written are written together by the next statement (a {@link createBatchQueue}),
 * in call order; if that statement fails, each call's events are written on their own, so one
 * bad call fails alone.
 */
export function sqlEvents({ db, s }: SqlContext): Pick<Store, 'appendEvents' | 'listEvents'> & {
  /** Resolves once every event appended so far is written (at close). */
  idle(): Promise<void>;
} {
  const insert = async (events: readonly EventRecord[]) => {
    // One multi-row INSERT: rows get `pos` in the order given. (Cheaper than unnesting arrays
    // for the small batches a hub writes: PGlite parses each array parameter as text.)
    const params: unknown[] = [];
    const rows = events.map((e) => {
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
  };
  const queue = createBatchQueue<readonly EventRecord[], void>(
    async (calls) => {
      if (calls.length > 1) {
        const together = await insert(calls.flat()).then(
          () => true,
          () => false,
        );
        if (together) return calls.map(() => ({ value: undefined }));
      }
      return oneByOne(calls, insert);
    },
    { max: MAX_EVENTS, weight: (events) => events.length },
  );
  return {
    idle: queue.idle,

    async appendEvents(batch) {
      if (batch.length > 0) await queue.push(batch);
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
  };
}
