import { normalizeText, splitRuns, startsWithHan } from '../text/normalize.ts';
import { stem } from '../text/stem.ts';
import { type ClassWords, classTexts, DEFAULT_CLASS_WORDS } from './class-words.ts';
import { DEFAULT_COMPOUNDS } from './compound-words.ts';
import type { LongerWordCheck } from './longer-words.ts';
import { questionFrame } from './question-frame.ts';
import { ENGLISH_SHORT_FORMS } from './short-forms.ts';
import { CHINESE_STOP_CHARS, ENGLISH_CONTRACTIONS, ENGLISH_STOP_WORDS } from './stop-words.ts';
import type { SynonymGroups } from './synonyms.ts';

const HAN = /\p{Script=Han}/u;

/**
 * How Chinese runs become terms. `bigram` (character unigrams + bigrams) won over `segmenter`
 * (`Intl.Segmenter('zh', { granularity: 'word' })` words plus their characters) on the dev half of
 * eval/sets/zh-faq-queries.jsonl: ICU's dictionary splits shop words such as 退货 into 退 / 货 and
 * cannot follow typos, while bigrams need no dictionary (see eval/run.ts, "tokeniser").
 */
export type ChineseTokenizer = 'bigram' | 'segmenter';

/** Terms of one text with their weights (term frequency for a document, weight for a query). */
export type TermBag = Map<string, number>;

/** Maps an unknown Latin word to a known one (typo tolerance), or returns it unchanged. */
export type WordCorrector = (word: string) => string;

interface EnglishPhrase {
  tokens: string[];
  concepts: string[];
  /** The phrase as written in the group of concepts[k], for telling groups that share its stems apart. */
  surfaces: string[];
}

/** Particles of English phrasal verbs ("send back") that shoppers write after the object. */
const PARTICLES = new Set(['back']);

/**
 * Whether a verb-and-particle phrase ("send back") starts at stems[i] with up to two words of its
 * object between ("send a toy back", "ship my order back"): merchants write it so.
 */
function particleAfterObject(stems: readonly string[], i: number, tokens: readonly string[]): boolean {
  if (tokens.length !== 2 || !PARTICLES.has(tokens[1]!)) return false;
  for (let gap = 1; gap <= 2; gap++) if (stems[i + 1 + gap] === tokens[1]) return true;
  return false;
}

/** Prefix of concept terms, so a concept never collides with a literal word. */
export const CONCEPT_PREFIX = '~';
/** The concept of "how long" and "when" questions (多久, 什么时候, "how soon"). */
const WHEN = `${CONCEPT_PREFIX}when`;

/** Long digit runs are order, phone or invoice numbers: one shared term, not thousands of rare ones. */
export const ID_TERM = '#id';

/**
 * Turns text into weighted terms: Latin words are stemmed and stop words dropped, Chinese runs become
 * character unigrams and bigrams, and every synonym phrase found adds its concept term.
 *
 * @example
 * const analyzer = createAnalyzer({ synonyms: DEFAULT_SYNONYMS });
 * analyzer.analyze('我要退錢'); // Map { '退' → 1, '钱' → 1, '退钱' → 1, ..., '~退款' → 1 }
 */
export interface Analyzer {
  /**
   * `partOfLongerWord` (a query's analysis, see faq/longer-words.ts) drops a Chinese synonym phrase
   * that is the tail of a longer word of the knowledge base: its concept and its bigram. `asWritten`
   * (a query's analysis too) lets a Latin word that stems like phrases of several groups count only
   * for the groups that list it as the shopper wrote it.
   */
  analyze(text: string, options?: AnalyzeOptions): TermBag;
  /** Lower-cased Latin words as typed (before stemming), for building a typo vocabulary. */
  latinWords(text: string): string[];
  /** Every Latin word the synonym table knows, so a typo can be corrected towards it. */
  readonly synonymWords: ReadonlySet<string>;
  /** Every Chinese synonym phrase, normalised: the spans `partOfLongerWord` is asked about. */
  readonly chinesePhrases: readonly string[];
}

/**
 * Weight of a class's text read beside an instance of it ({@link DEFAULT_CLASS_WORDS}): a word the
 * shopper did not type counts less than one typed. At 0.4 and more, 「新疆包郵嗎」 on the demo shop
 * (whose delivery-time answer also names 偏远地区) went from answered to "did you mean".
 */
const CLASS_WEIGHT = 0.3;

export interface AnalyzeOptions {
  conceptWeight?: number;
  correct?: WordCorrector;
  partOfLongerWord?: LongerWordCheck;
  asWritten?: boolean;
}

export interface AnalyzerOptions {
  synonyms: SynonymGroups;
  chinese?: ChineseTokenizer;
  /** Instances read with their class's text beside them (default {@link DEFAULT_CLASS_WORDS}). */
  classWords?: ClassWords;
}

export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  // Long on purpose: the phrase tables are compiled once here and the returned closures share them.
  const chinese = options.chinese ?? 'bigram';
  const classWords = options.classWords ?? DEFAULT_CLASS_WORDS;
  const englishPhrases = new Map<string, EnglishPhrase[]>();
  const chinesePhrases = new Map<string, Array<{ phrase: string; concepts: string[] }>>();
  const synonymWords = new Set<string>();

  for (const [concept, phrases] of options.synonyms) {
    const term = CONCEPT_PREFIX + concept;
    for (const raw of phrases) {
      const phrase = normalizeText(raw);
      if (!phrase) continue;
      if (HAN.test(phrase)) {
        const first = phrase[0]!;
        const list = chinesePhrases.get(first) ?? [];
        const found = list.find((p) => p.phrase === phrase);
        if (found) found.concepts.push(term);
        else list.push({ phrase, concepts: [term] });
        chinesePhrases.set(first, list);
      } else {
        const words = phrase.split(' ');
        for (const w of words) synonymWords.add(w);
        const tokens = words.map(stem);
        const list = englishPhrases.get(tokens[0]!) ?? [];
        const found = list.find((p) => p.tokens.join(' ') === tokens.join(' '));
        if (found) {
          found.concepts.push(term);
          found.surfaces.push(phrase);
        } else list.push({ tokens, concepts: [term], surfaces: [phrase] });
        englishPhrases.set(tokens[0]!, list);
      }
    }
  }

  const compounds = new Map<string, string[][]>();
  for (const raw of DEFAULT_COMPOUNDS) {
    const tokens = normalizeText(raw).split(' ').map(stem);
    compounds.set(tokens[0]!, [...(compounds.get(tokens[0]!) ?? []), tokens]);
  }

  const segmenter = chinese === 'segmenter' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;

  function addChinese(run: string, bag: TermBag, weight = 1): void {
    const chars = [...run];
    const frame = questionFrame(chars);
    chars.forEach((ch, k) => {
      if (!CHINESE_STOP_CHARS.has(ch) && !frame.has(k)) add(bag, ch, weight);
    });
    if (segmenter) {
      for (const { segment } of segmenter.segment(run)) {
        if (segment.length > 1 && ![...segment].every((c) => CHINESE_STOP_CHARS.has(c)))
          add(bag, segment, weight);
      }
      return;
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      const a = chars[i]!;
      const b = chars[i + 1]!;
      if (frame.has(i) || frame.has(i + 1)) continue;
      if (!(CHINESE_STOP_CHARS.has(a) && CHINESE_STOP_CHARS.has(b))) add(bag, a + b, weight);
    }
  }

  function addChineseConcepts(
    normalized: string,
    bag: TermBag,
    weight: number,
    longer?: LongerWordCheck,
  ): void {
    const dropped = new Set<number>();
    for (let i = 0; i < normalized.length; i++) {
      const list = chinesePhrases.get(normalized[i]!);
      if (!list) continue;
      for (const { phrase, concepts } of list) {
        if (!normalized.startsWith(phrase, i)) continue;
        if (
          longer &&
          !nextToPhrase(normalized, i, phrase.length) &&
          longer(normalized, i, i + phrase.length)
        ) {
          // A two-character phrase is also a bigram of the run, one that straddles the word boundary.
          if (phrase.length === 2) {
            const rest = (bag.get(phrase) ?? 0) - 1;
            if (rest > 0) bag.set(phrase, rest);
            else bag.delete(phrase);
          }
          continue;
        }
        for (const c of concepts) add(bag, c, weight);
        if (phrase.length >= 3 && concepts.includes(WHEN))
          dropCharacters(bag, normalized, i, phrase.length, dropped);
      }
    }
  }

  /**
   * The characters of a "when" phrase of three or more (什么时候, 多长时间, 几个小时) are its concept, not
   * topic words: an entry that says 什么时候 shared 时 and 候 with every question that does, beside the
   * `when` that an entry saying 多久 shares. Its bigrams stay (时候, 时间): dropping them too cost dev
   * answers at the defaults (docs/evaluation-log.md, 13th outside pass).
   */
  function dropCharacters(
    bag: TermBag,
    text: string,
    start: number,
    length: number,
    dropped: Set<number>,
  ): void {
    for (let k = start; k < start + length; k++) {
      const ch = text[k]!;
      const count = bag.get(ch);
      if (CHINESE_STOP_CHARS.has(ch) || !count || dropped.has(k)) continue;
      dropped.add(k);
      if (count > 1) bag.set(ch, count - 1);
      else bag.delete(ch);
    }
  }

  /**
   * The phrase at i, one character longer on either side, is itself a synonym phrase: the table
   * already says which reading wins there (keeping only the longest of nested phrases was measured
   * and cost demo zh dev hit@1, docs/evaluation-log.md).
   */
  function nextToPhrase(text: string, i: number, length: number): boolean {
    const isPhrase = (s: string) => chinesePhrases.get(s[0]!)?.some((p) => p.phrase === s) ?? false;
    return (i > 0 && isPhrase(text.slice(i - 1, i + length))) || isPhrase(text.slice(i, i + length + 1));
  }

  function addEnglishConcepts(stems: string[], words: string[] | null, bag: TermBag, weight: number): void {
    const inCompound = compoundEnds(stems);
    for (let i = 0; i < stems.length; i++) {
      const list = englishPhrases.get(stems[i]!);
      if (!list) continue;
      for (const { tokens, concepts, surfaces } of list) {
        let ok = i + tokens.length <= stems.length;
        for (let j = 1; ok && j < tokens.length; j++) ok = stems[i + j] === tokens[j];
        if (!ok && !particleAfterObject(stems, i, tokens)) continue;
        if (ok && inCompound(i, i + tokens.length)) continue;
        const written =
          ok && words && sameAsWritten(concepts, surfaces, words.slice(i, i + tokens.length).join(' '));
        for (const c of concepts) if (!written || written.has(c)) add(bag, c, weight);
      }
    }
  }

  /** Whether the span [from, to) lies inside a compound of `stems`, after its first word (the modifier keeps its concept). */
  function compoundEnds(stems: string[]): (from: number, to: number) => boolean {
    const spans: Array<[number, number]> = [];
    for (let i = 0; i < stems.length; i++)
      for (const tokens of compounds.get(stems[i]!) ?? [])
        if (tokens.every((t, j) => stems[i + j] === t)) spans.push([i, i + tokens.length]);
    return (from, to) => spans.some(([a, b]) => a < from && to <= b);
  }

  return {
    synonymWords,
    chinesePhrases: [...chinesePhrases.values()].flatMap((list) => list.map((p) => p.phrase)),
    latinWords(text) {
      return splitRuns(normalizeText(text)).filter((run) => !startsWithHan(run));
    },
    analyze(text, opts = {}) {
      const conceptWeight = opts.conceptWeight ?? 1;
      const normalized = normalizeText(text);
      const bag: TermBag = new Map();
      // Stems of consecutive Latin words (stop words included) so phrases like "sign up" match.
      let stems: string[] = [];
      let words: string[] = [];
      const flush = () => {
        if (stems.length) addEnglishConcepts(stems, opts.asWritten ? words : null, bag, conceptWeight);
        stems = [];
        words = [];
      };
      for (const run of splitRuns(normalized)) {
        if (startsWithHan(run)) {
          flush();
          addChinese(run, bag);
          continue;
        }
        if (/^\d{5,}$/.test(run)) {
          flush();
          add(bag, ID_TERM, 1);
          continue;
        }
        for (const part of ENGLISH_CONTRACTIONS.get(run) ?? ENGLISH_SHORT_FORMS.get(run) ?? [run]) {
          // A correction may split a word typed without its space ("editingplatinum").
          const fixed = opts.correct && part.length >= 5 ? opts.correct(part) : part;
          for (const word of fixed.split(' ')) {
            const s = stem(word);
            stems.push(s);
            words.push(word);
            if (!ENGLISH_STOP_WORDS.has(word) && !ENGLISH_STOP_WORDS.has(s)) add(bag, s, 1);
          }
        }
      }
      flush();
      addChineseConcepts(normalized, bag, conceptWeight, opts.partOfLongerWord);
      for (const written of classTexts(normalized, classWords)) {
        addChinese(written, bag, CLASS_WEIGHT);
        addChineseConcepts(written, bag, conceptWeight * CLASS_WEIGHT);
      }
      return bag;
    },
  };
}

/**
 * Of groups whose phrases share stems, the ones that write the phrase as the shopper did: stemming
 * makes "install" and "installment" one word, so "how do I install" also read as paying in
 * instalments; the group that lists "install" itself is the one meant. Undefined when the stems
 * belong to one group only or no group writes the phrase so (then every group counts).
 */
function sameAsWritten(concepts: string[], surfaces: string[], written: string): Set<string> | undefined {
  const distinct = new Set(concepts);
  if (distinct.size < 2) return undefined;
  const same = new Set<string>();
  surfaces.forEach((s, k) => {
    if (s === written) same.add(concepts[k]!);
  });
  return same.size > 0 ? same : undefined;
}

function add(bag: TermBag, term: string, weight: number): void {
  bag.set(term, (bag.get(term) ?? 0) + weight);
}
