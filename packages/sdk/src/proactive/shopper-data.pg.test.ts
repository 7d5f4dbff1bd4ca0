import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import type { Hub } from '../hub/create-hub.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import { startHub } from '../testing/hub-fixture.ts';

// Erasure on PostgreSQL, checked on the rows themselves rather than through the store's reads.
const missing = await postgresMissing();
const schema = `kefu_e${process.pid}_${Date.now().toString(36)}`;
const pool = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 5 });
let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});
afterAll(async () => {
  await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool?.end();
});

/** Every row of every table in the schema, as text, with the table's name. */
async function allRows(): Promise<string[]> {
  const { rows: tables } = await pool!.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
    [schema],
  );
  const out: string[] = [];
  for (const { table_name } of tables) {
    const { rows } = await pool!.query<{ row: string }>(
      `SELECT t::text AS row FROM ${schema}."${table_name}" t`,
    );
    for (const { row } of rows) out.push(`${table_name}: ${row}`);
  }
  return out;
}

describe.skipIf(missing !== null)(
  missing
    ? `proactive data erased on PostgreSQL (skipped: ${missing})`
    : 'proactive data erased on PostgreSQL',
  () => {
    it('leaves no row with the shopper id once their notifications and orders are erased', async () => {
      const store = await createPostgresStore({ pool: pool!, schema });
      hub = (await startHub({ store })).hub;
      const li = { siteKey: 'shop', userId: 'li-lei-7781' };
      expect(await hub.notify(li, { kind: 'text', text: '欢迎' }, { dedupeKey: 'welcome' })).toMatchObject({
        ok: true,
      });
      await hub.orderEvent({ id: 'ev-1', orderId: 'SO-77', shopper: li, status: 'shipped', at: Date.now() });
      await hub.setNotificationOptOut(li, true);
      expect((await allRows()).filter((r) => r.includes('li-lei-7781')).length).toBeGreaterThan(0);

      await hub.eraseShopper(li);

      expect((await allRows()).filter((r) => r.includes('li-lei-7781'))).toEqual([]);
      // Right after the erasure a notice is refused (see erasure-guard.ts) and writes nothing.
      expect(
        await hub.notify(li, { kind: 'text', text: '欢迎回来' }, { dedupeKey: 'welcome' }),
      ).toMatchObject({ ok: false, error: { reason: 'erased' } });
      expect((await allRows()).filter((r) => r.includes('li-lei-7781'))).toEqual([]);
    });
  },
);
