import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import type { LogFields } from '../logger.ts';
import { eventually } from '../testing/eventually.ts';
import { openStore } from './open-backends.ts';

// What an operator reads when a config-file hub's PostgreSQL connections are cut (a failover,
// pg_terminate_backend): the connections are found by their application_name, so the shared
// server is never restarted and other tests' connections are left alone.
const missing = await postgresMissing();
const tag = `kefu_ob${process.pid}_${Date.now().toString(36)}`;
const admin = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${tag} CASCADE`);
  await admin?.end();
});

const terminate = async () =>
  (
    await admin!.query<{ n: number }>(
      'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1',
      [tag],
    )
  ).rows[0]!.n;

describe.skipIf(missing !== null)(
  missing
    ? `a config hub's store losing connections (skipped: ${missing})`
    : "a config hub's store losing connections",
  () => {
    it('logs store.connection_error once per outage, not once per dropped connection', async () => {
      const logged: Array<{ event: string; fields?: LogFields }> = [];
      const logger = {
        log: (_level: string, event: string, fields?: LogFields) => logged.push({ event, fields }),
      };
      const url = `${POSTGRES_URL}?application_name=${tag}`;
      const store = await openStore({ url, schema: tag, poolSize: 4 }, '.', logger);
      try {
        const errors = () => logged.filter((l) => l.event === 'store.connection_error');
        // Three cuts in a row, each of an idle pooled connection: a failover drops every
        // connection of the pool, and a storm of kills looks the same to the hub.
        for (let i = 0; i < 3; i++) {
          await store.ready();
          expect(await terminate()).toBeGreaterThan(0);
          await eventually(async () => errors().length >= 1, 'the cut reported');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await store.ready();
        expect(errors()).toHaveLength(1);
        expect(errors()[0]!.fields?.error).toMatch(/terminating connection/);
      } finally {
        await store.close();
      }
    });

    it("names its connections 'kefu' in pg_stat_activity unless the URL names them", async () => {
      const schema = `${tag}_n`;
      const store = await openStore({ url: POSTGRES_URL, schema }, '.');
      try {
        await store.ready();
        const { rows } = await admin!.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'kefu' AND pid <> pg_backend_pid()",
        );
        expect(rows[0]!.n).toBeGreaterThan(0);
      } finally {
        await store.close();
        await admin!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
    });
  },
);
