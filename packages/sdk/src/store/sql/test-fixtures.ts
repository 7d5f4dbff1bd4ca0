import type { SqlClient } from './sql-client.ts';

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
