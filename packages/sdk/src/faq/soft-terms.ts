import type { TermBag } from './analyzer.ts';
import type { WordVectors } from './word-vectors.ts';

/** How a query word the knowledge base never uses is stood in for by its nearest words that it does. */
export interface SoftTermOptions {
  /** Cosine (general-text word vectors) a knowledge-base word needs to stand in for the query word. */
  minSimilarity: number;
  /** At most this many stand-ins per query word. */
  perWord: number;
  /** A stand-in's weight in the query: this times its cosine (a literal word weighs 1). */
  weight: number;
}

/** Chosen on the dev splits (eval/dev-ranking.ts): cosine 0.3–0.6, 1–5 stand-ins, weight 0.3–1 tried. */
export const DEFAULT_SOFT_TERMS: SoftTermOptions = { minSimilarity: 0.4, perWord: 2, weight: 0.5 };

/** Expands a query's terms with soft stand-ins; returns the query itself when nothing was added. */
export type SoftTermExpander = (bag: TermBag) => TermBag;

/** Stand-ins remembered per knowledge base; past this many words the memory starts over. */
const CACHE_LIMIT = 20_000;

const LATIN_STEM = /^[a-z]+$/;

/**
 * Builds the expander for one knowledge base: `targets` are its English terms (stems), `known`
 * says whether a term occurs in it at all. A query stem that does not occur but has a word vector
 * gains the knowledge-base stems nearest to it, so "parcel" can find an entry that says "package".
 * The similarities come from general English text, never from queries.
 */
export function createSoftTerms(
  targets: Iterable<string>,
  known: (term: string) => boolean,
  vectors: WordVectors,
  options: SoftTermOptions = DEFAULT_SOFT_TERMS,
): SoftTermExpander {
  const dims = vectors.dimensions;
  const terms: string[] = [];
  const rows: Float32Array[] = [];
  for (const t of targets) {
    const v = LATIN_STEM.test(t) ? vectors.vector(t) : undefined;
    if (!v) continue;
    terms.push(t);
    rows.push(v);
  }
  const matrix = new Float32Array(terms.length * dims);
  rows.forEach((v, i) => {
    matrix.set(v, i * dims);
  });
  const cache = new Map<string, Array<[string, number]>>();

  const nearest = (term: string): Array<[string, number]> => {
    const cached = cache.get(term);
    if (cached) return cached;
    const found: Array<[string, number]> = [];
    const q = vectors.vector(term);
    if (q) {
      for (let r = 0; r < terms.length; r++) {
        let dot = 0;
        const base = r * dims;
        for (let i = 0; i < dims; i++) dot += q[i]! * matrix[base + i]!;
        if (dot < options.minSimilarity) continue;
        if (found.length === options.perWord && dot <= found[found.length - 1]![1]) continue;
        let at = found.length;
        while (at > 0 && found[at - 1]![1] < dot) at--;
        found.splice(at, 0, [terms[r]!, dot]);
        if (found.length > options.perWord) found.pop();
      }
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(term, found);
    return found;
  };

  return (bag) => {
    let out: TermBag | null = null;
    for (const [term, weight] of bag) {
      if (!LATIN_STEM.test(term) || known(term)) continue;
      for (const [stand, sim] of nearest(term)) {
        if (bag.has(stand)) continue;
        out ??= new Map(bag);
        const w = weight * options.weight * sim;
        if (w > (out.get(stand) ?? 0)) out.set(stand, w);
      }
    }
    return out ?? bag;
  };
}
