import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createFaqEngine,
  type FaqEngine,
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
import {
  fmtRanking,
  type Judged,
  judge,
  type PairResult,
  pair,
  ranking,
  sweepThresholds,
} from './faq-decisions.ts';
import { f3, type RankingResult } from './metrics.ts';

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

/** A merchant's first knowledge base: each entry keeps its main question and answer, no alternates. */
export const sparseKb = (kb: KnowledgeBase): KnowledgeBase => ({
  ...kb,
  entries: kb.entries.map((e) => ({ ...e, alternatives: [] })),
});

/** A knowledge base half written: every other entry keeps its alternates, the rest only the question. */
export const mixedKb = (kb: KnowledgeBase): KnowledgeBase => ({
  ...kb,
  entries: kb.entries.map((e, i) => (i % 2 ? { ...e, alternatives: [] } : e)),
});

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

interface AfqmcRow {
  id: string;
  q1: string;
  q2: string;
  label: 0 | 1;
}

/** Every how-many-th positive AFQMC pair goes into one knowledge base (a merchant-sized one). */
const AFQMC_STRIDE = 8;

/**
 * The AFQMC paraphrase track (../shared/datasets/afqmc_question_matching_zh, CLUE dev, real Alipay
 * customer-service questions). Positive pair i (in file order) with i mod 8 = 0 belongs to the dev
 * knowledge base, i mod 8 = 4 to the test one (about 167 entries each: the whole set is 1,338
 * questions about the same few Alipay products, so one knowledge base of all of them holds many
 * entries that mean the same thing). In each, the pair's `q1` is an entry with no alternates and its
 * `q2` a query whose gold is that entry. The negatives are not used: only 3 of 2,978 share a question
 * with a positive pair, so they say nothing about these knowledge bases, and being about Alipay too
 * they are not off-topic for them. The answer is one placeholder for every entry (the dataset has
 * none), so it carries no signal.
 */
export function afqmcTrack(): { kb: KnowledgeBase; devKb: KnowledgeBase; dev: Query[]; test: Query[] } {
  const positives = readJsonl<AfqmcRow>(dataset('afqmc_question_matching_zh', 'pairs_dev.jsonl')).filter(
    (r) => r.label === 1,
  );
  const part = (offset: number) => {
    const pairs = positives.filter((_, i) => i % AFQMC_STRIDE === offset);
    const byQuestion = new Map<string, string>();
    for (const r of pairs) if (!byQuestion.has(r.q1)) byQuestion.set(r.q1, r.id);
    const kb: KnowledgeBase = {
      version: 1,
      locale: 'zh',
      entries: [...byQuestion].map(([question, id]) => ({
        id,
        question,
        alternatives: [],
        answer: '请参考支付宝帮助中心的说明。',
        tags: [],
      })),
    };
    return { kb, queries: pairs.map((r) => ({ text: r.q2, gold: byQuestion.get(r.q1)! })) };
  };
  const dev = part(0);
  const test = part(AFQMC_STRIDE / 2);
  return { kb: test.kb, devKb: dev.kb, dev: dev.queries, test: test.queries };
}

export interface JudgedPair {
  inScope: Judged[];
  oos: Judged[];
}

/** One knowledge base with its in-scope and off-topic queries, split into dev and test. */
export interface Track {
  name: string;
  /** The knowledge base, for both splits unless `devKb` gives the dev split its own. */
  kb: KnowledgeBase;
  devKb?: KnowledgeBase;
  lang: 'zh' | 'en';
  dev: { inScope: Query[]; oos: Query[] };
  test: { inScope: Query[]; oos: Query[] };
}

/**
 * Every FAQ track of `pnpm eval`. Splits: Bitext dev = paraphrases 1-10 of each intent past the
 * shots (test = 11+); our own query sets and the off-topic sets: even lines dev, odd lines test;
 * AFQMC: see {@link afqmcTrack}. The off-topic set of a track is the one of its language.
 */
export function faqTracks(): Track[] {
  const rows = bitextRows();
  const oos = { zh: oosQueries('zh'), en: oosQueries('en') };
  const split = (lang: 'zh' | 'en', inDev: Query[], inTest: Query[]) => ({
    dev: { inScope: inDev, oos: devOf(oos[lang]) },
    test: { inScope: inTest, oos: testOf(oos[lang]) },
  });
  const bitext = (shots: number): Track => ({
    name: `Bitext ${shots}-shot`,
    kb: bitextKb(rows, shots),
    lang: 'en',
    ...split(
      'en',
      bitextQueries(rows, shots, BITEXT_DEV_PER_INTENT),
      bitextQueries(rows, BITEXT_DEV_PER_INTENT),
    ),
  });
  const demo = (lang: 'zh' | 'en', shape: 'full' | 'sparse' | 'mixed'): Track => {
    const q = demoQueries(lang);
    const kb = demoKb(lang);
    return {
      name: `demo ${lang}${shape === 'full' ? '' : `, ${shape}`}`,
      kb: shape === 'sparse' ? sparseKb(kb) : shape === 'mixed' ? mixedKb(kb) : kb,
      lang,
      ...split(lang, devOf(q), testOf(q)),
    };
  };
  const afqmc = afqmcTrack();
  return [
    bitext(0),
    bitext(5),
    bitext(10),
    demo('zh', 'full'),
    demo('zh', 'sparse'),
    demo('zh', 'mixed'),
    demo('en', 'full'),
    demo('en', 'sparse'),
    demo('en', 'mixed'),
    {
      name: 'AFQMC zh paraphrase',
      kb: afqmc.kb,
      devKb: afqmc.devKb,
      lang: 'zh',
      ...split('zh', afqmc.dev, afqmc.test),
    },
  ];
}

export interface JudgedTrack {
  track: Track;
  engine: FaqEngine;
  dev: JudgedPair;
  test: JudgedPair;
}

/** Judges a track's dev split only (its test queries are never run). */
export function judgeDev(track: Track, options: FaqOptions = {}): JudgedPair {
  const engine = createFaqEngine(track.devKb ?? track.kb, options);
  return { inScope: judge(engine, track.dev.inScope), oos: judge(engine, track.dev.oos) };
}

export function judgeTrack(track: Track, options: FaqOptions = {}): JudgedTrack {
  const engine = createFaqEngine(track.kb, options);
  const devEngine = track.devKb ? createFaqEngine(track.devKb, options) : engine;
  const j = (e: FaqEngine, s: { inScope: Query[]; oos: Query[] }) => ({
    inScope: judge(e, s.inScope),
    oos: judge(e, s.oos),
  });
  return { track, engine, dev: j(devEngine, track.dev), test: j(engine, track.test) };
}

const phrasingsPerEntry = (kb: KnowledgeBase) =>
  kb.entries.reduce((n, e) => n + 1 + e.alternatives.length, 0) / kb.entries.length;

/** One markdown table row per track: the figures of EVALUATION.md with every set size. */
export function figuresTable(
  rows: ReadonlyArray<{ track: Track; p: PairResult; r: RankingResult }>,
): string[] {
  const pct = (x: number, n: number) => (n ? f3(x / n) : '—');
  return [
    '| track | KB entries (phrasings/entry) | in-scope n | hit@1, refusal = miss | answered correctly | answered wrongly | refused (of which "outside") | ranking hit@1 | off-topic n | off-topic refused |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(({ track, p, r }) => {
      const i = p.inScope;
      const o = p.outOfScope;
      return `| ${track.name} | ${track.kb.entries.length} (${phrasingsPerEntry(track.kb).toFixed(1)}) | ${i.n} | ${pct(i.hit1, i.n)} | ${pct(i.answeredCorrect, i.n)} | ${pct(i.answeredWrong, i.n)} | ${pct(i.refused, i.n)} (${pct(i.calledOutOfScope, i.n)}) | ${f3(r.hit1)} | ${o.n} | ${pct(o.refused, o.n)} |`;
    }),
  ];
}

export interface FaqTrackReport {
  lines: string[];
  devThresholds: FaqThresholds;
}

/**
 * Everything FAQ: the figures of every track on its test split at the engine's defaults, the
 * tokeniser choice and the threshold sweep on the dev splits.
 */
export function runFaqTracks(options: FaqOptions = {}): FaqTrackReport {
  const lines: string[] = [];
  const judged = faqTracks().map((t) => judgeTrack(t, options));
  lines.push(
    '## FAQ tracks, test split, at the engine defaults (dev splits: Bitext paraphrases 1-10, even lines of our sets, even AFQMC pairs)',
    '',
    ...figuresTable(
      judged.map(({ track, test }) => ({ track, p: pair(test.inScope, test.oos), r: ranking(test.inScope) })),
    ),
    '',
    'dev split sizes: ' +
      judged.map(({ track, dev }) => `${track.name} ${dev.inScope.length}/${dev.oos.length}`).join(', ') +
      ' (in-scope/off-topic)',
  );

  const rows = bitextRows();
  lines.push(
    '',
    '## Bitext as EVALUATION.md defines the tracks (all paraphrases past the shots; ranking only)',
  );
  for (const shots of [0, 5, 10]) {
    const engine = judged.find((j) => j.track.name === `Bitext ${shots}-shot`)!.engine;
    lines.push(`${shots}-shot: ${fmtRanking(ranking(judge(engine, bitextQueries(rows, shots))))}`);
  }

  const zh = demoQueries('zh');
  const tokenisers = (['bigram', 'segmenter'] as const).map((chinese) => {
    const r = ranking(judge(createFaqEngine(demoKb('zh'), { ...options, chinese }), devOf(zh)));
    return `${chinese} ${f3(r.hit1)}`;
  });
  lines.push(
    '',
    `Chinese tokeniser choice on demo zh dev (hit@1, n=${devOf(zh).length}): ${tokenisers.join(', ')}`,
  );

  const devThresholds = sweepThresholds(judged.map((j) => j.dev));
  lines.push(`thresholds the dev sweep picks (every track's dev split): ${JSON.stringify(devThresholds)}`);
  return { lines, devThresholds };
}
