/** Ranking and classification metrics for eval/run.ts; small enough to check by hand. */

export interface RankingResult {
  n: number;
  hit1: number;
  hit3: number;
  mrr: number;
}

/** `ranks[i]` is the 0-based rank of the gold answer for query i, or -1 when it was not returned. */
export function rankingMetrics(ranks: readonly number[]): RankingResult {
  const n = ranks.length;
  let hit1 = 0;
  let hit3 = 0;
  let mrr = 0;
  for (const r of ranks) {
    if (r === 0) hit1++;
    if (r >= 0 && r < 3) hit3++;
    if (r >= 0) mrr += 1 / (r + 1);
  }
  return { n, hit1: hit1 / n, hit3: hit3 / n, mrr: mrr / n };
}

/** Area under the ROC curve (Mann-Whitney U with average ranks for ties). */
export function auc(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let sum = 0;
  let pos = 0;
  positive.forEach((p, i) => {
    if (p) {
      sum += ranks[i]!;
      pos++;
    }
  });
  const neg = scores.length - pos;
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface ClassReport {
  accuracy: number;
  macroF1: number;
  perClass: Array<{ label: string; support: number; precision: number; recall: number; f1: number }>;
}

export function classification(gold: readonly string[], predicted: readonly string[]): ClassReport {
  const labels = [...new Set(gold)].sort();
  let correct = 0;
  gold.forEach((g, i) => {
    if (g === predicted[i]) correct++;
  });
  const perClass = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i];
      if (g === label && p === label) tp++;
      else if (p === label) fp++;
      else if (g === label) fn++;
    });
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, support: tp + fn, precision, recall, f1 };
  });
  return {
    accuracy: correct / gold.length,
    macroF1: perClass.reduce((s, c) => s + c.f1, 0) / perClass.length,
    perClass,
  };
}

export const f3 = (x: number) => x.toFixed(3);
