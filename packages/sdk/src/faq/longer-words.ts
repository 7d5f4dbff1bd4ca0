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
  built?: LongerWordPairs,
): LongerWordCheck {
  let read = built;
  // Built on the first Chinese question (an English knowledge base never pays for it), or by a
  // reload in turns of the event loop once one was asked (longerWordPairsSteps).
  const kb = () => {
    read ??= runToEnd(longerWordPairsSteps(kbTexts()));
    return read;
  };
  const pairKey = (s: string, at: number) => s.charCodeAt(at) * 0x10000 + s.charCodeAt(at + 1);
  const pairCount = (kbPairs: Map<number, number>, s: string, at: number) => kbPairs.get(pairKey(s, at)) ?? 0;
  // Where each pair asked about occurs (text, offset, text, offset, …), found on its first ask: a
  // scan of the whole knowledge base per check was a millisecond of a Chinese question's time on
  // 10,000 entries, while a pair occurs a few hundred times at most.
  const places = new Map<number, Int32Array>();
  const placesOf = (kbTexts: readonly string[], s: string, key: number, count: number) => {
    let found = places.get(key);
    if (found) return found;
    found = new Int32Array(2 * count);
    const pair = s.slice(0, 2);
    let n = 0;
    for (let t = 0; t < kbTexts.length; t++) {
      const text = kbTexts[t]!;
      for (let i = text.indexOf(pair); i >= 0 && n < found.length; i = text.indexOf(pair, i + 1)) {
        found[n++] = t;
        found[n++] = i;
      }
    }
    places.set(key, found);
    return found;
  };
  /** Occurrences of `s` in the knowledge base: each one starts with its first pair, which occurs `count` times. */
  const occurrences = (kbTexts: readonly string[], s: string, key: number, count: number) => {
    const at = placesOf(kbTexts, s, key, count);
    let n = 0;
    for (let i = 0; i < at.length; i += 2) if (kbTexts[at[i]!]!.startsWith(s, at[i + 1]!)) n++;
    return n;
  };
  return (query, start, end) => {
    const before = query[start - 1];
    if (!before || !HAN.test(before)) return false;
    const { texts: kbTexts, pairs: kbPairs } = kb();
    const pair = pairCount(kbPairs, query, start - 1);
    if (pair === 0) return false;
    const prev = query[start - 2];
    if (prev && HAN.test(prev) && pairCount(kbPairs, query, start - 2) >= pair) return false;
    const longer = occurrences(kbTexts, before + query.slice(start, end), pairKey(query, start - 1), pair);
    return longer > 0 && longer < pair;
  };
}

/** The knowledge base's texts, and how often each pair of code units starting with a Han character occurs in them. */
export interface LongerWordPairs {
  texts: readonly string[];
  pairs: Map<number, number>;
}

const TEXTS_PER_STEP = 256;

/** What {@link createLongerWordCheck} reads, in steps (see build-steps.ts). */
export function* longerWordPairsSteps(texts: readonly string[]): BuildSteps<LongerWordPairs> {
  const pairs = new Map<number, number>();
  // Code units, not code points: a pair that starts with half a surrogate pair never matches a
  // query's pair. Numbers, not two-character strings: this runs over a whole knowledge base
  // after every edit (a third of the time on a 10-million-character one).
  for (let t = 0; t < texts.length; t++) {
    const text = texts[t]!;
    for (let i = 0; i + 1 < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x3400) continue;
      const pair = c * 0x10000 + text.charCodeAt(i + 1);
      pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
    }
    if (pause(t, TEXTS_PER_STEP)) yield;
  }
  return { texts, pairs };
}

/**
 * An entry's text as {@link createLongerWordCheck} reads it, normalised as queries are. Kept with
 * the entry's analysis: normalising all of a knowledge base again after each edit was two thirds
 * of the first Chinese question's wait after it (0.8–1.2 s on a 10-million-character base).
 */
export const longerWordText = (entry: KnowledgeBaseEntry): string =>
  normalizeText([entry.question, ...entry.alternatives, entry.answer].join('\n'));
