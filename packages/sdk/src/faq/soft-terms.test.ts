import { describe, expect, it } from 'vitest';
import type { TermBag } from './analyzer.ts';
import { createSoftTerms } from './soft-terms.ts';
import type { WordVectors } from './word-vectors.ts';

/** Two-dimensional unit vectors at the given angles (degrees): cosine is the angle between them. */
function fakeVectors(angles: Record<string, number>): WordVectors {
  const table = new Map(
    Object.entries(angles).map(([w, deg]) => {
      const r = (deg * Math.PI) / 180;
      return [w, Float32Array.of(Math.cos(r), Math.sin(r))];
    }),
  );
  return { dimensions: 2, size: table.size, vector: (s) => table.get(s) };
}

// cos 10° ≈ 0.98, cos 30° ≈ 0.87, cos 80° ≈ 0.17
const vectors = fakeVectors({ parcel: 0, packag: 10, box: 30, password: 80, refund: 90 });
const kbTerms = ['packag', 'box', 'password', '退款', '~退款'];
const known = (t: string) => kbTerms.includes(t);
const options = { minSimilarity: 0.5, perWord: 2, weight: 0.5 };

describe('createSoftTerms', () => {
  it('adds the nearest knowledge-base words for an unknown query word, weighted by cosine', () => {
    const expand = createSoftTerms(kbTerms, known, vectors, options);
    const out = expand(new Map([['parcel', 1]]));
    expect(out.get('parcel')).toBe(1);
    expect(out.get('packag')).toBeCloseTo(0.5 * Math.cos((10 * Math.PI) / 180), 5);
    expect(out.get('box')).toBeCloseTo(0.5 * Math.cos((30 * Math.PI) / 180), 5);
    expect(out.has('password')).toBe(false);
  });

  it('keeps only perWord stand-ins, the nearest first', () => {
    const expand = createSoftTerms(kbTerms, known, vectors, { ...options, perWord: 1 });
    expect([...expand(new Map([['parcel', 1]])).keys()]).toEqual(['parcel', 'packag']);
  });

  it('returns the query itself when its words are known, have no vector, or are not English', () => {
    const expand = createSoftTerms(kbTerms, known, vectors, options);
    for (const bag of [
      new Map([['packag', 1]]),
      new Map([['zzzq', 1]]),
      new Map([
        ['退钱', 1],
        ['~退款', 1],
      ]),
    ] as TermBag[]) {
      expect(expand(bag)).toBe(bag);
    }
  });

  it('adds nothing below the similarity threshold', () => {
    const expand = createSoftTerms(['password'], (t) => t === 'password', vectors, options);
    const bag: TermBag = new Map([['parcel', 1]]);
    expect(expand(bag)).toBe(bag);
  });

  it('never lowers a term the query already has', () => {
    const expand = createSoftTerms(kbTerms, known, vectors, options);
    const out = expand(
      new Map([
        ['parcel', 1],
        ['box', 1],
      ]),
    );
    expect(out.get('box')).toBe(1);
  });
});
