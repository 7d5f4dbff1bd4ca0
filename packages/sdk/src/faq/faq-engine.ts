import { INTENT_LEXICON, type Intent } from '../understand/intent-lexicon.ts';
import { createLexiconMatcher } from '../understand/lexicon-matcher.ts';
import {
  type Analyzer,
  type ChineseTokenizer,
  CONCEPT_PREFIX,
  createAnalyzer,
  type TermBag,
} from './analyzer.ts';
import { type Bm25Index, createBm25Index } from './bm25-index.ts';
import { type MatchSignals, scoreConfidence } from './confidence.ts';
import type { KnowledgeBase, KnowledgeBaseEntry } from './knowledge-base.ts';
import { isHan } from './normalize.ts';
import { DEFAULT_SYNONYMS, type SynonymGroups } from './synonyms.ts';
import { createWordCorrector } from './typo.ts';

/** What the page tells us about the shopper's context. */
export interface FaqContext {
  productId?: string;
  category?: string;
  locale?: string;
}

export interface FaqCandidate {
  entry: KnowledgeBaseEntry;
  /** Relevance in 0..1 (share of the best score this query could reach). */
  score: number;
  confidence: number;
}

/**
 * - `answer`: confident, reply with the top entry.
 * - `suggest`: plausible, offer the top entries as "did you mean".
 * - `fallback`: the question uses the shop's vocabulary but no entry fits; a person should answer.
 * - `out_of_scope`: the question is about something the knowledge base does not cover at all.
 */
export type FaqDecision = 'answer' | 'suggest' | 'fallback' | 'out_of_scope';

export interface FaqMatch {
  decision: FaqDecision;
  /** Confidence of the top candidate, 0..1. */
  confidence: number;
  top: FaqCandidate[];
}

export interface FaqThresholds {
  /** Confidence at or above which the top entry is answered. */
  answer: number;
  /** Confidence at or above which the top entries are suggested. */
  suggest: number;
}

/**
 * Defaults tuned on the dev split only (Bitext 5-shot KB with paraphrases 6-10; even lines of
 * eval/sets/{en,zh}-faq-queries.jsonl and eval/sets/out-of-scope.{en,zh}.jsonl): `suggest` is the
 * lowest value that declines ≥ 90 % of dev out-of-scope questions on every knowledge base, `answer`
 * maximises right − 2 × wrong answers above it. eval/run.ts reports on the other lines.
 */
export const DEFAULT_THRESHOLDS: FaqThresholds = { answer: 0.55, suggest: 0.38 };

export interface FaqOptions {
  /** How many candidates `match` returns (default 3). */
  k?: number;
  thresholds?: Partial<FaqThresholds>;
  /** Synonym groups; defaults to the built-in e-commerce table. Pass `[...DEFAULT_SYNONYMS, ...mine]` to extend. */
  synonyms?: SynonymGroups;
  chinese?: ChineseTokenizer;
  bm25?: { k1?: number; b?: number };
  /** Weight of answer text against question phrasings in the entry-level index (default 0.3). */
  answerWeight?: number;
  /** Weight of a synonym's concept term in a query, relative to a literal word (default 1). */
  conceptWeight?: number;
  /** Share of the entry-level score in the blend with the best single phrasing (default 0.5). */
  entryMix?: number;
  /** Multiplier for entries scoped to the shopper's product or category (default 1.25). */
  scopeBoost?: number;
  /** Correct Latin typos at edit distance 1 (default true). */
  typoTolerance?: boolean;
}

/**
 * The FAQ matcher: knowledge base in, ranked entries with a calibrated confidence and a decision out.
 *
 * @example
 * const engine = createFaqEngine(parseKnowledgeBase(json));
 * const m = engine.match('退貨運費誰出', { productId: 'p-hoodie', category: 'apparel' });
 * if (m.decision === 'answer') reply(m.top[0]!.entry.answer);
 */
export interface FaqEngine {
  match(query: string, ctx?: FaqContext): FaqMatch;
  /** Builds a new index and swaps it in at once; a failing build leaves the old one serving. */
  reload(kb: KnowledgeBase): void;
  /** Looks an entry up by id (for `faq:<id>` quick-reply payloads). */
  entry(id: string): KnowledgeBaseEntry | undefined;
  readonly size: number;
}

interface BuiltIndex {
  entries: KnowledgeBaseEntry[];
  byId: Map<string, number>;
  scoped: Array<{ products: Set<string> | null; categories: Set<string> | null } | null>;
  entryIndex: Bm25Index;
  phraseIndex: Bm25Index;
  phraseOwner: Int32Array;
  correct: (word: string) => string;
  /** Terms of each phrasing (question and alternatives), for the entry-side coverage signal. */
  phraseTerms: string[][];
  /** Phrasings of entry e are phraseTerms[phraseStart[e] .. phraseStart[e + 1]). */
  phraseStart: Int32Array;
  entryScores: Float64Array;
  phraseScores: Float64Array;
  bestPhrase: Float64Array;
}

export function createFaqEngine(kb: KnowledgeBase, options: FaqOptions = {}): FaqEngine {
  const k = options.k ?? 3;
  const thresholds: FaqThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  if (!(thresholds.suggest <= thresholds.answer)) {
    throw new RangeError(`thresholds.suggest (${thresholds.suggest}) must not exceed thresholds.answer`);
  }
  const conceptWeight = options.conceptWeight ?? 1;
  const entryMix = options.entryMix ?? 0.5;
  const scopeBoost = options.scopeBoost ?? 1.25;
  const analyzer = createAnalyzer({
    synonyms: options.synonyms ?? DEFAULT_SYNONYMS,
    ...(options.chinese ? { chinese: options.chinese } : {}),
  });
  const build = (base: KnowledgeBase) => buildIndex(base, analyzer, options);
  let index = build(kb);

  const explain = (query: string, ctx: FaqContext = {}): Explained => {
    const current = index;
    // Count the words typo tolerance rewrote: a real word the shop never uses ("print") can land
    // on one it does ("point"), so a rewritten query is weaker evidence than a literal one.
    const typos = { words: 0, corrected: 0 };
    const correct = (word: string) => {
      typos.words++;
      const fixed = current.correct(word);
      if (fixed !== word) typos.corrected++;
      return fixed;
    };
    const bag = analyzer.analyze(query, {
      conceptWeight,
      ...(options.typoTolerance === false ? {} : { correct }),
    });
    if (bag.size === 0 || current.entries.length === 0) return noMatch();
    const cues = {
      corrected: Math.min(1, typos.corrected / Math.max(1, latinTermCount(bag))),
      ...cueSignals(query),
    };
    return rank(current, bag, ctx, { k, thresholds, entryMix, scopeBoost }, cues);
  };
  const engine: FaqEngine = {
    get size() {
      return index.entries.length;
    },
    reload(next) {
      index = build(next);
    },
    entry(id) {
      const i = index.byId.get(id);
      return i === undefined ? undefined : index.entries[i];
    },
    match: (query, ctx) => explain(query, ctx).match,
  };
  explainers.set(engine, explain);
  return engine;
}

function buildIndex(kb: KnowledgeBase, analyzer: Analyzer, options: FaqOptions): BuiltIndex {
  const params = { k1: options.bm25?.k1 ?? 1.2, b: options.bm25?.b ?? 0.75 };
  const answerWeight = options.answerWeight ?? 0.3;
  const entries = kb.entries;
  const entryDocs: TermBag[][] = [];
  const phraseDocs: TermBag[][] = [];
  const owners: number[] = [];
  const phraseTerms: string[][] = [];
  const frequencies = new Map<string, number>();
  for (const word of analyzer.synonymWords) frequencies.set(word, 1);
  const countWords = (text: string) => {
    for (const w of analyzer.latinWords(text)) frequencies.set(w, (frequencies.get(w) ?? 0) + 1);
  };

  const starts: number[] = [];
  entries.forEach((entry, e) => {
    starts.push(owners.length);
    const merged: TermBag = new Map();
    for (const phrasing of [entry.question, ...entry.alternatives]) {
      countWords(phrasing);
      const bag = analyzer.analyze(phrasing);
      for (const [t, tf] of bag) merged.set(t, (merged.get(t) ?? 0) + tf);
      phraseDocs.push([bag]);
      phraseTerms.push([...bag.keys()]);
      owners.push(e);
    }
    countWords(entry.answer);
    entryDocs.push([merged, analyzer.analyze(entry.answer)]);
  });
  starts.push(owners.length);

  return {
    entries,
    byId: new Map(entries.map((entry, i) => [entry.id, i])),
    scoped: entries.map(({ scope }) =>
      scope?.productIds?.length || scope?.categories?.length
        ? {
            products: scope.productIds?.length ? new Set(scope.productIds) : null,
            categories: scope.categories?.length ? new Set(scope.categories) : null,
          }
        : null,
    ),
    entryIndex: createBm25Index(entryDocs, [1, answerWeight], params),
    phraseIndex: createBm25Index(phraseDocs, [1], params),
    phraseOwner: Int32Array.from(owners),
    phraseTerms,
    phraseStart: Int32Array.from(starts),
    correct: options.typoTolerance === false ? (w) => w : createWordCorrector(frequencies),
    entryScores: new Float64Array(entries.length),
    phraseScores: new Float64Array(phraseDocs.length),
    bestPhrase: new Float64Array(entries.length),
  };
}

/** A match and the signals its confidence came from (null when nothing matched at all). */
export interface Explained {
  match: FaqMatch;
  signals: MatchSignals | null;
}

const noMatch = (): Explained => ({
  match: { decision: 'out_of_scope', confidence: 0, top: [] },
  signals: null,
});

const explainers = new WeakMap<FaqEngine, (query: string, ctx?: FaqContext) => Explained>();

/**
 * The match plus the signals behind its confidence, for the evaluation and for logging why the bot
 * answered or declined. Only engines made by {@link createFaqEngine} can be explained.
 */
export function explainMatch(engine: FaqEngine, query: string, ctx: FaqContext = {}): Explained {
  const explain = explainers.get(engine);
  if (!explain) throw new TypeError('explainMatch needs an engine made by createFaqEngine');
  return explain(query, ctx);
}

interface RankOptions {
  k: number;
  thresholds: FaqThresholds;
  entryMix: number;
  scopeBoost: number;
}

function rank(
  index: BuiltIndex,
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
    if (raw === 0 && best[e] === 0) continue;
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
  const top = topIdx.map((e, i) => ({
    entry: entries[e]!,
    score: Math.min(1, topScore[i]!),
    confidence: i === 0 ? confidence : (confidence * topScore[i]!) / topScore[0]!,
  }));
  let decision: FaqDecision;
  if (confidence >= opts.thresholds.answer) decision = 'answer';
  else if (confidence >= opts.thresholds.suggest) decision = 'suggest';
  else decision = signals.known < 0.5 ? 'out_of_scope' : 'fallback';
  return { match: { decision, confidence, top }, signals };
}

function matchSignals(
  index: BuiltIndex,
  bag: TermBag,
  best: number,
  s1: number,
  s2: number,
  cues: QueryCues,
): MatchSignals {
  const top = Math.min(1, s1);
  const second = Math.min(1, s2);
  const { entry, query } = coverage(index, bag, best);
  return {
    top,
    margin: top > 0 ? (top - second) / top : 0,
    entryCoverage: entry,
    queryCoverage: query,
    known: knownShare(index.entryIndex, bag),
    knownPhrasing: knownShare(index.phraseIndex, bag),
    chinese: chineseShare(bag),
    ...cues,
  };
}

/** Signals of the query alone: typo rewrites and general customer-service cue words. */
type QueryCues = Pick<MatchSignals, 'corrected' | 'shopCues' | 'chatCues'>;

/** Intents whose cue words are shop topics a knowledge base answers. */
const SHOP_TOPICS: readonly Intent[] = [
  'pre_sale',
  'logistics',
  'after_sale',
  'invoice',
  'payment',
  'account',
];
/** Intents whose cue words say the message is for a person, not for the knowledge base. */
const CHAT_TOPICS: readonly Intent[] = ['greeting', 'ask_for_human', 'complaint'];
let cueMatcher: ReturnType<typeof createLexiconMatcher<Exclude<Intent, 'other'>>> | undefined;

function cueSignals(query: string): Omit<QueryCues, 'corrected'> {
  cueMatcher ??= createLexiconMatcher(INTENT_LEXICON);
  const hits = cueMatcher.match(query);
  let shop = 0;
  let chat = 0;
  for (const t of SHOP_TOPICS) shop += hits.get(t as Exclude<Intent, 'other'>) ?? 0;
  for (const t of CHAT_TOPICS) chat += hits.get(t as Exclude<Intent, 'other'>) ?? 0;
  return { shopCues: 1 - Math.exp(-shop / 2), chatCues: 1 - Math.exp(-chat / 2) };
}

/**
 * Word overlap of the query with one entry's phrasings (question and alternatives), idf-weighted:
 * `entry` is the best share of a single phrasing's terms found in the query, `query` the share of the
 * query's terms found in any phrasing.
 */
function coverage(index: BuiltIndex, bag: TermBag, e: number): { entry: number; query: number } {
  const { phraseTerms, phraseStart, entryIndex } = index;
  let entry = 0;
  const seen = new Set<string>();
  for (let p = phraseStart[e]!; p < phraseStart[e + 1]!; p++) {
    let hit = 0;
    let total = 0;
    for (const term of phraseTerms[p]!) {
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
  for (const [term, weight] of bag) {
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
  for (const [term, weight] of bag) {
    const idf = index.idf(term);
    total += weight * idf;
    if (idf < unseen) known += weight * idf;
  }
  return total === 0 ? 0 : known / total;
}

/** Literal Latin terms of the query (Chinese and concept terms excluded). */
function latinTermCount(bag: TermBag): number {
  let n = 0;
  for (const term of bag.keys()) if (!term.startsWith(CONCEPT_PREFIX) && !isHan(term[0]!)) n++;
  return n;
}

/** Share of the query's literal (non-concept) terms written in Chinese characters. */
function chineseShare(bag: TermBag): number {
  let han = 0;
  let all = 0;
  for (const term of bag.keys()) {
    if (term.startsWith(CONCEPT_PREFIX)) continue;
    all++;
    if (isHan(term[0]!)) han++;
  }
  return all === 0 ? 0 : han / all;
}

function scopeFit(
  scope: { products: Set<string> | null; categories: Set<string> | null },
  ctx: FaqContext,
): 'match' | 'neutral' | 'excluded' {
  if (ctx.productId && scope.products?.has(ctx.productId)) return 'match';
  if (ctx.category && scope.categories?.has(ctx.category)) return 'match';
  // Evidence that the shopper is looking at something else excludes the entry; no context keeps it.
  if (ctx.productId && scope.products) return 'excluded';
  if (ctx.category && scope.categories) return 'excluded';
  return 'neutral';
}
