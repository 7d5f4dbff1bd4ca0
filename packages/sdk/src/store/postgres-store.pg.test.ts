import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { conversation, message } from './contract-fixtures.ts';
import { createPostgresStore, pgPoolClient } from './postgres-store.ts';
import { storeContract } from './store-contract.ts';

const missing = await postgresMissing();
// Every test gets its own schema, named after this process, dropped after it.
const prefix = `kefu_t${process.pid}_${Date.now().toString(36)}`;
let schemas = 0;
const pool = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
afterAll(async () => {
  await pool?.end();
});

describe.skipIf(missing !== null)(missing ? `PostgreSQL (skipped: ${missing})` : 'PostgreSQL', () => {
  storeContract(
    'PostgreSQL',
    async () => createPostgresStore({ pool: pool!, schema: `${prefix}_${++schemas}` }),
    async (store) => {
      await store.close();
      await pool!.query(`DROP SCHEMA IF EXISTS ${prefix}_${schemas} CASCADE`);
    },
  );

  describe('createPostgresStore', () => {
    it('opens its own pool from a connection string and closes it with the store', async () => {
      const schema = `${prefix}_own`;
      const store = await createPostgresStore({ connectionString: POSTGRES_URL, schema, max: 2 });
      try {
        await store.createConversation(conversation('c_1', { createdAt: 1 }));
        expect(await store.getConversation('c_1')).toMatchObject({ id: 'c_1', createdAt: 1 });
      } finally {
        await store.close();
        await pool!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
    });

    it('survives its connection being terminated between two statements of a transaction', async () => {
      // pg_terminate_backend is what a failover or an operator does; the pool listens for a
      // connection's errors only while it is idle, and an unheard error crashed the whole hub.
      const own = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      const clients: pg.PoolClient[] = [];
      own.on('acquire', (client) => clients.push(client));
      own.on('error', () => {});
      const sql = pgPoolClient(own, { owned: true });
      try {
        const outcome = await sql
          .transaction(async (tx) => {
            const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
            const ended = new Promise((resolve) => clients.at(-1)!.once('end', resolve));
            await pool!.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
            await ended;
            await tx.query('SELECT 1');
          })
          .then(
            () => 'committed',
            (error: Error) => `rejected: ${error.message}`,
          );
        expect(outcome).toMatch(/^rejected: /);
        // The dead connection was not pooled again: the next statement gets a new one.
        const { rows } = await sql.query<{ one: number }>('SELECT 1 AS one');
        expect(rows).toEqual([{ one: 1 }]);
      } finally {
        await sql.close();
      }
    });

    it('fails a statement the database never answers (a dead network path) instead of waiting for ever, and goes on', async () => {
      const schema = `${prefix}_stall`;
      const server = new URL(POSTGRES_URL);
      const proxy = await cuttableProxy(server.hostname, Number(server.port || 5432));
      server.host = `127.0.0.1:${proxy.port}`;
      const store = await createPostgresStore({
        connectionString: server.toString(),
        schema,
        max: 2,
        queryTimeoutMs: 500,
      });
      try {
        await store.createConversation(conversation('c_1', { createdAt: 1 }));
        proxy.stall();
        await expect(store.appendMessage(message(1, { createdAt: 2 }))).rejects.toThrow();
        await expect(store.getConversation('c_1')).rejects.toThrow();
        proxy.flow();
        // The stalled connections were dropped: new ones serve the store.
        await store.appendMessage(message(1, { createdAt: 2 }));
        expect(await store.getConversation('c_1')).toMatchObject({ lastSeq: 1 });
      } finally {
        await store.close();
        await proxy.close();
        await pool!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
    });

    it("prepares the hot path's statements once per connection, unless told not to", async () => {
      for (const prepareStatements of [true, false]) {
        const own = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
        const schema = `${prefix}_prep_${prepareStatements}`;
        const store = await createPostgresStore({ pool: own, schema, prepareStatements });
        try {
          await store.createConversation(conversation('c_1', { createdAt: 1 }));
          for (let i = 1; i <= 3; i++) {
            await store.appendMessage(message(i, { createdAt: i }));
            expect(await store.getConversation('c_1')).toMatchObject({ lastSeq: i });
          }
          // The pool's one connection answers for itself.
          const { rows } = await own.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'kefu\\_%'",
          );
          expect(rows[0]!.n).toBe(prepareStatements ? 2 : 0);
        } finally {
          await store.close();
          await own.end();
          await pool!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        }
      }
    });

    it('gives two nodes on one schema one gapless sequence and one winner per race', async () => {
      const schema = `${prefix}_nodes`;
      const nodes = await Promise.all(
        [1, 2, 3].map(() => createPostgresStore({ connectionString: POSTGRES_URL, schema, max: 4 })),
      );
      try {
        await nodes[0]!.createConversation({
          id: 'c_1',
          siteKey: 's',
          shopperId: 'p',
          state: { status: 'queued' },
          createdAt: 1,
        });
        const appends = await Promise.all(
          Array.from({ length: 90 }, (_, i) =>
            nodes[i % 3]!.appendMessage({
              id: `m_${i}`,
              conversationId: 'c_1',
              clientMsgId: `k_${i % 45}`,
              author: { kind: 'shopper' },
              content: { kind: 'text', text: `${i}` },
              createdAt: 10 + i,
            }),
          ),
        );
        expect(appends.filter((r) => !r.duplicate)).toHaveLength(45);
        const stored = await nodes[1]!.listMessages('c_1', { limit: 100 });
        expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));

        const takes = await Promise.all(
          nodes.map((node, i) =>
            node.updateConversation(
              'c_1',
              { state: { status: 'assigned', agent: { id: `a_${i}`, name: 'A' } } },
              { statuses: ['queued'] },
            ),
          ),
        );
        expect(takes.filter((t) => t !== null)).toHaveLength(1);
      } finally {
        await Promise.all(nodes.map((n) => n.close()));
        await pool!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
    });
  });
});
