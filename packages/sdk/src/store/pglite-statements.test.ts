import { beforeAll, describe, expect, it } from 'vitest';
import { pgliteStatements } from './pglite-statements.ts';
import { pgliteForFile } from './sql/test-fixtures.ts';

const db = pgliteForFile();
let run: ReturnType<typeof pgliteStatements>;

beforeAll(async () => {
  run = pgliteStatements(db());
  await db().exec(
    `CREATE TABLE probe (id text PRIMARY KEY, n int, tags text[], doc json, ok bool);
     INSERT INTO probe VALUES ('a', 1, '{x,y}', '{"k":1}', true), ('b', 2, '{}', null, false)`,
  );
});

const countPrepared = async () =>
  Number(
    (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows[0]!.n,
  );

describe('pgliteStatements', () => {
  it('answers as PGlite’s query does, prepared or not: parameters by their types, rows parsed', async () => {
    const text = 'SELECT id, n, tags, doc, ok FROM probe WHERE id = ANY($1::text[]) AND n >= $2 ORDER BY id';
    const expected = (await db().query(text, [['a', 'b'], 0])).rows;
    expect(expected).toHaveLength(2);
    expect(await run(text, [['a', 'b'], 0])).toEqual(expected);
    for (let i = 0; i < 8; i++) expect(await run(text, [['a', 'b'], 0], true)).toEqual(expected);
    expect(await run(text, [['b'], 2], true)).toEqual([expected[1]]);
  });

  it('prepares a marked statement once, by name, and runs it again from there', async () => {
    const before = await countPrepared();
    const text = 'SELECT $1::text || $2::text AS joined';
    for (let i = 0; i < 3; i++)
      expect(await run(text, ['a', String(i)], true)).toEqual([{ joined: `a${i}` }]);
    expect(await countPrepared()).toBe(before + 1);
    expect(await run('SELECT $1::int AS n', [5])).toEqual([{ n: 5 }]);
    expect(await countPrepared()).toBe(before + 1);
  });

  it('prepares an unmarked statement the second time its text comes', async () => {
    const before = await countPrepared();
    const text = 'SELECT $1::int * 2 AS n';
    expect(await run(text, [1])).toEqual([{ n: 2 }]);
    expect(await countPrepared()).toBe(before);
    expect(await run(text, [2])).toEqual([{ n: 4 }]);
    expect(await run(text, [3])).toEqual([{ n: 6 }]);
    expect(await countPrepared()).toBe(before + 1);
  });

  it('prepares a statement afresh when a migration changed the columns it returns', async () => {
    await db().exec(`CREATE TABLE widening (id text); INSERT INTO widening VALUES ('w')`);
    const text = 'SELECT * FROM widening WHERE id = $1';
    expect(await run(text, ['w'], true)).toEqual([{ id: 'w' }]);
    await db().exec('ALTER TABLE widening ADD COLUMN n int DEFAULT 7');
    expect(await run(text, ['w'], true)).toEqual([{ id: 'w', n: 7 }]);
  });

  it('writes, with nulls, json text and booleans, and returns what RETURNING gives', async () => {
    const text = 'INSERT INTO probe VALUES ($1, $2, $3, $4::text::json, $5) RETURNING id, doc, ok, tags';
    expect(await run(text, ['c', null, ['p q', 'r"s'], JSON.stringify({ z: [1] }), false], true)).toEqual([
      { id: 'c', doc: { z: [1] }, ok: false, tags: ['p q', 'r"s'] },
    ]);
  });

  it('rejects with the database error and its SQLSTATE, and the statement still runs afterwards', async () => {
    const text = 'INSERT INTO probe (id, n) VALUES ($1, $2)';
    await run(text, ['d', 4], true);
    await expect(run(text, ['d', 5], true)).rejects.toMatchObject({ code: '23505' });
    await expect(run('SELECT 1/$1::int AS x', [0])).rejects.toMatchObject({ code: '22012' });
    await expect(run('SELEC nothing')).rejects.toMatchObject({ code: '42601' });
    expect(await run(text, ['e', 5], true)).toEqual([]);
    expect(await run('SELECT n FROM probe WHERE id = $1', ['e'])).toEqual([{ n: 5 }]);
  });

  it('rolls a transaction back after a failed statement in it', async () => {
    await run('BEGIN');
    await run('INSERT INTO probe (id) VALUES ($1)', ['tx'], true);
    await expect(run('INSERT INTO probe (id) VALUES ($1)', ['a'], true)).rejects.toMatchObject({
      code: '23505',
    });
    await run('ROLLBACK');
    expect(await run('SELECT id FROM probe WHERE id = $1', ['tx'])).toEqual([]);
  });

  it('keeps at most 64 statements prepared, closing the least recently used', async () => {
    const before = await countPrepared();
    for (let i = 0; i < 100; i++)
      expect(await run(`SELECT ${i} + $1::int AS n`, [1], true)).toEqual([{ n: i + 1 }]);
    expect(await countPrepared()).toBe(64);
    expect(before).toBeLessThan(64);
    expect(await run('SELECT 0 + $1::int AS n', [2], true)).toEqual([{ n: 2 }]);
  });
});
