import type { NewTimer, TimerMethods, TimerRecord } from '../store.ts';
import { byDue } from '../timer-order.ts';
import { keyPrefix } from './key-prefix.ts';
import { json, TIMER_COLUMNS, type TimerRow, toTimer } from './rows.ts';
import type { SqlQuery } from './sql-client.ts';
import type { SqlContext } from './sql-context.ts';

/** Stores a timer, replacing any with its key and any claim on it (the version moves on). */
export async function upsertTimer(s: string, q: SqlQuery, timer: NewTimer): Promise<TimerRecord> {
  const { rows } = await q.query<TimerRow>(
    `INSERT INTO ${s}.timers AS t (key, kind, due_at, data) VALUES ($1, $2, $3, $4::text::json)
       ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, due_at = EXCLUDED.due_at, data = EXCLUDED.data,
         version = nextval('${s}.timer_versions'), lease_owner = NULL, lease_until = NULL
       RETURNING ${TIMER_COLUMNS}`,
    [timer.key, timer.kind, timer.dueAt, json(timer.data)],
  );
  return toTimer(rows[0]!);
}

/**
 * Durable timers: versioned rows, claimed with a lease so that one node fires each. Over 80 lines only as a
 * list of short methods, one per Store operation on these tables.
 */
export function sqlTimers({ db, s }: SqlContext): TimerMethods {
  return {
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
      return upsertTimer(s, db, timer);
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
  };
}
