/**
 * Platt scaling of the raw relevance into a probability-like confidence. Fitted once (logistic
 * regression, each language weighted equally) on the dev split only: Bitext 5-shot paraphrases 6-10
 * and the even lines of eval/sets/zh-faq-queries.jsonl and out-of-scope.{en,zh}.jsonl, where "right"
 * means the top entry is the gold one. eval/run.ts reports on the other lines.
 */
const PLATT_A = 20.9;
const PLATT_B = -3.16;

/**
 * Turns the top two relevance scores (each in 0..1, the share of the best score the query could
 * reach) into a confidence in 0..1. A high share alone is not enough: when two entries are almost
 * tied the bot is guessing between them, so the margin pulls confidence down.
 *
 * @example
 * scoreConfidence(0.4, 0.1); // ≈ 0.98: strong and clearly ahead
 * scoreConfidence(0.4, 0.39); // ≈ 0.86: strong but tied
 * scoreConfidence(0.05, 0); // ≈ 0.1: barely related
 */
export function scoreConfidence(top: number, second: number): number {
  if (top <= 0) return 0;
  const margin = (top - second) / top;
  const raw = top * (0.6 + 0.4 * margin);
  return 1 / (1 + Math.exp(-(PLATT_A * raw + PLATT_B)));
}
