import type { TermBag } from './analyzer.ts';
import { type BuildSteps, pause, runToEnd } from './build-steps.ts';

// Work between two steps of a build: each well under a millisecond.
const DOCS_PER_STEP = 1024;
const OCCURRENCES_PER_STEP = 65536;
const TERMS_PER_STEP = 4096;

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

/** One field of a document: its terms as numbers of a {@link TermDictionary}, with their weights, in the bag's order. */
export interface TermRun {
  ids: Int32Array;
  tfs: Float64Array;
}

/**
 * Numbers for terms. An engine keeps one across its builds, and each entry's analysis keeps its
 * fields as numbers: a build then reads no term text at all, only arrays.
 */
export interface TermDictionary {
  ids: Map<string, number>;
  terms: string[];
}

export const createTermDictionary = (): TermDictionary => ({ ids: new Map(), terms: [] });

/** A bag's terms as numbers of `dictionary`, which learns the ones it did not have. */
export function termRun(bag: TermBag, dictionary: TermDictionary): TermRun {
  const ids = new Int32Array(bag.size);
  const tfs = new Float64Array(bag.size);
  let i = 0;
  for (const [term, tf] of bag) {
    let id = dictionary.ids.get(term);
    if (id === undefined) {
      id = dictionary.terms.length;
      dictionary.ids.set(term, id);
      dictionary.terms.push(term);
    }
    ids[i] = id;
    tfs[i++] = tf;
  }
  return { ids, tfs };
}

export function createBm25Index(
  docs: ReadonlyArray<ReadonlyArray<TermBag>>,
  fieldWeights: readonly number[],
  params: Bm25Params,
): Bm25Index {
  const dictionary = createTermDictionary();
  const runs = docs.map((fields) => fields.map((bag) => termRun(bag, dictionary)));
  return runToEnd(bm25IndexSteps(runs, dictionary.terms, fieldWeights, params));
}

/** {@link createBm25Index} of documents whose fields are numbered terms (`terms[id]` is the term), in steps (see build-steps.ts). */
export function* bm25IndexSteps(
  docs: ReadonlyArray<ReadonlyArray<TermRun>>,
  terms: readonly string[],
  fieldWeights: readonly number[],
  params: Bm25Params,
): BuildSteps<Bm25Index> {
  const { k1, b } = params;
  const n = docs.length;
  // The terms as they are now: an engine's other build may add some between two steps, and none
  // of these documents has those.
  const termCount = terms.length;
  const fieldCount = fieldWeights.length;
  const avgLen = new Array<number>(fieldCount).fill(0);
  const lengths = new Float64Array(n * fieldCount);
  let occurrences = 0;
  for (let d = 0; d < n; d++) {
    for (let f = 0; f < fieldCount; f++) {
      const run = docs[d]![f];
      let len = 0;
      if (run) {
        for (let i = 0; i < run.tfs.length; i++) len += run.tfs[i]!;
        occurrences += run.ids.length;
      }
      lengths[d * fieldCount + f] = len;
      avgLen[f]! += len / Math.max(1, n);
    }
    if (pause(d, DOCS_PER_STEP)) yield;
  }

  // Every (term, document, field) occurrence goes into flat arrays in document order; a counting
  // sort by term then lays each term's postings out in one shared array. A map per term (or growing
  // arrays) made most of a 10,000-entry build's time and garbage, and a build runs on every edit of
  // one entry (the back office, an import, the file watcher).
  const occTerm = new Int32Array(occurrences);
  const occDoc = new Int32Array(occurrences);
  const occTf = new Float64Array(occurrences);
  let o = 0;
  for (let d = 0; d < n; d++) {
    const fields = docs[d]!;
    for (let f = 0; f < fieldCount; f++) {
      const run = fields[f];
      if (!run) continue;
      const norm = 1 - b + (b * lengths[d * fieldCount + f]!) / Math.max(avgLen[f]!, 1e-9);
      const w = fieldWeights[f]!;
      for (let i = 0; i < run.ids.length; i++) {
        occTerm[o] = run.ids[i]!;
        occDoc[o] = d;
        occTf[o++] = (w * run.tfs[i]!) / norm;
      }
    }
    if (pause(d, DOCS_PER_STEP)) yield;
  }
  // Each term's occurrences, in document order (a term in two fields of one document is two).
  const start = new Int32Array(termCount + 1);
  for (let i = 0; i < occurrences; i++) start[occTerm[i]! + 1]!++;
  for (let t = 0; t < termCount; t++) start[t + 1]! += start[t]!;
  const fill = start.slice(0, termCount);
  const docsByTerm = new Int32Array(occurrences);
  const tfsByTerm = new Float64Array(occurrences);
  // A term already seen in this document is its last posting: the fields' shares add up there.
  const last = new Int32Array(termCount).fill(-1);
  for (let i = 0; i < occurrences; i++) {
    const t = occTerm[i]!;
    const d = occDoc[i]!;
    if (last[t] === d) tfsByTerm[fill[t]! - 1]! += occTf[i]!;
    else {
      last[t] = d;
      docsByTerm[fill[t]!] = d;
      tfsByTerm[fill[t]!++] = occTf[i]!;
    }
    if (pause(i, OCCURRENCES_PER_STEP)) yield;
  }

  const idfOf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const maxIdf = idfOf(0);
  const postings = new Map<string, Postings>();
  for (let t = 0; t < termCount; t++) {
    const from = start[t]!;
    const count = fill[t]! - from;
    // A term of the dictionary that none of these documents has (an engine's earlier builds).
    if (count === 0) continue;
    const idf = idfOf(count);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const tf = tfsByTerm[from + i]!;
      values[i] = (idf * tf * (k1 + 1)) / (tf + k1);
    }
    postings.set(terms[t]!, { docs: docsByTerm.subarray(from, from + count), values, idf });
    if (pause(t, TERMS_PER_STEP)) yield;
  }

  return {
    size: n,
    idf: (term) => postings.get(term)?.idf ?? maxIdf,
    // Terms walked by key: `for (const [term, weight] of query)` made an entry array per term (V8
    // does not elide it here), a kilobyte per walk and several walks per query, and `forEach`
    // boxed each sum it wrote; both are the collector's pauses in the match latency's tail.
    score(query, into, touched) {
      let count = 0;
      for (const term of query.keys()) {
        const weight = query.get(term)!;
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
      for (const term of query.keys()) {
        const weight = query.get(term)!;
        const p = postings.get(term);
        if (!p || !(weight > 0)) continue;
        const { docs: ds, values } = p;
        for (let i = 0; i < ds.length; i++) into[ds[i]!]! += weight * values[i]!;
      }
    },
    reach(query) {
      let total = 0;
      for (const term of query.keys()) {
        const weight = query.get(term)!;
        if (weight > 0) total += postings.get(term)?.docs.length ?? 0;
      }
      return total;
    },
    ceiling(query) {
      let total = 0;
      for (const term of query.keys()) {
        const weight = query.get(term)!;
        total += weight * (postings.get(term)?.idf ?? maxIdf) * (k1 + 1);
      }
      return total;
    },
  };
}
