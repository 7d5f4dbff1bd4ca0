import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { pgPoolClient } from '../store/postgres-store.ts';
import { blobStoreContract } from './blob-store-contract.ts';
import { createSqlBlobStore } from './sql-blob-store.ts';

const missing = await postgresMissing();
// Every test gets its own schema, named after this process, dropped after it.
const prefix = `kefu_b${process.pid}_${Date.now().toString(36)}`;
let schemas = 0;
const pool = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 6 });
afterAll(async () => {
  await pool?.end();
});

describe.skipIf(missing !== null)(missing ? `PostgreSQL (skipped: ${missing})` : 'PostgreSQL', () => {
  blobStoreContract(
    'PostgreSQL',
    async () =>
      createSqlBlobStore(pgPoolClient(pool!, { owned: false }), { schema: `${prefix}_${++schemas}` }),
    async (blobs) => {
      await blobs.close();
      await pool!.query(`DROP SCHEMA IF EXISTS ${prefix}_${schemas} CASCADE`);
    },
  );

  it('lets several nodes set up the same table at once', async () => {
    const schema = `${prefix}_race`;
    try {
      const nodes = await Promise.all(
        [1, 2, 3, 4].map(() => createSqlBlobStore(pgPoolClient(pool!, { owned: false }), { schema })),
      );
      await nodes[0]!.put('k', Buffer.from('x'), { contentType: 'image/png' });
      expect(await nodes[3]!.get('k')).toMatchObject({ size: 1 });
    } finally {
      await pool!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });
});
