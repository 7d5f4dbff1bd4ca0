import type { TermBag } from './analyzer.ts';

/** BM25 saturation (k1) and length normalisation (b); 1.2 / 0.75 are the textbook defaults. */
export interface Bm25Params {
  k1: number;
  b: number;
}

/**
 * A BM25F index over documents made of weighted fields (e.g. an FAQ entry's questions and its
 * answer). Each posting stores its finished per-term score, so a query costs one multiply-add per
 * posting: that is what keeps a 10,000-entry knowledge base under a millisecond.
 *
 * @example
 * const index = createBm25Index([[bagOf('return policy')]], [1], { k1: 1.2, b: 0.75 });
 * const scores = new Float64Array(index.size);
 * const touched = new Int32Array(index.size);
 * const count = index.score(bagOf('return'), scores, touched);
 */
export interface Bm25Index {
  readonly size: number;
  /** Inverse document frequency; a term the index has never seen gets the largest one. */
  idf(term: string): number;
  /**
   * Adds each document's score for the weighted query terms into `into` (length `size`, zero
   * where nothing was added yet) and writes each document it scored for the first time into
   * `touched`, once; returns how many it wrote. A caller resets only those, not all `size`.
   */
  score(query: TermBag, into: Float64Array, touched: Int32Array): number;
  /**
   * `score` without the touched list, for a query that reaches much of the index: noting each
   * document's first score doubled the cost of a posting (a branch the CPU cannot predict and a
   * store), more than looking at every document afterwards.
   */
  accumulate(query: TermBag, into: Float64Array): void;
  /** How many postings the query's terms have: what `score` would add, at most what it touches. */
  reach(query: TermBag): number;
  /** The best score any document could reach for this query (every term saturated). */
  ceiling(query: TermBag): number;
}

interface Postings {
  docs: Int32Array;
  values: Float32Array;
  idf: number;
}

export function createBm25Index(
  docs: ReadonlyArray<ReadonlyArray<TermBag>>,
  fieldWeights: readonly number[],
  params: Bm25Params,
): Bm25Index {
  const { k1, b } = params;
  const n = docs.length;
  const fieldCount = fieldWeights.length;
  const avgLen = new Array<number>(fieldCount).fill(0);
  const lengths = docs.map((fields) =>
    fieldWeights.map((_, f) => {
      let len = 0;
      for (const tf of fields[f]?.values() ?? []) len += tf;
      avgLen[f]! += len / Math.max(1, n);
      return len;
    }),
  );

  // Two passes over the documents: count each term's postings, then fill typed arrays of that
  // size. A map (or growing arrays) per term made most of a 10,000-entry build's time and garbage.
  const counts = new Map<string, number>();
  for (const fields of docs) {
    for (let f = 0; f < fieldCount; f++) {
      for (const term of fields[f]?.keys() ?? []) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  const raw = new Map<string, { docs: Int32Array; tfs: Float64Array; n: number }>();
  for (const [term, count] of counts)
    raw.set(term, { docs: new Int32Array(count), tfs: new Float64Array(count), n: 0 });
  docs.forEach((fields, d) => {
    for (let f = 0; f < fieldCount; f++) {
      const bag = fields[f];
      if (!bag) continue;
      const norm = 1 - b + (b * lengths[d]![f]!) / Math.max(avgLen[f]!, 1e-9);
      const w = fieldWeights[f]!;
      for (const [term, tf] of bag) {
        const list = raw.get(term)!;
        // Documents arrive in order, so a term already seen in this document is the last posting.
        if (list.n > 0 && list.docs[list.n - 1] === d) list.tfs[list.n - 1]! += (w * tf) / norm;
        else {
          list.docs[list.n] = d;
          list.tfs[list.n++] = (w * tf) / norm;
        }
      }
    }
  });

  const idfOf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const maxIdf = idfOf(0);
  const postings = new Map<string, Postings>();
  for (const [term, list] of raw) {
    const idf = idfOf(list.n);
    const values = new Float32Array(list.n);
    for (let i = 0; i < list.n; i++) {
      const tf = list.tfs[i]!;
      values[i] = (idf * tf * (k1 + 1)) / (tf + k1);
    }
    const docIds = list.n === list.docs.length ? list.docs : list.docs.slice(0, list.n);
    postings.set(term, { docs: docIds, values, idf });
  }

  return {
    size: n,
    idf: (term) => postings.get(term)?.idf ?? maxIdf,
    score(query, into, touched) {
      let count = 0;
      for (const [term, weight] of query) {
        const p = postings.get(term);
        // Every posting's value is positive, so with a positive weight a zero means "not yet scored".
        if (!p || !(weight > 0)) continue;
        const { docs: ds, values } = p;
        for (let i = 0; i < ds.length; i++) {
          const d = ds[i]!;
          if (into[d] === 0) touched[count++] = d;
          into[d]! += weight * values[i]!;
        }
      }
      return count;
    },
    accumulate(query, into) {
      for (const [term, weight] of query) {
        const p = postings.get(term);
        if (!p || !(weight > 0)) continue;
        const { docs: ds, values } = p;
        for (let i = 0; i < ds.length; i++) into[ds[i]!]! += weight * values[i]!;
      }
    },
    reach(query) {
      let total = 0;
      for (const [term, weight] of query) if (weight > 0) total += postings.get(term)?.docs.length ?? 0;
      return total;
    },
    ceiling(query) {
      let total = 0;
      for (const [term, weight] of query) total += weight * (postings.get(term)?.idf ?? maxIdf) * (k1 + 1);
      return total;
    },
  };
}
