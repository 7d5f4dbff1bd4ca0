import type { TermBag } from './analyzer.ts';
import type { TermRun } from './bm25-index.ts';
import { type BuildSteps, pause } from './build-steps.ts';

/**
 * Each entry's phrasings taken together as one term model: how likely the query's words are under
 * the entry (a multinomial over the words of all its phrasings, smoothed towards the knowledge
 * base's). The best single phrasing cannot see that "order several items" is three of an entry's
 * phrasings' words spread over them, where a rival's one phrasing holds two of them side by side.
 * Only entries with two phrasings or more have a model: for a bare question it would add nothing
 * the phrasing score does not say.
 */
export interface EntryLikelihood {
  /** The query's scorer: entry → mean log-likelihood ratio per query word against the knowledge base. */
  prepare(query: TermBag): (e: number) => number;
  /** Per entry: 1 when it has a model (two phrasings or more). */
  modelled: Uint8Array;
}

/**
 * Dirichlet smoothing mass, in words: the weight of the knowledge base's word frequencies in each
 * entry's model. Picked on dev (eval/dev-report.ts) from 0.5–3, where every value helped the
 * many-phrasing tracks and none moved another (1 is the middle).
 */
const SMOOTHING = 1;

/** Entries (or phrasings) between two steps of a build. */
const ENTRIES_PER_STEP = 1024;

/** The entries' models in flat arrays (the terms of entry e are ids[start[e] .. start[e + 1]), sorted), built in steps (see build-steps.ts). */
export function* entryLikelihoodSteps(
  phrasings: readonly TermRun[],
  phraseStart: Int32Array,
  termIds: ReadonlyMap<string, number>,
  termCount: number,
): BuildSteps<EntryLikelihood> {
  const n = phraseStart.length - 1;
  const collection = new Float64Array(termCount);
  let total = 0;
  let occurrences = 0;
  for (let p = 0; p < phrasings.length; p++) {
    const { ids, tfs } = phrasings[p]!;
    occurrences += ids.length;
    for (let i = 0; i < ids.length; i++) {
      collection[ids[i]!]! += tfs[i]!;
      total += tfs[i]!;
    }
    if (pause(p, ENTRIES_PER_STEP)) yield;
  }
  const modelled = new Uint8Array(n);
  const start = new Int32Array(n + 1);
  const lengthTerm = new Float64Array(n);
  const counts = new Float64Array(termCount);
  const seen = new Int32Array(termCount).fill(-1);
  // Typed arrays sized for every occurrence (an entry's distinct terms are fewer): pushing 400,000
  // numbers into plain arrays and sorting each entry's with a comparator made most of a build.
  const entryIds = new Int32Array(occurrences);
  const entryRatios = new Float64Array(occurrences);
  let end = 0;
  for (let e = 0; e < n; e++) {
    start[e] = end;
    if (phraseStart[e + 1]! - phraseStart[e]! < 2) continue;
    modelled[e] = 1;
    let length = 0;
    for (let p = phraseStart[e]!; p < phraseStart[e + 1]!; p++) {
      const run = phrasings[p]!;
      for (let i = 0; i < run.ids.length; i++) {
        const t = run.ids[i]!;
        if (seen[t] !== e) {
          seen[t] = e;
          counts[t] = 0;
          entryIds[end++] = t;
        }
        counts[t]! += run.tfs[i]!;
        length += run.tfs[i]!;
      }
    }
    entryIds.subarray(start[e]!, end).sort();
    // Each term's share of the ratio, log(1 + tf / (μ·P(t))), is the knowledge base's constant:
    // worked out here, a query only adds them up.
    for (let i = start[e]!; i < end; i++) {
      const t = entryIds[i]!;
      entryRatios[i] = Math.log(1 + (counts[t]! * total) / (SMOOTHING * collection[t]!));
    }
    lengthTerm[e] = Math.log(SMOOTHING / (length + SMOOTHING));
    if (pause(e, ENTRIES_PER_STEP)) yield;
  }
  start[n] = end;
  // Kept at their size: a knowledge base of bare questions keeps none.
  const ids = entryIds.slice(0, end);
  const ratios = entryRatios.slice(0, end);

  return {
    modelled,
    prepare(query) {
      // Only the query's words the knowledge base's phrasings use: any other one is equally unlikely
      // under every entry, so it changes no order.
      const qIds: number[] = [];
      const qWeights: number[] = [];
      let mass = 0;
      for (const term of query.keys()) {
        const id = termIds.get(term);
        if (id === undefined || !(collection[id]! > 0)) continue;
        const weight = query.get(term)!;
        qIds.push(id);
        qWeights.push(weight);
        mass += weight;
      }
      // log P(q | e) − log P(q | knowledge base) = Σ w·log(1 + tf / (μ·P(t))) + |q|·log(μ / (len + μ)).
      return (e) => {
        let s = 0;
        for (let i = 0; i < qIds.length; i++) {
          const at = find(ids, start[e]!, start[e + 1]!, qIds[i]!);
          if (at >= 0) s += qWeights[i]! * ratios[at]!;
        }
        return (s + mass * lengthTerm[e]!) / Math.max(1, mass);
      };
    },
  };
}

/**
 * How much a unit of the likelihood ratio counts against the ranking score (a share of what the
 * query could reach): picked on dev from 0.03–0.07, all of which helped and none of which moved a
 * track with bare questions; 0.05 is the middle.
 */
const LIKELIHOOD_WEIGHT = 0.05;

/**
 * How many of the best-scored entries {@link orderByWholeEntry} reorders: at least the k shown, so the
 * first entry does not depend on k (dev: the same figures reordering 3, 5, 10 or 20).
 */
export const WHOLE_ENTRY_DEPTH = 5;

/**
 * Reorders the best-scored entries by their score plus {@link LIKELIHOOD_WEIGHT} × their likelihood,
 * moving only the entries that have a model, among the places they hold: a bare question keeps its
 * place, since its score and a modelled entry's likelihood do not compare (on the half-sparse dev
 * tracks, a reorder of all of them lost right entries and let an off-topic question in). Each entry
 * keeps its own score, which is what the confidence reads: an entry moved ahead of a better-scored
 * one has a negative margin, and with it a lower confidence.
 */
export function orderByWholeEntry(
  model: EntryLikelihood,
  query: TermBag,
  k: number,
  top: { topIdx: number[]; topScore: number[] },
): { topIdx: number[]; topScore: number[] } {
  const { topIdx, topScore } = top;
  const { modelled } = model;
  const slots: number[] = [];
  for (let i = 0; i < topIdx.length; i++) if (modelled[topIdx[i]!]) slots.push(i);
  if (slots.length < 2) return { topIdx: topIdx.slice(0, k), topScore: topScore.slice(0, k) };
  const likelihood = model.prepare(query);
  const keys = slots.map((i) => topScore[i]! + LIKELIHOOD_WEIGHT * likelihood(topIdx[i]!));
  // A stable sort: on equal keys the better-scored entry stays ahead.
  const order = slots.map((_, j) => j).sort((a, b) => keys[b]! - keys[a]! || a - b);
  const idx = topIdx.slice(0, k);
  const score = topScore.slice(0, k);
  for (let j = 0; j < slots.length && slots[j]! < k; j++) {
    idx[slots[j]!] = topIdx[slots[order[j]!]!]!;
    score[slots[j]!] = topScore[slots[order[j]!]!]!;
  }
  return { topIdx: idx, topScore: score };
}

/** Index of `t` in the sorted ids[from .. to), or −1. */
function find(ids: Int32Array, from: number, to: number, t: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid]!;
    if (v === t) return mid;
    if (v < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
