import { normalizeText, startsWithHan } from '../text/normalize.ts';
import { matchText } from '../understand/lexicon-matcher.ts';
import type { Analyzer, TermBag } from './analyzer.ts';
import { answerText } from './answer-text.ts';
import {
  type Bm25Index,
  bm25IndexSteps,
  createTermDictionary,
  type TermDictionary,
  type TermRun,
  termRun,
} from './bm25-index.ts';
import { type BuildSteps, pause, runToEnd } from './build-steps.ts';
import {
  alternatesLanguages,
  entryLanguages,
  entryWrittenLanguage,
  type WrittenLanguage,
} from './entry-language.ts';
import { type EntryLikelihood, entryLikelihoodSteps } from './entry-likelihood.ts';
import { entryScript, rememberFileLocale } from './entry-script.ts';
import type { KnowledgeBase, KnowledgeBaseEntry } from './knowledge-base.ts';
import {
  createLongerWordCheck,
  type LongerWordCheck,
  type LongerWordPairs,
  longerWordPairsSteps,
  longerWordText,
} from './longer-words.ts';
import { cueSignals, elsewhereTopics } from './query-cues.ts';
import { wordCorrectorSteps } from './typo.ts';

/** An entry's scope as sets, for the per-query scope check (null: the entry applies everywhere). */
export interface ScopeSets {
  products: Set<string> | null;
  categories: Set<string> | null;
}

/** The engine options that shape the index; `FaqOptions` documents each one. */
export interface IndexOptions {
  bm25?: { k1?: number; b?: number };
  answerWeight?: number;
  chineseAnswerWeight?: number;
  typoTolerance?: boolean;
}

/**
 * Everything a query is matched against, built once per knowledge base. The engine swaps a whole
 * index on reload, so a query never sees half of an old knowledge base and half of a new one.
 */
export interface FaqIndex {
  entries: KnowledgeBaseEntry[];
  byId: Map<string, number>;
  scoped: Array<ScopeSets | null>;
  entryIndex: Bm25Index;
  phraseIndex: Bm25Index;
  phraseOwner: Int32Array;
  /** Each entry's phrasings as one term model, for the ranking's whole-entry order. */
  likelihood: EntryLikelihood;
  correct: (word: string) => string;
  /** Terms of each phrasing (question and alternatives), for the entry-side coverage signal. */
  phraseTerms: string[][];
  /** Phrasings of entry e are phraseTerms[phraseStart[e] .. phraseStart[e + 1]). */
  phraseStart: Int32Array;
  /**
   * Each entry's answer terms (its Latin and its Han field, as numbers of `analysed.terms`), for the
   * answer-lead signal: the same runs the entry index was built from, so they cost no memory more.
   */
  answerRuns: TermRun[][];
  /**
   * How strongly each entry's own phrasings ask for a person or complain (0..1): a knowledge base
   * with an entry for "talk to an agent" answers such questions, so for that entry those cue words
   * are not evidence that the question is for a person instead.
   */
  entryChatCues: Float32Array;
  /** The other-world topics the knowledge base touches itself (questions, alternatives, answers). */
  shopTopics: Set<string>;
  /**
   * Per entry: 0, or its own script ({@link SCRIPT_CODE}) when the knowledge base also has its
   * question in the other script. Only the twin in the shopper's script is ranked: both would
   * tie, and a tie reads as doubt ("did you mean" one question twice).
   */
  twinScript: Uint8Array;
  /** Per entry: the languages it is written in, as bits ({@link entryLanguages}), for {@link inShoppersLanguage}. */
  language: Uint8Array;
  /** Whether a synonym phrase of a query is part of a longer word the knowledge base uses. */
  partOfLongerWord: LongerWordCheck;
  /** A query's scratch (JS runs one match at a time): all zero between queries. */
  entryScores: Float64Array;
  phraseScores: Float64Array;
  bestPhrase: Float64Array;
  /** A query's scratch: the entries and phrasings it scored, the only ones it has to look at. */
  touchedEntries: Int32Array;
  touchedPhrases: Int32Array;
  /** Each entry's analysed text by its wording, and the terms' numbers, for the engine's next build to reuse. */
  analysed: AnalysisCache;
}

/** What a build hands the next one: the entries' analyses by wording, and the numbers they use. */
export interface AnalysisCache {
  byWording: Map<string, EntryAnalysis>;
  terms: TermDictionary;
  /**
   * A Chinese question has read the longer-word check: the next build makes it in its steps, or
   * the first Chinese question after an edit of 10,000 entries held the event loop 40-110 ms.
   */
  longerWords?: boolean;
}

/**
 * What the index takes from one entry's wording. A reload re-analyses only the entries whose
 * wording changed: editing one entry of a 10,000-entry knowledge base (back office, file watch)
 * analysed all of them again and held the hub's event loop for seconds.
 */
interface EntryAnalysis {
  /** The entry's document fields: its phrasings merged, the answer's Latin terms, its Han terms. */
  fields: TermRun[];
  phrasings: TermRun[];
  phrasingTerms: string[][];
  chatCues: number;
  topics: string[];
  latinWords: string[];
  /** The question normalised, which entries in both scripts share (see twinScripts). */
  questionKey: string;
  /**
   * What the question and answer are written in: kept with the wording, since detecting it for
   * every entry again took 10-16 ms of the event loop in one step of each reload of 10,000.
   */
  written: WrittenLanguage;
  /** The languages its alternates are written in, as bits (see entryLanguages). */
  alternates: number;
  /** The whole entry normalised for the longer-word check, once a Chinese question needs it. */
  longerWordText?: string;
}

const wordingOf = (entry: KnowledgeBaseEntry) =>
  [entry.question, ...entry.alternatives, entry.answer].join('\u0000');

/**
 * Indexes a knowledge base twice: once per entry (all phrasings merged, plus the answer at a lower
 * weight) and once per phrasing, and learns the shop's Latin vocabulary for typo correction.
 */
export function buildFaqIndex(
  kb: KnowledgeBase,
  analyzer: Analyzer,
  options: IndexOptions,
  previous?: AnalysisCache,
): FaqIndex {
  return runToEnd(faqIndexSteps(kb, analyzer, options, previous));
}

/** Entries read between two steps of a build: an entry not analysed before takes up to a millisecond. */
const ENTRIES_PER_STEP = 64;

/** {@link buildFaqIndex} in steps (see build-steps.ts): what an edit on a live hub runs. */
export function* faqIndexSteps(
  kb: KnowledgeBase,
  analyzer: Analyzer,
  options: IndexOptions,
  previous?: AnalysisCache,
): BuildSteps<FaqIndex> {
  const params = { k1: options.bm25?.k1 ?? 1.2, b: options.bm25?.b ?? 0.75 };
  const answerWeight = options.answerWeight ?? 0.3;
  const chineseAnswerWeight = options.chineseAnswerWeight ?? 0.6;
  const entries = kb.entries;
  const entryDocs: TermRun[][] = [];
  const phraseDocs: TermRun[][] = [];
  const owners: number[] = [];
  const phraseTerms: string[][] = [];
  const frequencies = new Map<string, number>();
  for (const word of analyzer.synonymWords) frequencies.set(word, 1);
  const starts: number[] = [];
  const questionKeys: string[] = [];
  const entryChatCues = new Float32Array(entries.length);
  const shopTopics = new Set<string>();
  const terms = previous?.terms ?? createTermDictionary();
  const analysed = new Map<string, EntryAnalysis>();
  const analyses: EntryAnalysis[] = [];
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
    const wording = wordingOf(entry);
    const a =
      analysed.get(wording) ?? previous?.byWording.get(wording) ?? analyseEntry(entry, analyzer, terms);
    analysed.set(wording, a);
    analyses.push(a);
    questionKeys.push(a.questionKey);
    starts.push(owners.length);
    a.phrasings.forEach((bag, p) => {
      phraseDocs.push([bag]);
      phraseTerms.push(a.phrasingTerms[p]!);
      owners.push(e);
    });
    entryDocs.push(a.fields);
    entryChatCues[e] = a.chatCues;
    for (const topic of a.topics) shopTopics.add(topic);
    for (const w of a.latinWords) frequencies.set(w, (frequencies.get(w) ?? 0) + 1);
    if (pause(e, ENTRIES_PER_STEP)) yield;
  }
  starts.push(owners.length);
  const entryIndex = yield* bm25IndexSteps(
    entryDocs,
    terms.terms,
    [1, answerWeight, chineseAnswerWeight],
    params,
  );
  const phraseIndex = yield* bm25IndexSteps(phraseDocs, terms.terms, [1], params);
  const phraseStart = Int32Array.from(starts);
  const likelihood = yield* entryLikelihoodSteps(
    phraseDocs.map(([run]) => run!),
    phraseStart,
    terms.ids,
    terms.terms.length,
  );
  const twinScript = twinScripts(entries, questionKeys, kb.locale);
  yield;
  const language = entryLanguages(
    entries,
    kb.locale,
    (e) => analyses[e]!.written,
    (e) => analyses[e]!.alternates,
  );
  yield;
  const correct = options.typoTolerance === false ? (w: string) => w : yield* wordCorrectorSteps(frequencies);
  yield;
  const cache: AnalysisCache = { byWording: analysed, terms };
  const textOf = (e: number): string => (analyses[e]!.longerWordText ??= longerWordText(entries[e]!));
  let longerWords: LongerWordPairs | undefined;
  if (previous?.longerWords) {
    const texts: string[] = [];
    for (let e = 0; e < analyses.length; e++) {
      texts.push(textOf(e));
      if (pause(e, ENTRIES_PER_STEP)) yield;
    }
    longerWords = yield* longerWordPairsSteps(texts, analyzer.chinesePhrases);
    cache.longerWords = true;
  }

  return {
    entries,
    byId: new Map(entries.map((entry, i) => [entry.id, i])),
    scoped: entries.map(({ scope }) =>
      scope?.productIds?.length || scope?.categories?.length
        ? {
            products: scope.productIds?.length ? new Set(scope.productIds) : null,
            categories: scope.categories?.length ? new Set(scope.categories) : null,
          }
        : null,
    ),
    entryIndex,
    phraseIndex,
    phraseOwner: Int32Array.from(owners),
    likelihood,
    phraseTerms,
    phraseStart,
    answerRuns: analyses.map((a) => a.fields.slice(1)),
    entryChatCues,
    shopTopics,
    twinScript,
    language,
    correct,
    partOfLongerWord: createLongerWordCheck(
      () => {
        cache.longerWords = true;
        return analyses.map((_, e) => textOf(e));
      },
      analyzer.chinesePhrases,
      longerWords,
    ),
    entryScores: new Float64Array(entries.length),
    phraseScores: new Float64Array(phraseDocs.length),
    bestPhrase: new Float64Array(entries.length),
    touchedEntries: new Int32Array(entries.length),
    touchedPhrases: new Int32Array(phraseDocs.length),
    analysed: cache,
  };
}

/** How {@link FaqIndex.twinScript} writes a script. */
export const SCRIPT_CODE = { Hans: 1, Hant: 2 } as const;

/** Entries asking the same question (the same text once folded to Simplified) in both scripts. */
function twinScripts(
  entries: KnowledgeBaseEntry[],
  questionKeys: readonly string[],
  kbLocale: string | undefined,
): Uint8Array {
  const twins = new Uint8Array(entries.length);
  rememberFileLocale(entries, kbLocale);
  const byQuestion = new Map<string, number[]>();
  entries.forEach((_, e) => {
    // Normalised once per wording, with the rest of the entry's analysis: a reload after a
    // one-entry edit normalised all 10,000 questions again.
    const key = questionKeys[e]!;
    const group = byQuestion.get(key);
    if (group) group.push(e);
    else byQuestion.set(key, [e]);
  });
  // Only a shared question needs its entries' scripts: reading every answer's characters took
  // ~40 ms of a 10,000-entry build for the few pairs a knowledge base has.
  for (const group of byQuestion.values()) {
    if (group.length < 2) continue;
    const codes = group.map((e) => {
      const script = entryScript(entries[e]!, kbLocale);
      return script ? SCRIPT_CODE[script] : 0;
    });
    if (!codes.includes(SCRIPT_CODE.Hans) || !codes.includes(SCRIPT_CODE.Hant)) continue;
    group.forEach((e, i) => {
      twins[e] = codes[i]!;
    });
  }
  return twins;
}

function analyseEntry(entry: KnowledgeBaseEntry, analyzer: Analyzer, terms: TermDictionary): EntryAnalysis {
  const topics = new Set<string>();
  const latinWords: string[] = [];
  let chatCues = 0;
  const merged: TermBag = new Map();
  const phrasings: TermBag[] = [];
  for (const phrasing of [entry.question, ...entry.alternatives]) {
    latinWords.push(...analyzer.latinWords(phrasing));
    const text = matchText(phrasing);
    for (const topic of elsewhereTopics(text)) topics.add(topic);
    chatCues = Math.max(chatCues, cueSignals(text).chatCues);
    const bag = analyzer.analyze(phrasing);
    for (const [t, tf] of bag) merged.set(t, (merged.get(t) ?? 0) + tf);
    phrasings.push(bag);
  }
  const answerWords = answerText(entry.answer);
  latinWords.push(...analyzer.latinWords(answerWords));
  for (const topic of elsewhereTopics(answerWords)) topics.add(topic);
  // An answer's Chinese character n-grams are its own topic words far more often than its Latin
  // words are, so they count for more (a field of their own, with its own weight).
  const answer = analyzer.analyze(answerWords);
  const han: TermBag = new Map();
  for (const [t, tf] of answer) {
    if (startsWithHan(t)) {
      han.set(t, tf);
      answer.delete(t);
    }
  }
  const phrasingTerms = phrasings.map((bag) => [...bag.keys()]);
  return {
    fields: [merged, answer, han].map((bag) => termRun(bag, terms)),
    phrasings: phrasings.map((bag) => termRun(bag, terms)),
    phrasingTerms,
    chatCues,
    topics: [...topics],
    latinWords,
    questionKey: normalizeText(entry.question),
    written: entryWrittenLanguage(entry),
    alternates: alternatesLanguages(entry),
  };
}
