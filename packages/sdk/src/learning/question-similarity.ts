import { type Analyzer, createAnalyzer, type TermBag } from '../faq/analyzer.ts';
import { DEFAULT_SYNONYMS } from '../faq/synonyms.ts';

let shared: Analyzer | undefined;

/**
 * The FAQ engine's literal terms for a text: normalised, Chinese as character unigrams and bigrams,
 * English as stemmed words without stop words. Synonym concepts are left out: they make "ship to
 * Japan" and "ship to Canada" look like one question, while the words that tell them apart are few.
 * @example
 * termsOf('可以开发票吗'); // Map { '开' → 1, '发' → 1, '票' → 1, '开发' → 1, '发票' → 1, ... }
 */
export function termsOf(text: string): TermBag {
  shared ??= createAnalyzer({ synonyms: DEFAULT_SYNONYMS });
  const bag = shared.analyze(text, { conceptWeight: 0 });
  for (const [term, weight] of bag) if (weight === 0) bag.delete(term);
  return bag;
}

/**
 * Weighted Jaccard similarity of two term bags, 0..1: shared weight over total weight.
 * @example
 * similarity(termsOf('能开发票吗'), termsOf('可以开发票吗')); // 0.75
 */
export function similarity(a: TermBag, b: TermBag): number {
  let common = 0;
  let total = 0;
  for (const [term, wa] of a) {
    const wb = b.get(term) ?? 0;
    common += Math.min(wa, wb);
    total += Math.max(wa, wb);
  }
  for (const [term, wb] of b) if (!a.has(term)) total += wb;
  return total === 0 ? 0 : common / total;
}
