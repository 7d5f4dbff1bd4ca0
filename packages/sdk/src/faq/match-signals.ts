import { startsWithHan } from '../text/normalize.ts';
import { CONCEPT_PREFIX, type TermBag } from './analyzer.ts';
import type { Bm25Index } from './bm25-index.ts';
import type { MatchSignals } from './confidence.ts';
import type { FaqIndex } from './faq-index.ts';
import type { QueryCues } from './query-cues.ts';
import { ENGLISH_STOP_WORDS } from './stop-words.ts';

// The evidence a confidence is computed from: confidence.ts says how much each signal counts, this
// file measures them from the query, the index and the top-ranked entries.

/**
 * All the signals for the top entry `best`, given the blended scores `s1` of the top entry and `s2`
 * of the runner-up (0 when there is none); `onPage`: the question names a product or category page;
 * `others`: the entries ranked after the top one (the runner-up first).
 */
export function matchSignals(
  index: FaqIndex,
  bag: TermBag,
  best: number,
  s1: number,
  s2: number,
  cues: QueryCues,
  runnerUp = -1,
  onPage = false,
  others: readonly number[] = runnerUp < 0 ? [] : [runnerUp],
): MatchSignals {
  const top = Math.min(1, s1);
  const second = Math.min(1, s2);
  const { entry, query } = coverage(index, bag, best);
  const { typed, ...queryCues } = cues;
  return {
    top,
    margin: top > 0 ? (top - second) / top : 0,
    entryCoverage: entry,
    queryCoverage: query,
    known: knownShare(index.entryIndex, bag),
    knownPhrasing: knownShare(index.phraseIndex, bag),
    chinese: chineseShare(bag),
    sparsity: 1 / Math.max(1, phrasingsInQueryScript(index, bag, best)),
    ...queryCues,
    chatCues: cues.chatCues * (1 - index.entryChatCues[best]!),
    // Not when the question is word for word one of the entry's phrasings (up to stop words: "What
    // are your support hours?" is "hour" alone), nor when its word is one the entry's phrasings write
    // as the shopper typed it ("is it vegan", "Are your products vegan?"): the merchant wrote it.
    oneWord:
      cues.shopCues === 0 &&
      literalTermCount(bag) === 1 &&
      latinTermCount(bag) === 1 &&
      (entry < 1 || query < 1) &&
      !writtenInEntry(index, best, typed)
        ? 1
        : 0,
    rival: runnerUp < 0 ? 0 : rivalShare(index, bag, best, runnerUp),
    // Only against a general runner-up: between two scoped siblings the shopper named one of them.
    rivalWritten:
      runnerUp >= 0 && writtenShare(index, runnerUp, typed) > writtenShare(index, best, typed) ? 1 : 0,
    offPage: index.scoped[best] && !onPage && runnerUp >= 0 && !index.scoped[runnerUp] ? 1 : 0,
    answerLead: answerLead(index, bag, best, others),
  };
}

/**
 * How much more of the query (idf-weighted) the top entry's answer holds than the answer of any entry
 * ranked after it, 0 when none: the answer, which the ranking weighs little, backs the choice of the
 * questions. Written once per entry whatever its phrasings, so it means as much on a knowledge base
 * of bare questions as on one with ten phrasings each.
 */
function answerLead(index: FaqIndex, bag: TermBag, best: number, others: readonly number[]): number {
  // The query's terms by number, each with its weighted idf: an entry's answer is then read once, with
  // no set built of it (answers are far longer than questions).
  const weightOf = new Map<number, number>();
  const { ids } = index.analysed.terms;
  let total = 0;
  // By key, not `for (const [term, weight] of bag)`: an entry array per term on every match.
  for (const term of bag.keys()) {
    const idf = bag.get(term)! * index.entryIndex.idf(term);
    total += idf;
    const id = ids.get(term);
    if (id !== undefined) weightOf.set(id, idf);
  }
  if (total === 0 || weightOf.size === 0) return 0;
  // Read no more answers than it takes: a lead is 0 as soon as one answer behind holds as much.
  const top = answerShare(index, weightOf, best) / total;
  let rival = 0;
  for (const e of others) {
    if (e !== best) rival = Math.max(rival, answerShare(index, weightOf, e) / total);
    if (rival >= top) return 0;
  }
  return top - rival;
}

/** The weighted idf of the query's terms that entry `e`'s answer holds (per occurrence). */
function answerShare(index: FaqIndex, weightOf: ReadonlyMap<number, number>, e: number): number {
  let hit = 0;
  for (const run of index.answerRuns[e]!) {
    const { ids } = run;
    for (let i = 0; i < ids.length; i++) hit += weightOf.get(ids[i]!) ?? 0;
  }
  return hit;
}

/**
 * The top entry's phrasings written (at least partly) in a script the query uses: an English
 * alternate does not make a Chinese question's entry any less sparse for a Chinese query.
 */
function phrasingsInQueryScript(index: FaqIndex, bag: TermBag, e: number): number {
  const latin = latinTermCount(bag) > 0;
  const han = literalTermCount(bag) > latinTermCount(bag);
  let n = 0;
  for (let p = index.phraseStart[e]!; p < index.phraseStart[e + 1]!; p++) {
    const terms = index.phraseTerms[p]!;
    if (terms.some((t) => !t.startsWith(CONCEPT_PREFIX) && (startsWithHan(t) ? han : latin))) n++;
  }
  return n;
}

/**
 * Of the query's literal words (idf-weighted), the share that the runner-up's phrasings use and the
 * top entry's do not: "do you have an extended warranty" ranks the warranty entry first on
 * "warranty", but "extended" is the word of the extended-protection entry behind it.
 */
function rivalShare(index: FaqIndex, bag: TermBag, top: number, second: number): number {
  const ofTop = queryTermsIn(index, bag, top);
  const ofSecond = queryTermsIn(index, bag, second);
  let rival = 0;
  let total = 0;
  for (const term of bag.keys()) {
    const weight = bag.get(term)!;
    if (term.startsWith(CONCEPT_PREFIX)) continue;
    const idf = index.entryIndex.idf(term) * weight;
    total += idf;
    if (ofSecond.has(term) && !ofTop.has(term)) rival += idf;
  }
  return total > 0 ? rival / total : 0;
}

/** The query's terms that entry `e`'s phrasings hold (concepts included). */
export function queryTermsIn(index: FaqIndex, bag: TermBag, e: number): Set<string> {
  const terms = new Set<string>();
  for (let p = index.phraseStart[e]!; p < index.phraseStart[e + 1]!; p++)
    for (const t of index.phraseTerms[p]!) if (bag.has(t)) terms.add(t);
  return terms;
}

/**
 * One of the query's words (not a stop word) is written, as typed, in a phrasing of entry `e`:
 * "vegan" in "Are your products vegan?". Not a stem or a typo's correction: "interesting" stems to
 * the "interest" of "interest-free instalments", which is not what the shopper asked about.
 */
/**
 * Of the query's English words (stop words aside), the share that entry `e`'s phrasings write as the
 * shopper typed them: a stem joins "assembled" and "assemble", whose questions differ.
 */
function writtenShare(index: FaqIndex, e: number, typed: readonly string[]): number {
  const words = typed.filter((w) => !ENGLISH_STOP_WORDS.has(w));
  if (words.length === 0) return 0;
  const { question, alternatives } = index.entries[e]!;
  const written = new Set(
    [question, ...alternatives].flatMap((p) => p.toLowerCase().split(/[^\p{L}\p{N}]+/u)),
  );
  return words.filter((w) => written.has(w)).length / words.length;
}

function writtenInEntry(index: FaqIndex, e: number, typed: readonly string[]): boolean {
  const words = typed.filter((w) => !ENGLISH_STOP_WORDS.has(w));
  if (words.length === 0) return false;
  const { question, alternatives } = index.entries[e]!;
  return [question, ...alternatives].some((phrasing) => {
    const written = new Set(phrasing.toLowerCase().split(/[^\p{L}\p{N}]+/u));
    return words.some((w) => written.has(w));
  });
}

/** Literal terms of the query (concept terms excluded). */
function literalTermCount(bag: TermBag): number {
  let n = 0;
  for (const term of bag.keys()) if (!term.startsWith(CONCEPT_PREFIX)) n++;
  return n;
}

/** Literal Latin terms of the query (Chinese and concept terms excluded). */
export function latinTermCount(bag: TermBag): number {
  let n = 0;
  for (const term of bag.keys()) if (!term.startsWith(CONCEPT_PREFIX) && !startsWithHan(term)) n++;
  return n;
}

/**
 * Word overlap of the query with one entry's phrasings (question and alternatives), idf-weighted:
 * `entry` is the best share of a single phrasing's terms found in the query, `query` the share of the
 * query's terms found in any phrasing.
 */
function coverage(index: FaqIndex, bag: TermBag, e: number): { entry: number; query: number } {
  const { phraseTerms, phraseStart, entryIndex } = index;
  let entry = 0;
  const seen = new Set<string>();
  // A phrasing written in two languages ("How long does delivery take? 多久送到？") is two phrasings
  // in one: a question in one language can cover only the half in its own.
  const han = literalTermCount(bag) - latinTermCount(bag) > 0;
  const latin = latinTermCount(bag) > 0;
  for (let p = phraseStart[e]!; p < phraseStart[e + 1]!; p++) {
    let hit = 0;
    let total = 0;
    for (const term of phraseTerms[p]!) {
      if (!term.startsWith(CONCEPT_PREFIX) && (startsWithHan(term) ? !han : !latin)) continue;
      const idf = entryIndex.idf(term);
      total += idf;
      if (bag.has(term)) {
        hit += idf;
        seen.add(term);
      }
    }
    if (total > 0 && hit / total > entry) entry = hit / total;
  }
  let hit = 0;
  let total = 0;
  for (const term of bag.keys()) {
    const weight = bag.get(term)!;
    const idf = entryIndex.idf(term);
    total += weight * idf;
    if (seen.has(term)) hit += weight * idf;
  }
  return { entry, query: total > 0 ? hit / total : 0 };
}

/** Share of the query's (idf-weighted) terms that the knowledge base uses at all. */
function knownShare(index: Bm25Index, bag: TermBag): number {
  let known = 0;
  let total = 0;
  const unseen = index.idf('\u0000');
  for (const term of bag.keys()) {
    const weight = bag.get(term)!;
    const idf = index.idf(term);
    total += weight * idf;
    if (idf < unseen) known += weight * idf;
  }
  return total === 0 ? 0 : known / total;
}

/** Share of the query's literal (non-concept) terms written in Chinese characters. */
function chineseShare(bag: TermBag): number {
  let han = 0;
  let all = 0;
  for (const term of bag.keys()) {
    if (term.startsWith(CONCEPT_PREFIX)) continue;
    all++;
    if (startsWithHan(term)) han++;
  }
  return all === 0 ? 0 : han / all;
}
