import { scriptOfLocale } from '../text/chinese-script.ts';
import type { TermBag } from './analyzer.ts';
import { IN_SCOPE_MODEL, scoreConfidence } from './confidence.ts';
import { inShoppersLanguage } from './entry-language.ts';
import { orderByWholeEntry, WHOLE_ENTRY_DEPTH } from './entry-likelihood.ts';
import { type FaqIndex, SCRIPT_CODE, type ScopeSets } from './faq-index.ts';
import { decide, type Explained, type FaqContext, type FaqThresholds, noMatch } from './faq-match.ts';
import { generalFirst } from './general-first.ts';
import { matchSignals } from './match-signals.ts';
import type { QueryCues } from './query-cues.ts';

export interface RankOptions {
  k: number;
  thresholds: FaqThresholds;
  entryMix: number;
  scopeBoost: number;
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
  const { topIdx, topScore } = generalFirst(
    index,
    bag,
    onPage(ctx),
    inShoppersLanguage(
      index.language,
      cues.written,
      orderByWholeEntry(index.likelihood, bag, opts.k, topEntries(index, bag, ctx, deeper(opts, opts.k))),
    ),
  );
  return explainTop(index, bag, topIdx, topScore, opts, cues, onPage(ctx));
}

/**
 * {@link rankEntries}, and the same query ranked as if the knowledge base lacked entry `without`,
 * from one scoring pass: the k + 1 best less that entry are the k best without it (each entry's
 * score and the order between two entries do not depend on the others; the whole-entry order is
 * the one with that entry present, as the scores' word statistics are). The knowledge-base doctor
 * asks both of every phrasing; scoring each twice made most of its time.
 */
export function rankEntriesBesides(
  index: FaqIndex,
  bag: TermBag,
  ctx: FaqContext,
  opts: RankOptions,
  cues: QueryCues,
  without: number,
): { match: Explained; without: Explained } {
  const { topIdx, topScore } = inShoppersLanguage(
    index.language,
    cues.written,
    orderByWholeEntry(
      index.likelihood,
      bag,
      opts.k + 1,
      topEntries(index, bag, ctx, deeper(opts, opts.k + 1)),
    ),
  );
  const page = onPage(ctx);
  const kept = topIdx.flatMap((e, i) => (e === without ? [] : [i])).slice(0, opts.k);
  // The general-first order of each list of k, as rankEntries puts it (not of the k + 1).
  const first = generalFirst(index, bag, page, {
    topIdx: topIdx.slice(0, opts.k),
    topScore: topScore.slice(0, opts.k),
  });
  const besides = generalFirst(index, bag, page, {
    topIdx: kept.map((i) => topIdx[i]!),
    topScore: kept.map((i) => topScore[i]!),
  });
  return {
    match: explainTop(index, bag, first.topIdx, first.topScore, opts, cues, page),
    without: explainTop(index, bag, besides.topIdx, besides.topScore, opts, cues, page),
  };
}

/** Whether the question was asked on a product's or a category's page (what a scope is about). */
const onPage = (ctx: FaqContext): boolean => Boolean(ctx.productId || ctx.category);

/** The options with room for {@link orderByWholeEntry} to reorder: at least k, and its depth. */
const deeper = (opts: RankOptions, k: number): RankOptions => ({
  ...opts,
  k: Math.max(k, WHOLE_ENTRY_DEPTH),
});

/**
 * The k best entries for the query, best first, with their scores (scope boost included). `dense`:
 * which of the two ways below finds them (by default, by how much of the knowledge base the query
 * reaches); both give the same entries and scores, bit for bit.
 */
export function topEntries(
  index: FaqIndex,
  bag: TermBag,
  ctx: FaqContext,
  opts: RankOptions,
  dense = (index.entryIndex.reach(bag) + index.phraseIndex.reach(bag)) * DENSE_SHARE >
    index.entries.length + index.phraseScores.length,
): { topIdx: number[]; topScore: number[] } {
  const { entryIndex, phraseIndex, phraseOwner, phraseStart, entryScores, phraseScores, entries } = index;
  const { bestPhrase: best, touchedEntries, touchedPhrases } = index;
  const entryCeiling = entryIndex.ceiling(bag);
  const phraseCeiling = phraseIndex.ceiling(bag);
  const entryShare = opts.entryMix / entryCeiling;
  const phraseShare = (1 - opts.entryMix) / phraseCeiling;
  const ranking: Ranking = {
    index,
    ctx,
    opts,
    // Of an entry written in both scripts, the shopper's (Simplified when the locale does not say).
    script: SCRIPT_CODE[scriptOfLocale(ctx.locale) ?? 'Hans'],
    // A scoped entry's boost can only lift it; one that could not make the list even boosted is
    // passed over before its scope is looked at (most candidates, on a large knowledge base).
    maxBoost: Math.max(1, opts.scopeBoost),
    topIdx: [],
    topScore: [],
  };
  const { topIdx, topScore } = ranking;
  // A query whose terms reach much of the knowledge base (a Chinese question's characters and
  // bigrams: ~5,000 of 10,000 entries) is scored into every slot and all of them are looked at in
  // order; one that reaches little, only what it touched. Both give the same scores and ranking.
  if (dense) {
    try {
      entryIndex.accumulate(bag, entryScores);
      phraseIndex.accumulate(bag, phraseScores);
      const { k } = opts;
      const { maxBoost } = ranking;
      const { scoped } = index;
      let p = 0;
      for (let e = 0; e < entries.length; e++) {
        // Best single phrasing of the entry (its phrasings are phraseStart[e] .. phraseStart[e + 1]),
        // without a branch: one on each phrasing's score went the unpredicted way so often that it
        // was most of a dense query's time. `phrase + d` may round, so it is only a close estimate.
        const end = phraseStart[e + 1]!;
        let phrase = 0;
        for (; p < end; p++) {
          const d = phraseScores[p]! - phrase;
          phrase += (d + Math.abs(d)) * 0.5;
        }
        const entry = entryScores[e]!;
        if (entry === 0 && phrase === 0) continue;
        // Most entries fall below the k-th best even boosted (only a scoped entry can be), with room
        // for the estimate's rounding: `offer` would turn them away too.
        const boost = scoped[e] ? maxBoost : 1;
        if (
          topIdx.length === k &&
          (entryShare * entry + phraseShare * phrase) * boost * NEAR < topScore[k - 1]!
        )
          continue;
        let exact = 0;
        for (let q = phraseStart[e]!; q < end; q++) exact = Math.max(exact, phraseScores[q]!);
        offer(ranking, e, entryShare * entry + phraseShare * exact);
      }
    } finally {
      entryScores.fill(0);
      phraseScores.fill(0);
    }
  } else {
    // Only what the query's terms reach is scored, looked at and reset: on a knowledge base whose
    // entries share few words that is a small part of it.
    let candidates = entryIndex.score(bag, entryScores, touchedEntries);
    const phrases = phraseIndex.score(bag, phraseScores, touchedPhrases);
    try {
      // Best single phrasing per entry; an entry reached only through a phrasing joins the candidates.
      for (let i = 0; i < phrases; i++) {
        const p = touchedPhrases[i]!;
        const e = phraseOwner[p]!;
        if (entryScores[e] === 0 && best[e] === 0 && candidates < touchedEntries.length)
          touchedEntries[candidates++] = e;
        if (phraseScores[p]! > best[e]!) best[e] = phraseScores[p]!;
      }
      for (let i = 0; i < candidates; i++) {
        const e = touchedEntries[i]!;
        offer(ranking, e, entryShare * entryScores[e]! + phraseShare * best[e]!);
      }
    } finally {
      // Where the query reached much of the knowledge base, clearing all of it is the cheaper way.
      if (candidates * 4 > entries.length) {
        entryScores.fill(0);
        best.fill(0);
      } else
        for (let i = 0; i < candidates; i++) {
          const e = touchedEntries[i]!;
          entryScores[e] = 0;
          best[e] = 0;
        }
      if (phrases * 4 > phraseScores.length) phraseScores.fill(0);
      else for (let i = 0; i < phrases; i++) phraseScores[touchedPhrases[i]!] = 0;
    }
  }

  return ranking;
}

/** The match of a query whose k best entries are `topIdx`: its signals, confidence and decision. */
function explainTop(
  index: FaqIndex,
  bag: TermBag,
  topIdx: readonly number[],
  topScore: readonly number[],
  opts: RankOptions,
  cues: QueryCues,
  page: boolean,
): Explained {
  const { entries } = index;
  if (topIdx.length === 0) return noMatch();
  const signals = matchSignals(
    index,
    bag,
    topIdx[0]!,
    topScore[0]!,
    topScore[1] ?? 0,
    cues,
    topIdx[1] ?? -1,
    page,
    topIdx.slice(1),
  );
  const confidence = scoreConfidence(signals);
  const inScope = scoreConfidence(signals, IN_SCOPE_MODEL);
  const top = topIdx.map((e, i) => ({
    entry: entries[e]!,
    score: Math.min(1, topScore[i]!),
    // An entry reordered behind a better-scored one is still offered as less likely than the first.
    confidence: i === 0 ? confidence : Math.min(confidence, (confidence * topScore[i]!) / topScore[0]!),
  }));
  const decision = decide(confidence, inScope, signals, opts.thresholds);
  return { match: { decision, confidence, inScope, top }, signals };
}

/**
 * Above this many postings per slot (entries and phrasings), a query is scored densely: a posting
 * costs about twice as much with its touched list kept, and looking at every slot about as much
 * as a quarter of a posting. Picked on the synthetic 10,000-entry bench KB (bench/faq.bench.ts).
 */
const DENSE_SHARE = 4;

/** Above the rounding of a dense query's estimated best phrasing (a few ulps): it never turns away an entry that ranks. */
const NEAR = 1 + 1e-9;

/** One query's k best entries so far, and what deciding whether an entry joins them needs. */
interface Ranking {
  index: FaqIndex;
  ctx: FaqContext;
  opts: RankOptions;
  script: number;
  maxBoost: number;
  topIdx: number[];
  topScore: number[];
}

/**
 * Offers entry `e` scoring `s` (before its scope boost) to the k best; k is small, so an insertion
 * list beats sorting everything. On a tie the lower index wins, so the order in which entries are
 * offered does not change the result.
 */
function offer(r: Ranking, e: number, score: number): void {
  const { topIdx, topScore, opts } = r;
  const twin = r.index.twinScript[e]!;
  if (twin !== 0 && twin !== r.script) return;
  let s = score;
  const k = opts.k;
  const full = topIdx.length === k;
  const scope = r.index.scoped[e];
  if (scope) {
    if (full && !ahead(s * r.maxBoost, e, topScore[k - 1]!, topIdx[k - 1]!)) return;
    const fit = scopeFit(scope, r.ctx);
    if (fit === 'excluded') return;
    if (fit === 'match') s *= opts.scopeBoost;
  }
  if (full && !ahead(s, e, topScore[k - 1]!, topIdx[k - 1]!)) return;
  // Moved down one by one, not `splice`d in: each splice made an array (of what it removed, none),
  // and a dense query offers thousands of entries.
  let at = full ? k - 1 : topIdx.length;
  for (; at > 0 && ahead(s, e, topScore[at - 1]!, topIdx[at - 1]!); at--) {
    topIdx[at] = topIdx[at - 1]!;
    topScore[at] = topScore[at - 1]!;
  }
  topIdx[at] = e;
  topScore[at] = s;
}

/** Whether entry `e` scoring `s` ranks before entry `f` scoring `t`. */
function ahead(s: number, e: number, t: number, f: number): boolean {
  return s > t || (s === t && e < f);
}

function scopeFit(scope: ScopeSets, ctx: FaqContext): 'match' | 'neutral' | 'excluded' {
  if (ctx.productId && scope.products?.has(ctx.productId)) return 'match';
  if (ctx.category && scope.categories?.has(ctx.category)) return 'match';
  // Evidence that the shopper is looking at something else excludes the entry; no context keeps it.
  if (ctx.productId && scope.products) return 'excluded';
  if (ctx.category && scope.categories) return 'excluded';
  return 'neutral';
}
