import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import type { Store } from '../store/store.ts';
import { reportAfterLostCommit } from './test-fixtures.ts';

const missing = await postgresMissing();
const schema = `kefu_once${process.pid}_${Date.now().toString(36)}`;
const admin = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});
afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
});

describe.skipIf(missing !== null)(missing ? `PostgreSQL (skipped: ${missing})` : 'PostgreSQL', () => {
  it("counts the conversation's events once though a batch whose commit was acknowledged as a failure was written again", async () => {
    store = await createPostgresStore({ connectionString: POSTGRES_URL, schema, max: 4 });
    const t = await reportAfterLostCommit(store);
    expect(t.errors.map((e) => e.message)).toEqual(['event log: read ECONNRESET']);
    expect(t.report.total.bot?.answers).toBe(1);
    const ids = t.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
