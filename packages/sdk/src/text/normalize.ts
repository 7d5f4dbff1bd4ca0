// The text/ folder sits below both faq/ and understand/: plain string processing that knows nothing
// of a knowledge base, so understanding a message never has to reach into the FAQ engine.
import { cantoneseToMandarin } from './cantonese.ts';
import { toSimplified } from './traditional-chinese.ts';

/**
 * Taiwan writes accounts and transfers 帳 (帳號, 轉帳), which folds to 帐, and the mainland writes
 * them 账 (账号, 转账): one form for search, so 转账 finds 轉帳. 帐 alone is a tent (帐篷), read the
 * same way on both sides of a match.
 */
const ZHANG = /帐/g;

/**
 * Puts any shopper text into the one form the index speaks: NFKC (full-width letters, digits and
 * punctuation become half-width), traditional characters folded to simplified, written Cantonese
 * read as Mandarin (幾時到 → 什么时候到, see `cantoneseToMandarin`), 帐 read as 账 (below), lower case,
 * apostrophes dropped (so "don't" and "dont" agree), and every run of punctuation, symbols and
 * emoji turned into one space.
 *
 * @example
 * normalizeText('我要退貨！！😡 ＳＩＺＥ Ｌ'); // '我要退货 size l'
 */
export function normalizeText(text: string): string {
  return cantoneseToMandarin(toSimplified(text.normalize('NFKC')))
    .replace(ZHANG, '账')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(NOT_LETTERS_OR_DIGITS, ' ')
    .trim();
}

// Module constants: a regular expression literal is a new object each time it is evaluated, and
// every shopper message is normalised (the built-in understanding, the FAQ bot).
const APOSTROPHES = /['’‘`´]/g;
const NOT_LETTERS_OR_DIGITS = /[^\p{L}\p{N}]+/gu;

const HAN_START = /^\p{Script=Han}/u;

/**
 * True when the text (a term, a run) begins with a CJK ideograph: how Chinese runs are told from
 * Latin words. Tested on the text itself, not on `text[0]`, which made a one-character string per
 * call (the FAQ engine asks for every term of a query and of its best entries' phrasings).
 */
export function startsWithHan(text: string): boolean {
  return HAN_START.test(text);
}

/**
 * Splits normalised text into runs of Chinese characters, Latin words and numbers, because the
 * two scripts are tokenised differently (no spaces in Chinese); a number typed against a word
 * ("500ml", "iphone15") is its own run, as the knowledge base usually writes it ("500 ml").
 *
 * @example
 * splitRuns('xl码 退货 size'); // ['xl', '码', '退货', 'size']
 * splitRuns('iphone15'); // ['iphone', '15']
 */
export function splitRuns(normalized: string): string[] {
  return normalized.match(RUNS) ?? [];
}

const RUNS = /\p{Script=Han}+|\p{N}+|[^\s\p{Script=Han}\p{N}]+/gu;
