import { describe, expect, it } from 'vitest';
import { pgliteClient } from '../pglite-store.ts';
import { arrayLiteral } from './event-rows-insert.ts';
import { pgliteForFile } from './test-fixtures.ts';

const db = pgliteForFile();

describe('arrayLiteral', () => {
  it('gives PostgreSQL back every text as it was, quotes, backslashes, braces, NULL and all', async () => {
    const texts = [
      'plain',
      '',
      'NULL',
      'a "quoted" \\ back\\slash',
      '{a,b}',
      ' spaced ',
      '这件衣服 🧥',
      '{"json":"\\u0000"}',
      null,
    ];
    const { rows } = await pgliteClient(db(), { owned: false }).query<{ a: Array<string | null> }>(
      'SELECT $1::text[] AS a',
      [arrayLiteral(texts)],
    );
    expect(rows[0]!.a).toEqual(texts);
  });

  it('writes numbers as PostgreSQL reads them for bigint', async () => {
    const numbers = [0, 1_733_612_345_678, -5, null];
    const { rows } = await pgliteClient(db(), { owned: false }).query<{ a: string[] }>(
      'SELECT $1::bigint[]::text[] AS a',
      [arrayLiteral(numbers)],
    );
    expect(rows[0]!.a).toEqual(['0', '1733612345678', '-5', null]);
  });
});
