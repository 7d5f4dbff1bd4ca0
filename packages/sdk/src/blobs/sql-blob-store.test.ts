import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteSeed } from '../store/pglite-seed.ts';
import { pgliteClient } from '../store/pglite-store.ts';
import { blobStoreContract } from './blob-store-contract.ts';
import { createSqlBlobStore } from './sql-blob-store.ts';

// One database for the file (initdb costs seconds), a schema per test.
let db: PGlite;
let schemas = 0;
beforeAll(async () => {
  db = await PGlite.create({ loadDataDir: await pgliteSeed() });
});
afterAll(async () => {
  await db.close();
});

blobStoreContract('PGlite', async () =>
  createSqlBlobStore(pgliteClient(db, { owned: false }), { schema: `blobs_${++schemas}` }),
);

describe('createSqlBlobStore on PGlite', () => {
  it('sets up its table idempotently, beside the store tables of the same schema', async () => {
    const client = pgliteClient(db, { owned: false });
    const first = await createSqlBlobStore(client, { schema: 'kefu' });
    await first.put('k', Buffer.from('kept'), { contentType: 'image/png' });
    const second = await createSqlBlobStore(client, { schema: 'kefu' });
    expect(await second.get('k')).toMatchObject({ contentType: 'image/png', size: 4 });
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'kefu' AND table_name IN ('blobs', 'conversations')`,
    );
    expect(rows[0]!.n).toBe(2);
  });
});
