import { normalizeText } from '../text/normalize.ts';
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
export function createLongerWordCheck(entries: readonly KnowledgeBaseEntry[]): LongerWordCheck {
  let text: string | undefined;
  let pairs: Map<string, number> | undefined;
  // Built on the first Chinese question: an English knowledge base never pays for it.
  const kb = () => {
    if (text === undefined) {
      text = entries
        .map((e) => normalizeText([e.question, ...e.alternatives, e.answer].join('\n')))
        .join('\n');
      pairs = new Map();
      // Code units, not code points: a pair that starts with half a surrogate pair never matches a
      // query's pair, and this runs over a whole knowledge base.
      for (let i = 0; i + 1 < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x3400) continue;
        const pair = text.slice(i, i + 2);
        pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
      }
    }
    return { text, pairs: pairs! };
  };
  /** Occurrences of `s` in the knowledge base, counting no further than `limit`. */
  const countUpTo = (kbText: string, s: string, limit: number) => {
    let n = 0;
    for (let i = kbText.indexOf(s); i >= 0 && n < limit; i = kbText.indexOf(s, i + 1)) n++;
    return n;
  };
  return (query, start, end) => {
    const before = query[start - 1];
    if (!before || !HAN.test(before)) return false;
    const { text: kbText, pairs: kbPairs } = kb();
    const pair = kbPairs.get(before + query[start]!) ?? 0;
    if (pair === 0) return false;
    const prev = query[start - 2];
    if (prev && HAN.test(prev) && (kbPairs.get(prev + before) ?? 0) >= pair) return false;
    const longer = countUpTo(kbText, before + query.slice(start, end), pair);
    return longer > 0 && longer < pair;
  };
}
