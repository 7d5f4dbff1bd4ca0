/**
 * Fits the engine's confidence model (packages/sdk/src/faq/confidence.ts, CONFIDENCE_MODEL) on the
 * dev split only and prints it; paste the printed object into confidence.ts, then run eval/run.ts,
 * which picks the thresholds on the same dev split and reports on test.
 *
 * Reproduce: `npx tsx --conditions=source eval/fit-confidence.ts`
 *
 * Data: the dev split of every track of eval/faq-tracks.ts (Bitext 0/5/10-shot with paraphrases
 * 1-10 past the shots, the demo zh and en knowledge bases full, sparse and mixed with the even lines of
 * eval/sets/{en,zh}-faq-queries.jsonl, AFQMC's even positive pairs; the even lines of
 * eval/sets/out-of-scope.{en,zh}.jsonl against each knowledge base of their language). A query is
 * "right" when its top entry is the gold one; out-of-scope queries are never right. Each knowledge
 * base weighs the same, and within it in-scope and out-of-scope weigh the same. The `elsewhere` weight
 * is set by hand (see confidence.ts) and held fixed: the fit treats its term as an offset.
 */
import type { ConfidenceModel, MatchSignals } from '../packages/sdk/src/faq/confidence.ts';
import { CONFIDENCE_MODEL, IN_SCOPE_MODEL, scoreConfidence } from '../packages/sdk/src/faq/confidence.ts';
import type { Judged } from './faq-decisions.ts';
import { faqTracks, judgeDev } from './faq-tracks.ts';
import { auc, f3 } from './metrics.ts';

const FEATURES = [
  'bias',
  'top',
  'margin',
  'topMargin',
  'entryCoverage',
  'queryCoverage',
  'bothCoverage',
  'known',
  'knownPhrasing',
  'corrected',
  'shopCues',
  'chatCues',
  'chinese',
  'chineseTop',
  'sparsity',
  'sparseTop',
  'sparseMargin',
] as const;
/** L2 penalties tried (on every weight but the bias); the one with the best 5-fold dev AUC wins. */
const L2_GRID = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3];

const vector = (s: MatchSignals): number[] => [
  1,
  s.top,
  s.margin,
  s.top * s.margin,
  s.entryCoverage,
  s.queryCoverage,
  s.entryCoverage * s.queryCoverage,
  s.known,
  s.knownPhrasing,
  s.corrected,
  s.shopCues,
  s.chatCues,
  s.chinese,
  s.chinese * s.top,
  s.sparsity,
  s.sparsity * s.top,
  s.sparsity * s.margin,
];

interface Sample {
  signals: MatchSignals;
  x: number[];
  /** The hand-set part of the logit (the `elsewhere` term), held fixed in the fit. */
  offset: number;
  y: number;
  w: number;
}

/**
 * Dev samples labelled for one of the two models: `right` (the top entry is the gold one; an
 * off-topic query is never right) for CONFIDENCE_MODEL, `inScope` (the query is one of the track's
 * in-scope questions, whatever the ranking) for IN_SCOPE_MODEL.
 */
export function devSamples(label: 'right' | 'inScope', fixed: ConfidenceModel): Sample[] {
  const samples: Sample[] = [];
  for (const track of faqTracks()) {
    const set = { dev: judgeDev(track) };
    const add = (judged: Judged[], inScope: boolean) => {
      const usable = judged.filter((j) => j.signals);
      for (const j of usable) {
        samples.push({
          signals: j.signals!,
          x: vector(j.signals!),
          offset: fixed.elsewhere * j.signals!.elsewhere,
          y: inScope && (label === 'inScope' || j.rank === 0) ? 1 : 0,
          w: 1 / usable.length,
        });
      }
    };
    add(set.dev.inScope, true);
    add(set.dev.oos, false);
  }
  return samples;
}

/** Weighted logistic regression by Newton's method with an L2 penalty. */
export function fitLogistic(samples: readonly Sample[], l2: number): number[] {
  const d = samples[0]!.x.length;
  let beta = new Array<number>(d).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = beta.map((b, i) => (i === 0 ? 0 : l2 * b));
    const hess = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => (i === j && i > 0 ? l2 : 0)),
    );
    for (const { x, offset, y, w } of samples) {
      const p = 1 / (1 + Math.exp(-offset - logit(x, beta)));
      for (let i = 0; i < d; i++) {
        grad[i]! += w * (p - y) * x[i]!;
        for (let j = 0; j < d; j++) hess[i]![j]! += w * p * (1 - p) * x[i]! * x[j]!;
      }
    }
    const step = solve(hess, grad);
    beta = beta.map((b, i) => b - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return beta;
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

function toModel(beta: readonly number[], fixed: ConfidenceModel): ConfidenceModel {
  const round = (v: number) => Math.round(v * 100) / 100;
  const fitted = Object.fromEntries(FEATURES.map((f, i) => [f, round(beta[i]!)]));
  return { ...fitted, elsewhere: fixed.elsewhere } as unknown as ConfidenceModel;
}

const logit = (x: readonly number[], beta: readonly number[]) => x.reduce((s, xi, i) => s + xi * beta[i]!, 0);

/** AUC of held-out scores over 5 folds of the dev samples (every 5th sample a fold). */
function crossValidatedAuc(samples: readonly Sample[], l2: number): number {
  const scores = new Array<number>(samples.length);
  for (let fold = 0; fold < 5; fold++) {
    const beta = fitLogistic(
      samples.filter((_, i) => i % 5 !== fold),
      l2,
    );
    samples.forEach((s, i) => {
      if (i % 5 === fold) scores[i] = s.offset + logit(s.x, beta);
    });
  }
  return auc(
    scores,
    samples.map((s) => s.y === 1),
  );
}

/** Picks the L2 penalty by 5-fold dev AUC, fits, and prints the model beside the current one. */
function fitAndPrint(label: 'right' | 'inScope', name: string, current: ConfidenceModel): void {
  const samples = devSamples(label, current);
  let l2 = L2_GRID[0]!;
  let bestCv = -1;
  for (const candidate of L2_GRID) {
    const cv = crossValidatedAuc(samples, candidate);
    if (cv > bestCv) {
      bestCv = cv;
      l2 = candidate;
    }
  }
  const model = toModel(fitLogistic(samples, l2), current);
  const devAuc = (m: ConfidenceModel) =>
    f3(
      auc(
        samples.map((s) => scoreConfidence(s.signals, m)),
        samples.map((s) => s.y === 1),
      ),
    );
  console.log(
    `${name} (${label}): dev samples ${samples.length} (${samples.filter((s) => s.y).length} positive), ` +
      `L2 ${l2} (5-fold AUC ${f3(bestCv)}); dev AUC current ${devAuc(current)}, fitted ${devAuc(model)}`,
  );
  console.log(`export const ${name}: ConfidenceModel = ${JSON.stringify(model, null, 2)};`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  fitAndPrint('right', 'CONFIDENCE_MODEL', CONFIDENCE_MODEL);
  fitAndPrint('inScope', 'IN_SCOPE_MODEL', IN_SCOPE_MODEL);
}
