import pg from 'pg';
import { afterAll, afterEach } from 'vitest';
import { POSTGRES_URL, postgresMissing, REDIS_URL, redisMissing } from '../../../../test/servers.ts';
import type { Bus } from '../bus/bus.ts';
import { createRedisBus } from '../bus/redis-bus.ts';
import type { Hub } from '../hub/create-hub.ts';
import type { HubOptions } from '../hub/hub-options.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import { startHub } from './hub-fixture.ts';

/**
 * Hub nodes sharing one PostgreSQL schema and one Redis bus prefix, as a cluster runs them; call
 * once at a test file's top level: it closes the nodes after each test (hubs first, then the buses
 * they were handed) and drops the schema after the file. `missing` says why the servers are not
 * there (skip the suite on it), else null.
 * @example
 * const servers = await sharedServers('n');
 * describe.skipIf(servers.missing !== null)('two nodes', () => { … await servers.node() … });
 */
export async function sharedServers(tag: string) {
  const missing = (await postgresMissing()) ?? (await redisMissing());
  const schema = `kefu_${tag}${process.pid}_${Date.now().toString(36)}`;
  const pool = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
  const hubs: Hub[] = [];
  const buses: Bus[] = [];
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((h) => h.close()));
    await Promise.all(buses.splice(0).map((b) => b.close()));
  });
  afterAll(async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool?.end();
  });
  return {
    missing,
    schema,
    /** A hub node on the shared store and bus, with `options` for the rest. */
    async node(options: Omit<Partial<HubOptions>, 'store' | 'bus'> = {}) {
      if (!pool) throw new Error(`shared servers missing: ${missing}`);
      const store = await createPostgresStore({ pool, schema });
      const bus = createRedisBus({ url: REDIS_URL, prefix: `${schema}:` });
      buses.push(bus);
      const started = await startHub({ ...options, store, bus });
      hubs.push(started.hub);
      return started;
    },
  };
}
