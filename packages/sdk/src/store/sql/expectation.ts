import type { ConversationExpectation } from '../store.ts';
import type { SqlQuery } from './sql-client.ts';
import type { SqlContext } from './sql-context.ts';

/**
 * SQL for `expect`, appended to a WHERE clause on the conversation whose id is `$1`; params
 * continue after `params`. An agentLoad condition is only safe inside {@link guarded}.
 */
export function expectation(
  { s }: SqlContext,
  expect: ConversationExpectation | undefined,
  params: unknown[],
): string {
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
  if (expect?.version !== undefined) {
    params.push(expect.version);
    sql += ` AND version = $${params.length}`;
  }
  if (expect?.agentLoad) {
    params.push(expect.agentLoad.agentId, expect.agentLoad.max);
    sql += ` AND (SELECT count(*) FROM ${s}.conversations o
        WHERE o.agent_id = $${params.length - 1} AND o.status IN ('assigned', 'pending') AND o.id <> $1)
        < $${params.length}::float8`;
  }
  return sql;
}

/**
 * Runs a write whose WHERE clause is `expectation(expect)` where that check is sound. Status and
 * agent are checked on the row the write locks; an agent's load counts other rows, which no row
 * lock covers, so with agentLoad the write runs in a transaction that first takes a per-agent
 * advisory lock (held until commit). Its statement's snapshot is then taken after the previous
 * holder committed, so two nodes assigning to one agent see each other's assignment. Only
 * writes that carry agentLoad take the lock: one without it is not counted against the limit.
 */
export function guarded<T>(
  { db, schema }: SqlContext,
  expect: ConversationExpectation | undefined,
  write: (q: SqlQuery) => Promise<T>,
): Promise<T> {
  const load = expect?.agentLoad;
  if (!load) return write(db);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`kefu.agent:${schema}:${load.agentId}`]);
    return write(tx);
  });
}
