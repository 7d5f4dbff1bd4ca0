import type { TermBag } from './analyzer.ts';
import { IN_SCOPE_MODEL, scoreConfidence } from './confidence.ts';
import type { FaqIndex, ScopeSets } from './faq-index.ts';
import { decide, type Explained, type FaqContext, type FaqThresholds, noMatch } from './faq-match.ts';
import { matchSignals } from './match-signals.ts';
import type { QueryCues } from './query-cues.ts';

export interface RankOptions {
  k: number;
  thresholds: FaqThresholds;
  entryMix: number;
  scopeBoost: number;
  /** An entry left out of the ranking, as if the knowledge base did not have it (the doctor's check). */
  exclude?: number;
}

/**
 * Scores every entry for an analysed query, keeps the k best and decides what to do with them:
 * each entry's score blends its entry-level BM25 score with its best single phrasing (both as a
 * share of what this query could reach), boosted or excluded by scope; the top entry's signals
 * give two probabilities (it is the right entry; the question is one for this knowledge base), and
 * `decide` turns them into answer, suggest, fallback or out of scope.
 */
export function rankEntries(
  index: FaqIndex,
  bag: TermBag,
  ctx: FaqContext,
  opts: RankOptions,
  cues: QueryCues,
): Explained {
  const { entryIndex, phraseIndex, phraseOwner, entryScores, phraseScores, scoped, entries } = index;
  entryScores.fill(0);
  phraseScores.fill(0);
  entryIndex.score(bag, entryScores);
  phraseIndex.score(bag, phraseScores);
  const entryCeiling = entryIndex.ceiling(bag);
  const phraseCeiling = phraseIndex.ceiling(bag);

  // Best single phrasing per entry, written over the phrase scores' owners.
  // Scratch arrays live on the index (reused per query: JS runs one match at a time).
  const best = index.bestPhrase;
  best.fill(0);
  for (let p = 0; p < phraseScores.length; p++) {
    const e = phraseOwner[p]!;
    if (phraseScores[p]! > best[e]!) best[e] = phraseScores[p]!;
  }

  // Keep the k best entries (k is small, so an insertion list beats sorting everything).
  const topIdx: number[] = [];
  const topScore: number[] = [];
  for (let e = 0; e < entries.length; e++) {
    const raw = entryScores[e]!;
    if ((raw === 0 && best[e] === 0) || e === opts.exclude) continue;
    let s = (opts.entryMix * raw) / entryCeiling + ((1 - opts.entryMix) * best[e]!) / phraseCeiling;
    const scope = scoped[e];
    if (scope) {
      const fit = scopeFit(scope, ctx);
      if (fit === 'excluded') continue;
      if (fit === 'match') s *= opts.scopeBoost;
    }
    if (topIdx.length === opts.k && s <= topScore[opts.k - 1]!) continue;
    let at = topIdx.length;
    while (at > 0 && topScore[at - 1]! < s) at--;
    topIdx.splice(at, 0, e);
    topScore.splice(at, 0, s);
    if (topIdx.length > opts.k) {
      topIdx.pop();
      topScore.pop();
    }
  }

  if (topIdx.length === 0) return noMatch();
  const signals = matchSignals(index, bag, topIdx[0]!, topScore[0]!, topScore[1] ?? 0, cues);
  const confidence = scoreConfidence(signals);
  const inScope = scoreConfidence(signals, IN_SCOPE_MODEL);
  const top = topIdx.map((e, i) => ({
    entry: entries[e]!,
    score: Math.min(1, topScore[i]!),
    confidence: i === 0 ? confidence : (confidence * topScore[i]!) / topScore[0]!,
  }));
  const decision = decide(confidence, inScope, signals, opts.thresholds);
  return { match: { decision, confidence, inScope, top }, signals };
}

function scopeFit(scope: ScopeSets, ctx: FaqContext): 'match' | 'neutral' | 'excluded' {
  if (ctx.productId && scope.products?.has(ctx.productId)) return 'match';
  if (ctx.category && scope.categories?.has(ctx.category)) return 'match';
  // Evidence that the shopper is looking at something else excludes the entry; no context keeps it.
  if (ctx.productId && scope.products) return 'excluded';
  if (ctx.category && scope.categories) return 'excluded';
  return 'neutral';
}
