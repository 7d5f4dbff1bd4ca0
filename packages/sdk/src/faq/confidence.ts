/**
 * Turns the top two relevance scores (each already in 0..1, the share of the best score the query
 * could reach) into a confidence. A high share alone is not enough: when two entries are almost
 * tied, the bot is guessing between them, so the margin pulls confidence down.
 *
 * @example
 * scoreConfidence(0.8, 0.2); // high: strong and clearly ahead
 * scoreConfidence(0.8, 0.78); // lower: strong but tied
 */
export function scoreConfidence(top: number, second: number): number {
  if (top <= 0) return 0;
  const margin = (top - second) / top;
  return Math.max(0, Math.min(1, top * (0.6 + 0.4 * margin)));
}
