/**
 * Traditional → Simplified folding for search, with OpenCC's dictionaries (opencc-js): shoppers in
 * Taiwan, Hong Kong and overseas type Traditional characters, and a knowledge base is usually
 * written in Simplified ones (or the reverse), so both sides of a match are folded to Simplified.
 *
 * It replaced a hand-written table of 816 characters (2026-12-05). OpenCC folds about 3,500, with
 * Taiwan's and Hong Kong's variants (綫 → 线, 裏 → 里) and phrases where a character alone is
 * ambiguous (傢俱 → 家具, 乾隆 keeps 乾, 著名 keeps 著 while 穿著 → 穿着); character by character
 * it agrees with the table but for three spellings that are not a script (below). Measured on the
 * change, on a machine at load 10: `eval/dev-report.ts` the same on every track but one figure
 * (AFQMC off-topic refused 0.949 → 0.960 at the dev sweep; its queries are Simplified but for seven
 * Traditional ones the table covered); folding a bench query 0.5 µs either way, a knowledge-base
 * text about 3 µs against 1–2 µs (+40–80 ms on the 50,000 texts of the 10,000-entry bench); the
 * bench's match latency (per-query minimum of 7, p99) 711–713 µs with the table, 689–997 µs with
 * OpenCC, run by run, the noise of that load. The widget does not import this module.
 */
import { ConverterFactory, type ConverterFunction } from 'opencc-js/core';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import HKVariantsRevPhrases from 'opencc-js/dict/HKVariantsRevPhrases';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TSPhrases from 'opencc-js/dict/TSPhrases';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import TWVariantsRevPhrases from 'opencc-js/dict/TWVariantsRevPhrases';

/**
 * Spellings that are not a script difference, so not OpenCC's, and mean the same to a search:
 * 妳 (Taiwan's "you" to a woman: 妳好), 揹 (carry on the back: 揹帶), 瞭 (瞭解 is OpenCC's phrase;
 * alone it is 了 as in 明瞭).
 */
const SEARCH_SPELLINGS = '妳 你|揹 背|瞭 了';

let fold: ConverterFunction | undefined;

/** Anything OpenCC could change: a CJK character (radicals, ideographs, compatibility forms). */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\u{20000}-\u{3ffff}]/u;

/**
 * Folds Traditional characters (Taiwan and Hong Kong variants included) to Simplified ones, leaving
 * everything else alone. The converter is built on first use (about 40 ms), not on import.
 *
 * @example
 * toSimplified('我要退貨'); // '我要退货'
 */
export function toSimplified(text: string): string {
  if (!CJK.test(text)) return text;
  fold ??= ConverterFactory(
    [TWVariantsRevPhrases, TWVariantsRev, HKVariantsRevPhrases, HKVariantsRev],
    [SEARCH_SPELLINGS, TSPhrases, TSCharacters],
  );
  return fold(text);
}
