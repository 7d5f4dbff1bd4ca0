import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../../test/servers.ts';
import { pgPoolClient } from '../postgres-store.ts';
import { batchStatementText } from './batch-statement.ts';
import { migrate } from './migrations.ts';
import { quoteIdent } from './sql-client.ts';

const missing = await postgresMissing();
const schema = `kefu_bs${process.pid}_${Date.now().toString(36)}`;
const pool = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
afterAll(async () => {
  await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool?.end();
});

describe.skipIf(missing !== null)(
  missing ? `the batch statement on PostgreSQL (skipped: ${missing})` : 'the batch statement on PostgreSQL',
  () => {
    it('looks each duplicate up by index in the plan kept for the connection, never scanning every message nor probing for conflicts', async () => {
      await migrate(pgPoolClient(pool!, { owned: false }), schema);
      const client = await pool!.connect();
      try {
        // The plan a connection keeps (generic), made while the tables are small (no statistics yet).
        await client.query('SET plan_cache_mode = force_generic_plan');
        await client.query(`PREPARE batch AS ${batchStatementText(quoteIdent(schema))}`);
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN EXECUTE batch(${Array.from({ length: 19 }, () => 'NULL').join(', ')})`,
        );
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan).toMatch(/Index Scan using messages_client_msg_id on messages/);
        expect(plan).not.toMatch(/Seq Scan on messages/);
        // The batch's conversations by their key: a semi-join planned while the table was small
        // scans every conversation (a sequential scan hashed against the batch's ids) for as long
        // as the connection keeps the plan.
        expect(plan).toMatch(/Index Scan using conversations_pkey on conversations/);
        expect(plan).not.toMatch(/Seq Scan on conversations/);
        // Events are inserted without ON CONFLICT: its probe of events_pkey before every insert cost
        // 10–13 % of the server's CPU; a stored id fails the batch, written again part by part.
        expect(plan).toMatch(/Insert on events/);
        expect(plan).not.toMatch(/Conflict/);
      } finally {
        await client.query('DEALLOCATE ALL');
        client.release();
      }
    });
  },
);
