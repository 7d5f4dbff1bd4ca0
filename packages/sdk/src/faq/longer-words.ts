import { normalizeText } from '../text/normalize.ts';
import { type BuildSteps, pause, runToEnd } from './build-steps.ts';
import type { KnowledgeBaseEntry } from './knowledge-base.ts';

/**
 * Tells whether the Chinese synonym phrase at [start, end) of a normalised query is the tail of a
 * longer word of the knowledge base, so neither its concept nor its character bigram is one of the
 * query's words: 运费 (shipping cost) in 搬运费 (the fee for carrying goods upstairs) when the knowledge
 * base writes 搬运费 and also 搬运 alone ("免费搬运上楼").
 */
export type LongerWordCheck = (text: string, start: number, end: number) => boolean;

const HAN = /\p{Script=Han}/u;

/**
 * The phrase at `start` is part of a longer word when, with the character before it (c): the
 * knowledge base writes c + phrase, it also writes c with the phrase's first character without the
 * rest (so that pair is a word of its own there: 搬运 beside 搬运费), and c is not bound more
 * tightly to the character before it (我要 in 我要退货 is the shop's pair, not 要退). Read from the
 * knowledge base only: a shop that never writes 搬运费 keeps every 运费 a shipping cost.
 */
export function createLongerWordCheck(
  kbTexts: () => readonly string[],
  phrases: readonly string[],
  built?: LongerWordPairs,
): LongerWordCheck {
  let read = built;
  // Built on the first Chinese question (an English knowledge base never pays for it), or by a
  // reload in turns of the event loop once one was asked (longerWordPairsSteps).
  const kb = () => {
    read ??= runToEnd(longerWordPairsSteps(kbTexts(), phrases));
    return read;
  };
  const phraseIds = new Map(phrases.map((p, id) => [p, id]));
  const pairCount = (kbPairs: Map<number, number>, s: string, at: number) =>
    kbPairs.get(s.charCodeAt(at) * 0x10000 + s.charCodeAt(at + 1)) ?? 0;
  /** Occurrences of `s` in the knowledge base; only a span that is none of `phrases` reads its texts. */
  const occurrences = ({ texts, phrasesAfter }: LongerWordPairs, before: string, phrase: string) => {
    const id = phraseIds.get(phrase);
    if (id !== undefined) return phrasesAfter.get(id * 0x10000 + before.charCodeAt(0)) ?? 0;
    const s = before + phrase;
    let n = 0;
    for (const text of texts) for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) n++;
    return n;
  };
  return (query, start, end) => {
    const before = query[start - 1];
    if (!before || !HAN.test(before)) return false;
    const counts = kb();
    const pair = pairCount(counts.pairs, query, start - 1);
    if (pair === 0) return false;
    const prev = query[start - 2];
    if (prev && HAN.test(prev) && pairCount(counts.pairs, query, start - 2) >= pair) return false;
    const longer = occurrences(counts, before, query.slice(start, end));
    return longer > 0 && longer < pair;
  };
}

/** What {@link createLongerWordCheck} reads of a knowledge base. */
export interface LongerWordPairs {
  texts: readonly string[];
  /** How often each pair of code units starting with a Han character occurs in the texts. */
  pairs: Map<number, number>;
  /**
   * How often each phrase (its number in the check's list × 0x10000) follows each such character
   * (its code). Counted here with the pairs: finding a pair's places by scanning every text on its
   * first ask was a millisecond of a Chinese question (the match p99 on 10,000 entries), and
   * recording every pair's places would cost 4 B per character of the knowledge base.
   */
  phrasesAfter: Map<number, number>;
}

const TEXTS_PER_STEP = 256;

/** What {@link createLongerWordCheck} reads, in steps (see build-steps.ts). */
export function* longerWordPairsSteps(
  texts: readonly string[],
  phrases: readonly string[],
): BuildSteps<LongerWordPairs> {
  const pairs = new Map<number, number>();
  const phrasesAfter = new Map<number, number>();
  // Phrase numbers by their first code unit (a list's place + 1; 0: none starts with it): an array
  // read, not a map's lookup, at each character of the whole knowledge base.
  const lists: number[][] = [];
  const listOf = new Uint16Array(0x10000);
  phrases.forEach((p, id) => {
    const first = p.charCodeAt(0);
    if (listOf[first] === 0) listOf[first] = lists.push([]);
    lists[listOf[first]! - 1]!.push(id);
  });
  // Code units, not code points: a pair that starts with half a surrogate pair never matches a
  // query's pair. Numbers, not two-character strings: this runs over a whole knowledge base
  // after every edit (a third of the time on a 10-million-character one).
  for (let t = 0; t < texts.length; t++) {
    const text = texts[t]!;
    for (let i = 0; i + 1 < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x3400) continue;
      const next = text.charCodeAt(i + 1);
      const pair = c * 0x10000 + next;
      pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
      const list = listOf[next]!;
      if (list === 0) continue;
      for (const id of lists[list - 1]!) {
        if (!text.startsWith(phrases[id]!, i + 1)) continue;
        const key = id * 0x10000 + c;
        phrasesAfter.set(key, (phrasesAfter.get(key) ?? 0) + 1);
      }
    }
    if (pause(t, TEXTS_PER_STEP)) yield;
  }
  return { texts, pairs, phrasesAfter };
}

/**
 * An entry's text as {@link createLongerWordCheck} reads it, normalised as queries are. Kept with
 * the entry's analysis: normalising all of a knowledge base again after each edit was two thirds
 * of the first Chinese question's wait after it (0.8–1.2 s on a 10-million-character base).
 */
export const longerWordText = (entry: KnowledgeBaseEntry): string =>
  normalizeText([entry.question, ...entry.alternatives, entry.answer].join('\n'));
