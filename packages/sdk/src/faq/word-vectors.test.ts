import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { englishWordVectors, readWordVectors } from './word-vectors.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A file in the package's layout, with 100-dimensional vectors that are zero but for two slots. */
function packageFile(entries: Array<[string, number, number]>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-vectors-'));
  dirs.push(dir);
  const vec = (a: number, b: number) => [a, b, ...new Array<number>(98).fill(0), 1, 0];
  const vectors = Object.fromEntries(entries.map(([w, a, b]) => [w, vec(a, b)]));
  const file = path.join(dir, 'vectors.json');
  writeFileSync(
    file,
    JSON.stringify({ precision: 8, words: entries.map(([w]) => w), vectors, unkVector: vec(0, 0) }),
  );
  return file;
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('readWordVectors', () => {
  it('keys unit vectors by stem, averaging the inflections of one stem', () => {
    const wv = readWordVectors(
      packageFile([
        ['refund', 1, 0],
        ['refunds', 0, 1],
        ['parcel', 3, 4],
      ]),
      10,
    );
    expect(wv.size).toBe(2);
    expect([...wv.vector('refund')!.slice(0, 2)].map((v) => v.toFixed(4))).toEqual(['0.7071', '0.7071']);
    expect([...wv.vector('parcel')!.slice(0, 2)].map((v) => v.toFixed(4))).toEqual(['0.6000', '0.8000']);
  });

  it('reads only the first `limit` entries and skips numbers and punctuation', () => {
    const wv = readWordVectors(
      packageFile([
        [',', 1, 0],
        ['1999', 1, 0],
        ['box', 1, 0],
        ['parcel', 1, 0],
      ]),
      3,
    );
    expect(wv.size).toBe(1);
    expect(wv.vector('box')).toBeDefined();
    expect(wv.vector('parcel')).toBeUndefined();
  });
});

describe('englishWordVectors', () => {
  it('loads the general-English vectors once, with shop words closer to their synonyms than to others', () => {
    const wv = englishWordVectors()!;
    expect(englishWordVectors()).toBe(wv);
    const v = (s: string) => wv.vector(s)!;
    expect(cosine(v('parcel'), v('packag'))).toBeGreaterThan(cosine(v('parcel'), v('password')));
    expect(cosine(v('cost'), v('pric'))).toBeGreaterThan(cosine(v('cost'), v('colour')));
  });
});
