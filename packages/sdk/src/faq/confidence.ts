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
  /**
   * Evidence of a greeting, a request for a person or a complaint from the same lexicon, 0..1, less
   * what the top entry's own phrasings carry: when the knowledge base has an entry for "talk to an
   * agent" or "file a complaint", such a question is one it answers.
   */
  chatCues: number;
  /** Share of the query's literal terms that are Chinese (bigram scores run lower than English ones). */
  chinese: number;
  /**
   * The knowledge base's shape: 1 / phrasings per entry (1 when entries carry only their question).
   * With fewer phrasings a right match overlaps the query less, so the same score means more.
   */
  sparsity: number;
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
  sparsity: number;
  /** Weight of sparsity × top. */
  sparseTop: number;
  /** Weight of sparsity × margin. */
  sparseMargin: number;
}

/**
 * Fitted by `npx tsx --conditions=source eval/fit-confidence.ts` (L2-regularised logistic regression,
 * penalty picked by 5-fold cross-validation on dev, each knowledge base weighted equally) on the dev
 * splits only of every track of eval/faq-tracks.ts: Bitext with 0, 5 and 10 phrasings per entry, the
 * demo zh and en knowledge bases with their alternates and without (sparse), and AFQMC, each with
 * the off-topic dev lines of its language. "Right" means the top entry is the gold one; off-topic is
 * never right. The sparsity terms let one model serve bare-question and many-phrasing knowledge
 * bases alike. eval/run.ts reports on the test splits.
 */
export const CONFIDENCE_MODEL: ConfidenceModel = {
  bias: -5.77,
  top: 8.79,
  margin: -0.01,
  topMargin: 7.54,
  entryCoverage: 1.16,
  queryCoverage: -2.49,
  bothCoverage: 2.22,
  known: 1.25,
  knownPhrasing: 0.94,
  corrected: -1.68,
  shopCues: 1.69,
  chatCues: -2.38,
  chinese: 0.76,
  chineseTop: -0.33,
  sparsity: 1.44,
  sparseTop: -1.46,
  sparseMargin: -0.01,
};

/**
 * The same signals weighed for another question: is the query one this knowledge base is meant to
 * answer at all (whichever entry)? Fitted by the same script on the same dev split, with every
 * in-scope query positive and every off-topic one negative.
 */
export const IN_SCOPE_MODEL: ConfidenceModel = {
  bias: -6.6,
  top: 8.55,
  margin: -0.14,
  topMargin: 3.53,
  entryCoverage: -0.91,
  queryCoverage: -2.88,
  bothCoverage: 5.37,
  known: 1.54,
  knownPhrasing: 3.03,
  corrected: -1.58,
  shopCues: 2.61,
  chatCues: -4.28,
  chinese: 0.51,
  chineseTop: 5.21,
  sparsity: 2.28,
  sparseTop: 1.62,
  sparseMargin: -0.87,
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
    model.chineseTop * s.chinese * s.top +
    model.sparsity * s.sparsity +
    model.sparseTop * s.sparsity * s.top +
    model.sparseMargin * s.sparsity * s.margin;
  return 1 / (1 + Math.exp(-z));
}
