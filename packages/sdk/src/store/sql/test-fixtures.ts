import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { pgliteSeed } from '../pglite-seed.ts';
import type { SqlClient } from './sql-client.ts';

/**
 * One PGlite for the test file that calls it, opened from the migrated seed before its tests (initdb
 * once per machine, not per test) and closed after them; each test takes a schema of its own.
 * @example
 * const db = pgliteForFile();
 * await createPgliteStore({ pglite: db(), schema: 'mine' });
 */
export function pgliteForFile(): () => PGlite {
  let db: PGlite | undefined;
  beforeAll(async () => {
    db = await PGlite.create({ loadDataDir: await pgliteSeed() });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });
  return () => db!;
}

/**
 * Test support (left out of the package by tsconfig.build.json): a {@link SqlClient} that counts the statements whose text matches `counted`, and
 * refuses (as a lost connection would) those `refuse` picks.
 * @example
 * const client = countingClient(pgliteClient(db, { owned: false }), /INSERT INTO \S+\.events/);
 * client.count(); // statements that wrote events so far
 */
export function countingClient(
  inner: SqlClient,
  counted: RegExp,
  refuse: (text: string) => boolean = () => false,
): SqlClient & { count(): number } {
  let n = 0;
  return {
    ...inner,
    async query(text, params, options) {
      if (counted.test(text)) n++;
      if (refuse(text)) throw new Error('connection lost');
      return inner.query(text, params, options);
    },
    count: () => n,
  };
}

/**
 * Events as a schema before migration 7 could hold them: a batch written twice (its commit's
 * answer lost), an id three times, and one stored once. {@link DEDUPLICATED}: what migration 7 keeps.
 */
export const DOUBLED_EVENTS = (
  schema: string,
) => `INSERT INTO ${schema}.events (id, at, kind, conversation_id, data) VALUES
  ('e_1', 1, 'message', 'c_1', '{"copy":1}'), ('e_2', 2, 'bot.answer', 'c_1', '{"copy":1}'),
  ('e_1', 1, 'message', 'c_1', '{"copy":2}'), ('e_2', 2, 'bot.answer', 'c_1', '{"copy":2}'),
  ('e_3', 3, 'closed', 'c_1', NULL), ('e_2', 2, 'bot.answer', 'c_1', '{"copy":3}')`;

export const DEDUPLICATED = [
  { id: 'e_1', data: { copy: 1 } },
  { id: 'e_2', data: { copy: 1 } },
  { id: 'e_3', data: null },
];
