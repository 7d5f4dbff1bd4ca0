import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversation, message } from './contract-fixtures.ts';
import { pgliteSeed } from './pglite-seed.ts';
import { createPgliteStore } from './pglite-store.ts';
import { pgliteThreadClient } from './pglite-thread-client.ts';
import type { SqlClient } from './sql/sql-client.ts';
import { createSqlStore } from './sql/sql-store.ts';
import { storeContract } from './store-contract.ts';

// One thread per file, opened from a migrated dump; each test gets its own schema, dropped after it.
let client: SqlClient;
let schemas = 0;
beforeAll(async () => {
  client = await pgliteThreadClient({ loadDataDir: await (await pgliteSeed()).arrayBuffer(), options: {} });
}, 120_000);
afterAll(async () => {
  await client?.close();
});

/** The shared thread, its closing left to afterAll. */
const shared = (): SqlClient => ({ ...client, close: async () => {} });

storeContract(
  'PGlite in a worker thread',
  async () => createSqlStore(shared(), { schema: `thread_${++schemas}` }),
  async (store) => {
    await store.close();
    await client.query(`DROP SCHEMA thread_${schemas} CASCADE`);
  },
);

describe('pgliteThreadClient', () => {
  it('answers statements in the order they were asked, rows as PGlite gives them', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.query<{ n: number; doc: { i: number } }>('SELECT $1::int AS n, $2::text::json AS doc', [
          i,
          JSON.stringify({ i }),
        ]),
      ),
    );
    expect(answers.map((a) => a.rows[0])).toEqual(
      Array.from({ length: 20 }, (_, i) => ({ n: i, doc: { i } })),
    );
  });

  it('passes the database error and its SQLSTATE across the thread', async () => {
    await expect(client.query('SELECT 1/0')).rejects.toMatchObject({
      code: '22012',
      message: /division by zero/,
    });
  });

  it('runs a transaction alone: statements asked meanwhile wait for its end, a throw rolls it back', async () => {
    await client.query('CREATE TABLE tx_probe (n int)');
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => {
      inside = resolve;
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tx = client.transaction(async (q) => {
      await q.query('INSERT INTO tx_probe VALUES (1)');
      inside();
      await held;
      await q.query('INSERT INTO tx_probe VALUES (2)');
    });
    await entered;
    // Asked while the transaction is open: it must not see half of it.
    const seen = client.query<{ n: number }>('SELECT count(*)::int AS n FROM tx_probe');
    release();
    await tx;
    expect((await seen).rows[0]!.n).toBe(2);
    await expect(
      client.transaction(async (q) => {
        await q.query('INSERT INTO tx_probe VALUES (3)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM tx_probe')).rows[0]!.n).toBe(2);
    await client.query('DROP TABLE tx_probe');
  });
});

describe('createPgliteStore with thread: true', () => {
  it('keeps what it stored across a restart on the same dataDir, and answers everything asked before close()', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'kefu-pglite-thread-')), 'db');
    try {
      const first = await createPgliteStore({ dataDir, loadDataDir: await pgliteSeed(), thread: true });
      await first.createConversation(conversation('c_1'));
      const pending = Array.from({ length: 20 }, (_, i) => first.appendMessage(message(i + 1)));
      await first.close();
      expect((await Promise.all(pending)).map((r) => r.message.seq)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      const second = await createPgliteStore({ dataDir, thread: true });
      expect(await second.getConversation('c_1')).toMatchObject({ lastSeq: 20 });
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
