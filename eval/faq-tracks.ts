import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MatchSignals } from '../packages/sdk/src/faq/confidence.ts';
import { explainMatch } from '../packages/sdk/src/faq/faq-engine.ts';
import {
  createFaqEngine,
  type FaqEngine,
  type FaqMatch,
  type FaqOptions,
  type FaqThresholds,
  type KnowledgeBase,
  parseKnowledgeBase,
} from '../packages/sdk/src/faq/index.ts';
import {
  BITEXT_DEV_PER_INTENT,
  type BitextFaqRow,
  dataset,
  devOf,
  ownSet,
  readJsonl,
  repoRoot,
  testOf,
} from './data.ts';
import { f3, type RankingResult, rankingMetrics } from './metrics.ts';

export interface Query {
  text: string;
  gold: string | null; // null: out of scope
  productId?: string;
  category?: string;
}

export const bitextRows = () => readJsonl<BitextFaqRow>(dataset('bitext_customer_support_en', 'faq.jsonl'));

/** The knowledge base of one Bitext track: question (+ answer) and the first `shots` paraphrases. */
export function bitextKb(rows: readonly BitextFaqRow[], shots: number): KnowledgeBase {
  return {
    version: 1,
    entries: rows.map((r) => ({
      id: r.id,
      question: r.question,
      alternatives: r.paraphrases.slice(0, shots),
      answer: r.answer,
      tags: [r.intent],
    })),
  };
}

/** Queries of a track: every paraphrase after the shots, optionally only those past the dev split. */
export function bitextQueries(rows: readonly BitextFaqRow[], from: number, to = Infinity): Query[] {
  return rows.flatMap((r) => r.paraphrases.slice(from, to).map((text) => ({ text, gold: r.id })));
}

export const demoKb = (lang: 'zh' | 'en') =>
  parseKnowledgeBase(
    JSON.parse(readFileSync(path.join(repoRoot, 'examples/shop/kb', `faq.${lang}.json`), 'utf8')),
  );

/** Our own in-scope queries for the demo knowledge base of one language. */
export function demoQueries(lang: 'zh' | 'en'): Query[] {
  return readJsonl<{ text: string; entryId: string; productId?: string; category?: string }>(
    ownSet(`${lang}-faq-queries.jsonl`),
  ).map((q) => ({
    text: q.text,
    gold: q.entryId,
    ...(q.productId ? { productId: q.productId } : {}),
    ...(q.category ? { category: q.category } : {}),
  }));
}

export function oosQueries(lang: 'zh' | 'en'): Query[] {
  return readJsonl<{ text: string }>(ownSet(`out-of-scope.${lang}.jsonl`)).map((q) => ({
    text: q.text,
    gold: null,
  }));
}

export const zhQueries = () => demoQueries('zh');

export interface Judged {
  query: Query;
  match: FaqMatch;
  /** The signals behind the confidence (null when nothing matched). */
  signals: MatchSignals | null;
  rank: number;
}

export function judge(engine: FaqEngine, queries: readonly Query[]): Judged[] {
  return queries.map((query) => {
    const ctx = {
      ...(query.productId ? { productId: query.productId } : {}),
      ...(query.category ? { category: query.category } : {}),
    };
    const { match, signals } = explainMatch(engine, query.text, ctx);
    return { query, match, signals, rank: match.top.findIndex((c) => c.entry.id === query.gold) };
  });
}

export const ranking = (judged: readonly Judged[]): RankingResult =>
  rankingMetrics(judged.map((j) => j.rank));
export const fmtRanking = (r: RankingResult) =>
  `hit@1 ${f3(r.hit1)}  hit@3 ${f3(r.hit3)}  MRR ${f3(r.mrr)}  (n=${r.n})`;

/** Decision outcome of an in-scope or out-of-scope query at given thresholds. */
export function outcome(j: Judged, t: FaqThresholds): 'answer' | 'suggest' | 'refuse' {
  if (j.match.confidence >= t.answer && j.match.top.length) return 'answer';
  if (j.match.confidence >= t.suggest && j.match.top.length) return 'suggest';
  return 'refuse';
}

export interface PairResult {
  inScope: {
    n: number;
    answeredCorrect: number;
    answeredWrong: number;
    suggestedWithGold: number;
    refused: number;
  };
  outOfScope: { n: number; answered: number; suggested: number; refused: number };
}

export function pair(inScope: readonly Judged[], oos: readonly Judged[], t: FaqThresholds): PairResult {
  const ins = { n: inScope.length, answeredCorrect: 0, answeredWrong: 0, suggestedWithGold: 0, refused: 0 };
  for (const j of inScope) {
    const o = outcome(j, t);
    if (o === 'answer') j.rank === 0 ? ins.answeredCorrect++ : ins.answeredWrong++;
    else if (o === 'suggest') {
      if (j.rank >= 0 && j.rank < 3) ins.suggestedWithGold++;
    } else ins.refused++;
  }
  const out = { n: oos.length, answered: 0, suggested: 0, refused: 0 };
  for (const j of oos) {
    const o = outcome(j, t);
    if (o === 'answer') out.answered++;
    else if (o === 'suggest') out.suggested++;
    else out.refused++;
  }
  return { inScope: ins, outOfScope: out };
}

export function fmtPair(p: PairResult): string {
  const i = p.inScope;
  const o = p.outOfScope;
  return (
    `in-scope (n=${i.n}): answered correctly ${f3(i.answeredCorrect / i.n)}, answered wrong ${f3(i.answeredWrong / i.n)}, ` +
    `suggested with gold in top 3 ${f3(i.suggestedWithGold / i.n)}, refused ${f3(i.refused / i.n)} | ` +
    `out-of-scope (n=${o.n}): refused ${f3(o.refused / o.n)}, suggested ${f3(o.suggested / o.n)}, answered ${f3(o.answered / o.n)}`
  );
}

/** A wrong answer costs twice what a right one gains: a confident mistake is worse than a handoff. */
export const WRONG_ANSWER_COST = 2;

/** The issue's goal: at least this share of out-of-scope questions is declined, in every language. */
export const OUT_OF_SCOPE_GOAL = 0.9;

/**
 * Picks thresholds on dev data only. `suggest` is the lowest value at which every dev set declines at
 * least {@link OUT_OF_SCOPE_GOAL} of its out-of-scope questions (the issue's goal; a "did you mean"
 * offered to an out-of-scope question is not a refusal). `answer` (not below `suggest`) then maximises
 * (right answers − 2 × wrong answers, out-of-scope answers counting as wrong), averaged over the sets.
 */
export function sweepThresholds(sets: ReadonlyArray<{ inScope: Judged[]; oos: Judged[] }>): FaqThresholds {
  const grid = Array.from({ length: 97 }, (_, i) => Math.round((0.03 + i * 0.01) * 100) / 100);
  const refused = (oos: Judged[], suggest: number) =>
    oos.filter((j) => outcome(j, { answer: 1, suggest }) === 'refuse').length / oos.length;
  const suggest =
    grid.find((g) => sets.every((s) => refused(s.oos, g) >= OUT_OF_SCOPE_GOAL)) ?? grid[grid.length - 1]!;
  let answer = suggest;
  let bestU = -Infinity;
  for (const a of grid.filter((g) => g >= suggest)) {
    let u = 0;
    for (const s of sets) {
      const p = pair(s.inScope, s.oos, { answer: a, suggest });
      u +=
        (p.inScope.answeredCorrect - WRONG_ANSWER_COST * p.inScope.answeredWrong) / p.inScope.n -
        (WRONG_ANSWER_COST * p.outOfScope.answered) / p.outOfScope.n;
    }
    if (u > bestU) {
      bestU = u;
      answer = a;
    }
  }
  return { answer, suggest };
}

interface JudgedPair {
  inScope: Judged[];
  oos: Judged[];
}

export interface CalibrationSet {
  name: string;
  dev: JudgedPair;
  test: JudgedPair;
}

/**
 * The three knowledge bases with their in-scope and out-of-scope queries, split into dev (threshold
 * sweep, confidence fit, error reading) and test (every reported figure).
 */
export function calibrationSets(
  options: FaqOptions = {},
  en5 = createFaqEngine(bitextKb(bitextRows(), 5), options),
  zhEngine = createFaqEngine(demoKb('zh'), options),
): CalibrationSet[] {
  const rows = bitextRows();
  const enDemo = createFaqEngine(demoKb('en'), options);
  const oosEn = oosQueries('en');
  const oosZh = oosQueries('zh');
  const enQ = demoQueries('en');
  const zhQ = demoQueries('zh');
  const make = (name: string, engine: FaqEngine, dev: [Query[], Query[]], test: [Query[], Query[]]) => ({
    name,
    dev: { inScope: judge(engine, dev[0]), oos: judge(engine, dev[1]) },
    test: { inScope: judge(engine, test[0]), oos: judge(engine, test[1]) },
  });
  return [
    make(
      'en, Bitext 5-shot KB',
      en5,
      [bitextQueries(rows, 5, BITEXT_DEV_PER_INTENT), devOf(oosEn)],
      [bitextQueries(rows, BITEXT_DEV_PER_INTENT), testOf(oosEn)],
    ),
    make('en, demo KB', enDemo, [devOf(enQ), devOf(oosEn)], [testOf(enQ), testOf(oosEn)]),
    make('zh, demo KB', zhEngine, [devOf(zhQ), devOf(oosZh)], [testOf(zhQ), testOf(oosZh)]),
  ];
}

export interface FaqTrackReport {
  lines: string[];
  devThresholds: FaqThresholds;
}

/** Everything FAQ: Bitext tracks, zh set, tokeniser choice, threshold sweep and refusal pairs. */
export function runFaqTracks(options: FaqOptions = {}): FaqTrackReport {
  const lines: string[] = [];
  const rows = bitextRows();
  const dev = BITEXT_DEV_PER_INTENT;

  lines.push('## Bitext FAQ (27 entries; ../shared/datasets/bitext_customer_support_en/faq.jsonl)');
  const engines = new Map<number, FaqEngine>();
  for (const shots of [0, 5, 10]) {
    const engine = createFaqEngine(bitextKb(rows, shots), options);
    engines.set(shots, engine);
    const all = ranking(judge(engine, bitextQueries(rows, shots)));
    const held = ranking(judge(engine, bitextQueries(rows, Math.max(shots, dev))));
    lines.push(`${shots === 0 ? 'zero' : shots}-shot, track as defined: ${fmtRanking(all)}`);
    if (shots < dev)
      lines.push(
        `${' '.repeat(String(shots).length)}        held-out (paraphrases 11+): ${fmtRanking(held)}`,
      );
  }

  lines.push('', '## Chinese FAQ (demo KB examples/shop/kb/faq.zh.json, eval/sets/zh-faq-queries.jsonl)');
  const zhKb = demoKb('zh');
  const zh = zhQueries();
  const tokenisers = (['bigram', 'segmenter'] as const).map((chinese) => {
    const r = ranking(judge(createFaqEngine(zhKb, { ...options, chinese }), devOf(zh)));
    return `${chinese} ${f3(r.hit1)}`;
  });
  lines.push(`tokeniser choice on dev (hit@1, n=${devOf(zh).length}): ${tokenisers.join(', ')}`);
  const zhEngine = createFaqEngine(zhKb, options);

  lines.push(`test: ${fmtRanking(ranking(judge(zhEngine, testOf(zh))))}`);
  lines.push(`all:  ${fmtRanking(ranking(judge(zhEngine, zh)))}`);
  const enDemoQueries = demoQueries('en');
  const enDemoEngine = createFaqEngine(demoKb('en'), options);
  lines.push(
    '',
    '## English FAQ (demo KB examples/shop/kb/faq.en.json, eval/sets/en-faq-queries.jsonl)',
    `test: ${fmtRanking(ranking(judge(enDemoEngine, testOf(enDemoQueries))))}`,
    `all:  ${fmtRanking(ranking(judge(enDemoEngine, enDemoQueries)))}`,
  );
  // Thresholds: chosen on dev (Bitext 5-shot paraphrases 6-10, even lines of our own sets).
  const sets = calibrationSets(options, engines.get(5)!, zhEngine);
  const devThresholds = sweepThresholds(sets.map((s) => s.dev));
  const t = { ...devThresholds, ...options.thresholds };
  lines.push(
    '',
    '## Out of scope vs in scope at the same thresholds (test split)',
    `thresholds picked on dev: answer ≥ ${devThresholds.answer}, suggest ≥ ${devThresholds.suggest}` +
      ` (dev: ${sets.map((s) => `${s.name} in-scope n=${s.dev.inScope.length} / out-of-scope n=${s.dev.oos.length}`).join('; ')});` +
      ` reported at answer ≥ ${t.answer}, suggest ≥ ${t.suggest}`,
  );
  for (const s of sets) lines.push(`${s.name}: ${fmtPair(pair(s.test.inScope, s.test.oos, t))}`);
  return { lines, devThresholds };
}
