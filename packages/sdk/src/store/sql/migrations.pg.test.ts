import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../../test/servers.ts';
import { pgPoolClient } from '../postgres-store.ts';
import { MIGRATIONS, migrate } from './migrations.ts';
import { DEDUPLICATED, DOUBLED_EVENTS } from './test-fixtures.ts';

const missing = await postgresMissing();
const schema = `kefu_m${process.pid}_${Date.now().toString(36)}`;
const pools: pg.Pool[] = [];
afterAll(async () => {
  if (pools[0]) await pools[0].query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await Promise.all(pools.map((p) => p.end()));
});

describe.skipIf(missing !== null)(
  missing ? `migrate on PostgreSQL (skipped: ${missing})` : 'migrate on PostgreSQL',
  () => {
    it('lets five nodes starting at once migrate a new schema exactly once', async () => {
      for (let i = 0; i < 5; i++) pools.push(new pg.Pool({ connectionString: POSTGRES_URL, max: 1 }));
      const results = await Promise.all(pools.map((p) => migrate(pgPoolClient(p, { owned: false }), schema)));
      const versions = MIGRATIONS.map((m) => m.version);
      expect(results.filter((r) => r.applied.length > 0)).toEqual([{ from: 0, applied: versions }]);
      const { rows } = await pools[0]!.query(
        `SELECT version FROM ${schema}.kefu_migrations ORDER BY version`,
      );
      expect(rows).toEqual(versions.map((version) => ({ version })));
    });

    it('keeps the first copy of each event stored twice before ids were unique', async () => {
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      pools.push(pool);
      const client = pgPoolClient(pool, { owned: false });
      const doubled = `${schema}_doubled`;
      try {
        await migrate(
          client,
          doubled,
          MIGRATIONS.filter((m) => m.version < 7),
        );
        await pool.query(DOUBLED_EVENTS(doubled));
        expect(await migrate(client, doubled)).toEqual({
          from: 6,
          applied: MIGRATIONS.filter((m) => m.version >= 7).map((m) => m.version),
        });
        const { rows } = await pool.query(`SELECT id, data FROM ${doubled}.events ORDER BY pos`);
        expect(rows).toEqual(DEDUPLICATED);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS ${doubled} CASCADE`);
      }
    });

    it('keys the events by id, so each event goes into three indexes, and keeps what they hold', async () => {
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      pools.push(pool);
      const client = pgPoolClient(pool, { owned: false });
      const older = `${schema}_older`;
      try {
        await migrate(
          client,
          older,
          MIGRATIONS.filter((m) => m.version < 8),
        );
        await pool.query(
          `INSERT INTO ${older}.events (id, at, kind, conversation_id) VALUES ('e_1', 1, 'message', 'c_1')`,
        );
        expect(await migrate(client, older)).toEqual({
          from: 7,
          applied: MIGRATIONS.filter((m) => m.version >= 8).map((m) => m.version),
        });
        const { rows: indexes } = await pool.query(
          `SELECT indexname AS name, indexdef LIKE '%UNIQUE INDEX events_pkey ON % USING btree (id)' AS on_id
           FROM pg_indexes WHERE schemaname = $1 AND tablename = 'events' ORDER BY indexname`,
          [older],
        );
        expect(indexes).toEqual([
          { name: 'events_at', on_id: false },
          { name: 'events_conversation', on_id: false },
          { name: 'events_pkey', on_id: true },
        ]);
        // What the event log's writes stand on: an id stored already is skipped, not refused.
        await pool.query(
          `INSERT INTO ${older}.events (id, at, kind, conversation_id)
           VALUES ('e_1', 2, 'message', 'c_1'), ('e_2', 2, 'message', 'c_1') ON CONFLICT (id) DO NOTHING`,
        );
        const { rows } = await pool.query(`SELECT id, at FROM ${older}.events ORDER BY at, pos`);
        expect(rows).toEqual([
          { id: 'e_1', at: '1' },
          { id: 'e_2', at: '2' },
        ]);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS ${older} CASCADE`);
      }
    });

    it('drops the messages’ foreign key, the check every stored message paid, and keeps what they hold', async () => {
      await fromVersion(
        10,
        'fk',
        async (pool, name) => {
          await pool.query(
            `INSERT INTO ${name}.conversations (id, site_key, shopper_id, state, status, skill_group, created_at, updated_at, last_seq)
           VALUES ('c_1', 'site', 's_1', '{}', 'bot', '', 1, 1, 1)`,
          );
          await pool.query(
            `INSERT INTO ${name}.messages (conversation_id, seq, id, author, content, created_at)
           VALUES ('c_1', 1, 'm_1', '{"kind":"shopper"}', '{"kind":"text","text":"hi"}', 1)`,
          );
        },
        async (pool, name) => {
          const { rows: keys } = await pool.query(
            `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'`,
            [`${name}.messages`],
          );
          expect(keys).toEqual([]);
          const { rows } = await pool.query(`SELECT conversation_id, seq, id FROM ${name}.messages`);
          expect(rows).toEqual([{ conversation_id: 'c_1', seq: 1, id: 'm_1' }]);
        },
      );
    });
  },
);

/**
 * A schema of its own migrated to `version`, given what `before` stores, then migrated to the end
 * (the later steps applied, nothing else) and handed to `after`; dropped at the end.
 */
async function fromVersion(
  version: number,
  suffix: string,
  before: (pool: pg.Pool, name: string) => Promise<void>,
  after: (pool: pg.Pool, name: string) => Promise<void>,
): Promise<void> {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  pools.push(pool);
  const client = pgPoolClient(pool, { owned: false });
  const name = `${schema}_${suffix}`;
  try {
    await migrate(
      client,
      name,
      MIGRATIONS.filter((m) => m.version <= version),
    );
    await before(pool, name);
    expect(await migrate(client, name)).toEqual({
      from: version,
      applied: MIGRATIONS.filter((m) => m.version > version).map((m) => m.version),
    });
    await after(pool, name);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  }
}
