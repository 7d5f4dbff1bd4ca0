import { describe, expect, it } from 'vitest';
import type { TermBag } from './analyzer.ts';
import { createBm25Index } from './bm25-index.ts';

const bag = (text: string): TermBag => {
  const terms: TermBag = new Map();
  for (const t of text.split(' ')) terms.set(t, (terms.get(t) ?? 0) + 1);
  return terms;
};

const docs = ['return policy refund', 'refund card days', 'parcel late refund refund', 'gift wrap'].map(
  (d) => [bag(d)],
);

describe('createBm25Index', () => {
  const index = createBm25Index(docs, [1], { k1: 1.2, b: 0.75 });
  const query: TermBag = new Map([
    ['refund', 1],
    ['card', 0.5],
    ['late', 2],
    ['unknown', 1],
    ['gift', 0],
  ]);

  it('accumulates the same scores as score, without a touched list', () => {
    const scored = new Float64Array(index.size);
    const touched = new Int32Array(index.size);
    const count = index.score(query, scored, touched);
    expect([...touched.subarray(0, count)].sort()).toEqual([0, 1, 2]);
    const accumulated = new Float64Array(index.size);
    index.accumulate(query, accumulated);
    // Bit for bit: the dense path must rank exactly as the touched one.
    expect([...accumulated]).toEqual([...scored]);
    expect(accumulated[3]).toBe(0);
  });

  it('counts the postings of the positively weighted query terms it knows', () => {
    // refund: 3 documents, card: 1, late: 1; an unknown term and a zero weight add nothing.
    expect(index.reach(query)).toBe(5);
  });
});
