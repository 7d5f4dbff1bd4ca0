import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainError } from '../../cli/explain-error.ts';
import { pgliteSeed } from '../pglite-seed.ts';
import { pgliteClient } from '../pglite-store.ts';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from './migrations.ts';
import { SchemaIncompleteError } from './schema-incomplete-error.ts';
import { DEDUPLICATED, DOUBLED_EVENTS } from './test-fixtures.ts';

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create({ loadDataDir: await pgliteSeed() });
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe('migrate', () => {
  it('creates a missing schema, applies every step once, and nothing the second time', async () => {
    const client = pgliteClient(db, { owned: false });
    expect(await migrate(client, 'fresh')).toEqual({ from: 0, applied: MIGRATIONS.map((m) => m.version) });
    expect(await migrate(client, 'fresh')).toEqual({ from: SCHEMA_VERSION, applied: [] });
    const { rows } = await db.query<{ version: number }>('SELECT version FROM fresh.kefu_migrations');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(rows.at(-1)?.version).toBe(SCHEMA_VERSION);
  });

  it('brings a schema made by an earlier release up to date, keeping what it holds', async () => {
    const client = pgliteClient(db, { owned: false });
    await migrate(client, 'older', MIGRATIONS.slice(0, 1));
    await db.query(`INSERT INTO older.nonces (nonce, expires_at) VALUES ('n_1', 1)`);
    expect(await migrate(client, 'older')).toEqual({
      from: 1,
      applied: MIGRATIONS.slice(1).map((m) => m.version),
    });
    const { rows } = await db.query('SELECT count(*)::int AS n FROM older.nonces');
    expect(rows).toEqual([{ n: 1 }]);
    expect((await db.query('SELECT count(*)::int AS n FROM older.timers')).rows).toEqual([{ n: 0 }]);
  });

  it('keeps the first copy of each event stored twice before ids were unique, and refuses a new copy', async () => {
    const client = pgliteClient(db, { owned: false });
    await migrate(
      client,
      'doubled',
      MIGRATIONS.filter((m) => m.version < 7),
    );
    await db.exec(DOUBLED_EVENTS('doubled'));
    expect(await migrate(client, 'doubled')).toEqual({
      from: 6,
      applied: MIGRATIONS.filter((m) => m.version >= 7).map((m) => m.version),
    });
    const { rows } = await db.query('SELECT id, data FROM doubled.events ORDER BY pos');
    expect(rows).toEqual(DEDUPLICATED);
    await expect(
      db.query(
        `INSERT INTO doubled.events (id, at, kind, conversation_id) VALUES ('e_1', 1, 'message', 'c_1')`,
      ),
    ).rejects.toThrow(/duplicate key/);
  });

  it('quotes the schema name, so any name is safe', async () => {
    const client = pgliteClient(db, { owned: false });
    await migrate(client, 'Odd "name"; DROP');
    const { rows } = await db.query('SELECT count(*)::int AS n FROM "Odd ""name""; DROP".conversations');
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('applies only the steps a schema is missing', async () => {
    const client = pgliteClient(db, { owned: false });
    await migrate(client, 'stepwise');
    const next = {
      version: SCHEMA_VERSION + 1,
      name: 'add tags',
      statements: (s: string) => [`ALTER TABLE ${s}.conversations ADD COLUMN tags text`],
    };
    expect(await migrate(client, 'stepwise', [...MIGRATIONS, next])).toEqual({
      from: SCHEMA_VERSION,
      applied: [SCHEMA_VERSION + 1],
    });
  });

  it('rolls a failing step back entirely', async () => {
    const client = pgliteClient(db, { owned: false });
    const broken = {
      version: 1,
      name: 'broken',
      statements: (s: string) => [`CREATE TABLE ${s}.half (id int)`, 'SELECT nonsense_fn()'],
    };
    await expect(migrate(client, 'broken', [broken])).rejects.toThrow();
    const { rows } = await db.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'broken'`);
    expect(rows).toEqual([]);
  });

  it('refuses a schema that newer code has already migrated further', async () => {
    const client = pgliteClient(db, { owned: false });
    await migrate(client, 'ahead');
    await db.query(`INSERT INTO ahead.kefu_migrations VALUES (999, 'from the future', 0)`);
    await expect(migrate(client, 'ahead')).rejects.toThrow(/version 999/);
  });

  it('refuses a schema whose record says migrated but which lacks a table (a database restored in part)', async () => {
    const client = pgliteClient(db, { owned: false });
    await migrate(client, 'partial');
    await db.query('DROP TABLE partial.api_keys');
    // Its kefu_migrations says there is nothing to apply: migrating cannot bring the table back.
    const refused = await migrate(client, 'partial').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SchemaIncompleteError);
    expect(refused).toMatchObject({ code: 'conflict', schema: 'partial', missing: ['api_keys'] });
    expect(explainError(refused)).toMatch(/schema partial has no table api_keys.*restore/);
  });
});
