import { countMatches } from '../text/count-matches.ts';

/**
 * `zh` when the message has Chinese characters in a meaningful share, else `en`. Shoppers mix
 * ("这个size偏大吗"), so a few Han characters among Latin words are enough for Chinese.
 *
 * @example
 * detectLocale('这个 hoodie 偏大吗'); // 'zh'
 * detectLocale('where is my parcel'); // 'en'
 */
export function detectLocale(text: string): 'zh' | 'en' {
  const han = countMatches(HAN, text);
  return han > 0 && han * 2 >= countMatches(LATIN_WORD, text) ? 'zh' : 'en';
}

// Counted, not matched: a match's array (and a literal's new object) on every shopper message.
const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]+/g;
