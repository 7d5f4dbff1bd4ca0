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
