import { stem } from '../text/stem.ts';
import type { WordCorrector } from './analyzer.ts';
import { type BuildSteps, pause, runToEnd } from './build-steps.ts';
import { ENGLISH_STOP_WORDS } from './stop-words.ts';

/**
 * Typo tolerance for Latin words: a word of 5+ letters that the vocabulary does not know is
 * replaced by a known word at edit distance 1 (insert, delete, substitute or swap two neighbours),
 * preferring the most frequent form, but not when two different words are that close (left as
 * typed); failing that, by a word whose stem is one edit from its stem
 * ("reimbvurse" → "reimbursement"), or by two of its words when it is
 * two typed without a space ("editingplatinum"). Uses symmetric-delete tables, so a lookup is a
 * handful of map reads instead of a scan of the vocabulary.
 *
 * @example
 * const correct = createWordCorrector(new Map([['refund', 3]]));
 * correct('refnud'); // 'refund'
 */
export function createWordCorrector(frequencies: ReadonlyMap<string, number>, minLength = 5): WordCorrector {
  return runToEnd(wordCorrectorSteps(frequencies, minLength));
}

/** Vocabulary words read between two steps of a build: 10,000 words took 30-120 ms at once. */
const WORDS_PER_STEP = 512;

/** {@link createWordCorrector} in steps (see build-steps.ts), for an index rebuilt on a live hub. */
export function* wordCorrectorSteps(
  frequencies: ReadonlyMap<string, number>,
  minLength = 5,
): BuildSteps<WordCorrector> {
  const words = yield* oneEditTable(frequencies, minLength - 1);
  // Each stem stands for the most frequent vocabulary word that has it.
  const stemWords = new Map<string, string>();
  const stemFrequencies = new Map<string, number>();
  let n = 0;
  for (const [word, freq] of frequencies) {
    const s = stem(word);
    if (freq > (stemFrequencies.get(s) ?? 0)) {
      stemFrequencies.set(s, freq);
      stemWords.set(s, word);
    }
    if (pause(n++, WORDS_PER_STEP)) yield;
  }
  const stems = yield* oneEditTable(stemFrequencies, minLength);
  const cache = new Map<string, string>();

  return (word) => {
    if (word.length < minLength || frequencies.has(word)) return word;
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const s = stem(word);
    // A form of a word the shop uses ("rents" beside "rent", "backpacks" beside "backpack") is no
    // typo: stemming matches it as typed, where the nearest word by one edit was another ("tents").
    if (stemFrequencies.has(s)) return word;
    const nearStem = stems(s);
    const best = words(word) ?? (nearStem && stemWords.get(nearStem)) ?? joined(word, frequencies);
    // Only corrections are remembered: a word the vocabulary cannot place is most often a name, a
    // street or an e-mail of the shopper's, which must not outlive their erasure in this cache.
    if (best === undefined) return word;
    if (cache.size > 10_000) cache.clear();
    cache.set(word, best);
    return best;
  };
}

/** The most frequent known word one edit from a word, looked up by shared deletes. */
function* oneEditTable(
  frequencies: ReadonlyMap<string, number>,
  minLength: number,
): BuildSteps<(word: string) => string | undefined> {
  const byDelete = new Map<string, string[]>();
  const push = (key: string, word: string) => {
    const list = byDelete.get(key);
    if (!list) byDelete.set(key, [word]);
    else if (!list.includes(word)) list.push(word);
  };
  let n = 0;
  for (const word of frequencies.keys()) {
    if (pause(n++, WORDS_PER_STEP)) yield;
    if (word.length < minLength) continue;
    push(word, word);
    for (const d of deletes(word)) push(d, word);
  }
  return (word) => {
    let best: string | undefined;
    let bestFreq = 0;
    let others = 0;
    for (const key of [word, ...deletes(word)]) {
      for (const candidate of byDelete.get(key) ?? []) {
        const freq = frequencies.get(candidate) ?? 0;
        if (candidate !== best && withinOneEdit(word, candidate)) {
          if (best !== undefined && stem(candidate) !== stem(best)) others++;
          if (freq > bestFreq) {
            best = candidate;
            bestFreq = freq;
          }
        }
      }
    }
    // Two different words one edit away ("slipping": shipping, skipping): a guess by frequency is
    // as likely wrong as right, and a wrong word ranks an unrelated entry first. Left as typed.
    if (others > 0) return undefined;
    return best;
  };
}

/**
 * Two of the shop's own words typed without the space between them ("consumerclaim",
 * "editingplatinum"): both sides at least four letters, so English compounds of short words
 * ("become", "without", "weekend", "today") stay whole.
 */
function joined(word: string, known: ReadonlyMap<string, number>): string | undefined {
  for (let i = 4; i + 4 <= word.length; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    if (known.has(a) && known.has(b) && !ENGLISH_STOP_WORDS.has(a) && !ENGLISH_STOP_WORDS.has(b))
      return `${a} ${b}`;
  }
  return undefined;
}

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Optimal-string-alignment distance ≤ 1 (an adjacent swap counts as one edit). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
