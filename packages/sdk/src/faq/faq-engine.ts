import { matchText } from '../understand/lexicon-matcher.ts';
import { type ChineseTokenizer, createAnalyzer, ID_TERM } from './analyzer.ts';
import { runInSlices } from './build-steps.ts';
import { withoutCourtesy } from './courtesy.ts';
import { writtenLanguage } from './entry-language.ts';
import { buildFaqIndex, faqIndexSteps } from './faq-index.ts';
import {
  DEFAULT_THRESHOLDS,
  type Explained,
  type FaqContext,
  type FaqMatch,
  type FaqThresholds,
  noMatch,
  OWN_PAGE_OFFER,
} from './faq-match.ts';
import type { EntryScope, KnowledgeBase, KnowledgeBaseEntry } from './knowledge-base.ts';
import { latinTermCount } from './match-signals.ts';
import { withoutPastedIdentifiers } from './pasted-identifiers.ts';
import { cueSignals, elsewhereSignal, type QueryCues } from './query-cues.ts';
import { rankEntries, rankEntriesBesides } from './rank-entries.ts';
import { requireParsedKnowledgeBase } from './require-parsed.ts';
import { DEFAULT_SYNONYMS, type SynonymGroups } from './synonyms.ts';

// The engine is the public face of the matcher; the match types are re-exported so callers import
// everything about the engine from this one module.
export {
  DEFAULT_THRESHOLDS,
  type Explained,
  type FaqCandidate,
  type FaqContext,
  type FaqDecision,
  type FaqMatch,
  type FaqThresholds,
} from './faq-match.ts';

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
  /**
   * Weight of the answer's Chinese characters and bigrams (default 0.6): they name the entry's topic
   * more often than an answer's Latin words do (demo zh sparse dev ranking hit@1 0.763 → 0.789).
   */
  chineseAnswerWeight?: number;
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

/**
 * The most of a message the engine matches on, in UTF-16 code units. Matching costs time in
 * proportion to the text (about 10 ms for 4,000 varied Chinese characters, and a message is
 * matched several times: the bot, the waiting answer, the agent's assist), so a shopper's
 * maximum-length messages must not hold the hub's event loop; real questions are far shorter.
 */
export const MAX_QUERY_CHARS = 500;

/** Shop cue words this strong (one clear word such as 自提 or "refund") make a question the shop's business. */
const SHOP_QUESTION = 0.5;

/** The first MAX_QUERY_CHARS of a message, never ending in half a surrogate pair. */
function headOfQuestion(text: string): string {
  if (text.length <= MAX_QUERY_CHARS) return text;
  const head = text.slice(0, MAX_QUERY_CHARS);
  return /[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head;
}

export function createFaqEngine(kb: KnowledgeBase, options: FaqOptions = {}): FaqEngine {
  requireParsedKnowledgeBase(kb, 'createFaqEngine');
  const k = options.k ?? 3;
  const thresholds: FaqThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  for (const [name, value] of Object.entries(thresholds)) {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`thresholds.${name} (${value}) must be in 0..1`);
  }
  if (!(thresholds.outOfScope <= thresholds.suggest)) {
    throw new RangeError(
      `thresholds.outOfScope (${thresholds.outOfScope}) must not exceed thresholds.suggest (${thresholds.suggest})`,
    );
  }
  const conceptWeight = options.conceptWeight ?? 1;
  const entryMix = options.entryMix ?? 0.5;
  const scopeBoost = options.scopeBoost ?? 1.25;
  const analyzer = createAnalyzer({
    synonyms: options.synonyms ?? DEFAULT_SYNONYMS,
    ...(options.chinese ? { chinese: options.chinese } : {}),
  });
  let index = buildFaqIndex(kb, analyzer, options);
  // Counts the indexes swapped in: a build spread over turns of the event loop is dropped when
  // another reload swapped one in meanwhile (that one is newer).
  let swaps = 0;

  /** A message as the ranking takes it: analysed, with its cue signals, against the index of the moment. */
  const understand = (asked: string) => {
    const current = index;
    // A knowledge base whose questions carry order numbers ("change items of order 00123842") reads
    // "an order number" as part of the question; one whose questions never do, as noise.
    const { phraseIndex } = current;
    const idsAsked = phraseIndex.idf(ID_TERM) < phraseIndex.idf('\u0000');
    const query = withoutCourtesy(headOfQuestion(withoutPastedIdentifiers(asked, idsAsked)));
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
      partOfLongerWord: current.partOfLongerWord,
      // Query side only: on the entries' side too it moved dev figures both ways (docs/evaluation-log.md).
      asWritten: true,
      ...(options.typoTolerance === false ? {} : { correct }),
    });
    if (bag.size === 0 || current.entries.length === 0) return undefined;
    // Normalised and stemmed once for both lexicons: this runs on every shopper message.
    const text = matchText(query);
    const shopWords = cueSignals(text);
    const cues = {
      corrected: Math.min(1, typos.corrected / Math.max(1, latinTermCount(bag))),
      ...shopWords,
      elsewhere: elsewhereSignal(text, current.shopTopics, shopWords.shopCues),
      written: writtenLanguage(query),
      typed: analyzer.latinWords(query),
    };
    return { current, bag, cues };
  };
  const rankOptions = { k, thresholds, entryMix, scopeBoost };
  /**
   * A question the knowledge base does not reach is still the shop's business when it is asked on
   * a product's page ("is it itchy?") or in the shop's own words (store pickup, 偏远地区, paying in
   * parts): a person answers it, it is not called outside what the shop answers.
   */
  const settle = (explained: Explained, ctx: FaqContext, cues: QueryCues): Explained => {
    const m = explained.match;
    if (
      m.decision === 'out_of_scope' &&
      cues.elsewhere === 0 &&
      (ctx.productId || cues.shopCues >= SHOP_QUESTION)
    )
      m.decision = 'fallback';
    // The page's own entry, first for a question asked there, is offered rather than handed over.
    if (
      m.decision === 'fallback' &&
      cues.elsewhere === 0 &&
      scopedTo(m.top[0]?.entry.scope, ctx) &&
      Math.max(m.confidence, m.inScope) >= OWN_PAGE_OFFER
    )
      m.decision = 'suggest';
    return explained;
  };
  const explain = (asked: string, ctx: FaqContext = {}): Explained => {
    const understood = understand(asked);
    if (!understood) return noMatch();
    const { current, bag, cues } = understood;
    return settle(rankEntries(current, bag, ctx, rankOptions, cues), ctx, cues);
  };
  const explainBesides: ExplainBesides = (asked, without, ctx = {}) => {
    const understood = understand(asked);
    if (!understood) return { match: noMatch(), without: noMatch() };
    const { current, bag, cues } = understood;
    const both = rankEntriesBesides(current, bag, ctx, rankOptions, cues, current.byId.get(without) ?? -1);
    return { match: settle(both.match, ctx, cues), without: settle(both.without, ctx, cues) };
  };
  const engine: FaqEngine = {
    get size() {
      return index.entries.length;
    },
    reload(next) {
      requireParsedKnowledgeBase(next, 'engine.reload');
      index = buildFaqIndex(next, analyzer, options, index.analysed);
      swaps++;
    },
    entry(id) {
      const i = index.byId.get(id);
      return i === undefined ? undefined : index.entries[i];
    },
    match: (query, ctx) => explain(query, ctx).match,
  };
  explainers.set(engine, { explain, explainBesides });
  gradualReloads.set(engine, async (next) => {
    requireParsedKnowledgeBase(next, 'engine.reload');
    const before = swaps;
    const built = await runInSlices(faqIndexSteps(next, analyzer, options, index.analysed));
    if (swaps !== before) return false;
    index = built;
    swaps++;
    return true;
  });
  return engine;
}

const gradualReloads = new WeakMap<FaqEngine, (kb: KnowledgeBase) => Promise<boolean>>();

/**
 * `engine.reload(kb)` spread over turns of the event loop (see build-steps.ts), for an engine made
 * by {@link createFaqEngine} (undefined for a merchant's own): matches meanwhile use the index as it
 * was. Resolves true once the new index serves; false when another reload swapped one in before
 * this build finished (that one is newer, this one is dropped). For the knowledge editor; not part
 * of the package's API.
 */
export function gradualReload(engine: FaqEngine): ((kb: KnowledgeBase) => Promise<boolean>) | undefined {
  return gradualReloads.get(engine);
}

/**
 * Reloads `engine` over turns of the event loop where it can ({@link gradualReload}), at once
 * otherwise, one reload after another: of two files read in quick succession the later serves,
 * where two builds at once kept whichever finished first. Resolves once `kb` serves.
 */
export function reloadInTurns(engine: FaqEngine): (kb: KnowledgeBase) => Promise<void> {
  const gradual = gradualReload(engine);
  let queue: Promise<unknown> = Promise.resolve();
  return (kb) => {
    const run = queue.then(async () => {
      if (gradual) await gradual(kb);
      else engine.reload(kb);
    });
    queue = run.catch(() => {});
    return run;
  };
}

type ExplainBesides = (
  query: string,
  without: string,
  ctx?: FaqContext,
) => { match: Explained; without: Explained };

const explainers = new WeakMap<
  FaqEngine,
  { explain: (query: string, ctx?: FaqContext) => Explained; explainBesides: ExplainBesides }
>();

/**
 * The match plus the signals behind its confidence, for the evaluation and for logging why the bot
 * answered or declined. Only engines made by {@link createFaqEngine} can be explained.
 */
export function explainMatch(engine: FaqEngine, query: string, ctx: FaqContext = {}): Explained {
  const explainer = explainers.get(engine);
  if (!explainer) throw new TypeError('explainMatch needs an engine made by createFaqEngine');
  return explainer.explain(query, ctx);
}

/**
 * The match, and the match as if the knowledge base lacked entry `without` (the rest ranked and
 * decided as usual): what a shopper asking that entry's question in other words could get instead.
 * One analysis and one scoring pass for both. For the knowledge-base doctor; not part of the
 * package's API.
 */
export function explainMatchBesides(
  engine: FaqEngine,
  query: string,
  without: string,
  ctx: FaqContext = {},
): { match: Explained; without: Explained } {
  const explainer = explainers.get(engine);
  if (!explainer) throw new TypeError('explainMatchBesides needs an engine made by createFaqEngine');
  return explainer.explainBesides(query, without, ctx);
}

/** Whether an entry's scope names the product or category of the page the question was asked on. */
function scopedTo(scope: EntryScope | undefined, ctx: FaqContext): boolean {
  return Boolean(
    (ctx.productId && scope?.productIds?.includes(ctx.productId)) ||
      (ctx.category && scope?.categories?.includes(ctx.category)),
  );
}
