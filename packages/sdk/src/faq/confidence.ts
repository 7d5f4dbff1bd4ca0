/**
 * What the engine knows about its best guess, each in 0..1, before turning it into a confidence.
 * Every signal is computed from the query and the knowledge base alone.
 */
export interface MatchSignals {
  /** Relevance of the top entry: the share of the best score this query could reach. */
  top: number;
  /** (top − second) / top: how clearly the top entry beats the runner-up. */
  margin: number;
  /**
   * Entry-side coverage: of the top entry's closest phrasing, the idf-weighted share of terms the
   * query also uses. "what is your name" touching only "name" of "Wrong company name on the
   * invoice" covers little of it; a real paraphrase covers most.
   */
  entryCoverage: number;
  /** Of the query's terms, the idf-weighted share found in any phrasing of the top entry. */
  queryCoverage: number;
  /**
   * Query-side coverage: the idf-weighted share of the query's terms that the knowledge base uses at
   * all (questions, alternatives and answers). Words the shop never uses (a film, a stock exchange,
   * another platform's name) pull it down.
   */
  known: number;
  /** As `known`, counting only the entries' questions and alternatives (not the answers). */
  knownPhrasing: number;
  /** Share of the query's Latin words that typo tolerance rewrote into a word the shop uses. */
  corrected: number;
  /**
   * Evidence of shop topics (delivery, returns, payment, invoices, account, pre-sale) from the
   * general customer-service cue words of the intent lexicon, squashed to 0..1.
   */
  shopCues: number;
  /** Evidence of a greeting, a request for a person or a complaint from the same lexicon, 0..1. */
  chatCues: number;
  /** Share of the query's literal terms that are Chinese (bigram scores run lower than English ones). */
  chinese: number;
}

/** Logistic-regression weights over {@link MatchSignals} (see {@link CONFIDENCE_MODEL}). */
export interface ConfidenceModel {
  bias: number;
  top: number;
  margin: number;
  /** Weight of top × margin: a strong score counts for more when it is also clearly ahead. */
  topMargin: number;
  entryCoverage: number;
  queryCoverage: number;
  /** Weight of entryCoverage × queryCoverage: both sides of the overlap at once. */
  bothCoverage: number;
  known: number;
  knownPhrasing: number;
  corrected: number;
  shopCues: number;
  chatCues: number;
  chinese: number;
  chineseTop: number;
}

/**
 * Fitted once by `npx tsx --conditions=source eval/fit-confidence.ts` (L2-regularised logistic
 * regression, penalty picked by 5-fold cross-validation on dev, each knowledge base weighted
 * equally) on the dev split only: the Bitext 5-shot KB with paraphrases 6-10 as queries, the demo en
 * and zh KBs with the even lines of eval/sets/{en,zh}-faq-queries.jsonl, and the even lines of
 * eval/sets/out-of-scope.{en,zh}.jsonl against the knowledge bases of their language. "Right" means
 * the top entry is the gold one; out-of-scope is never right. eval/run.ts reports on the other lines.
 */
export const CONFIDENCE_MODEL: ConfidenceModel = {
  bias: -6.08,
  top: 3.84,
  margin: 0.72,
  topMargin: 6.03,
  entryCoverage: 0.88,
  queryCoverage: 1.55,
  bothCoverage: 2.54,
  known: 0.01,
  knownPhrasing: 1.42,
  corrected: -0.2,
  shopCues: 2.19,
  chatCues: -0.29,
  chinese: 1.37,
  chineseTop: 0.15,
};

/**
 * Turns the signals of the top candidate into a probability-like confidence in 0..1 that it is the
 * right answer. A high relevance alone is not enough: when two entries are almost tied the bot is
 * guessing between them, and a query that covers one stray word of an entry, or is mostly words the
 * shop never uses, is more likely out of scope than a terse paraphrase.
 *
 * @example
 * const { signals } = explainMatch(engine, 'how long does a refund take');
 * scoreConfidence(signals!); // the same number as engine.match(...).confidence
 */
export function scoreConfidence(s: MatchSignals, model: ConfidenceModel = CONFIDENCE_MODEL): number {
  if (s.top <= 0) return 0;
  const z =
    model.bias +
    model.top * s.top +
    model.margin * s.margin +
    model.topMargin * s.top * s.margin +
    model.entryCoverage * s.entryCoverage +
    model.queryCoverage * s.queryCoverage +
    model.bothCoverage * s.entryCoverage * s.queryCoverage +
    model.known * s.known +
    model.knownPhrasing * s.knownPhrasing +
    model.corrected * s.corrected +
    model.shopCues * s.shopCues +
    model.chatCues * s.chatCues +
    model.chinese * s.chinese +
    model.chineseTop * s.chinese * s.top;
  return 1 / (1 + Math.exp(-z));
}
