// Which Chinese script a shopper reads and a text is written in. OpenCC's character tables say
// which characters belong to one script only; nothing here is a hand-written character list.
import simplifiedToTraditional from 'opencc-js/dict/STCharacters';
import traditionalToSimplified from 'opencc-js/dict/TSCharacters';
import { readsHongKong } from './hub-language.ts';

/** Simplified (`Hans`) or Traditional (`Hant`) characters, as in the ISO 15924 script subtags. */
export type ChineseScript = 'Hans' | 'Hant';

/**
 * A conversion by OpenCC's configuration name: Simplified to Taiwan or Hong Kong standard
 * characters, or back from either. Characters only: `s2tw`, not `s2twp` (which also swaps
 * words such as 软件 → 軟體), because the words of a merchant's answer are the merchant's own.
 */
export type ScriptConversion = 's2tw' | 's2hk' | 'tw2s' | 'hk2s';

const TRADITIONAL = /^zh-(?:hant|tw|hk|mo)(?:-|$)/i;
const SIMPLIFIED = /^zh-(?:hans|cn|sg|my)(?:-|$)/i;

/**
 * The script a locale is written in; undefined for a locale that does not say (a bare `zh`, a
 * non-Chinese one), whose readers are shown a text as it was written.
 * @example
 * scriptOfLocale('zh-TW'); // 'Hant'
 * scriptOfLocale('zh-CN'); // 'Hans'
 * scriptOfLocale('zh'); // undefined
 */
export function scriptOfLocale(locale: string | undefined): ChineseScript | undefined {
  if (!locale) return undefined;
  if (TRADITIONAL.test(locale)) return 'Hant';
  return SIMPLIFIED.test(locale) ? 'Hans' : undefined;
}

/**
 * The locale whose script a shopper reads: theirs when it names one (zh-TW, zh-CN), else the
 * script of what they wrote (a Hong Kong shopper on an English page who types 運費多少, or taps a
 * label shown in Traditional, reads Traditional), else theirs as given.
 * @example
 * readerLocale('en', '運費多少'); // 'zh-Hant'
 * readerLocale('zh-CN', '運費多少'); // 'zh-CN'
 */
export function readerLocale(locale: string | undefined, text: string): string | undefined {
  if (scriptOfLocale(locale)) return locale;
  const written = scriptOfText(text);
  return written === 'Hant' ? 'zh-Hant' : written === 'Hans' ? 'zh-Hans' : locale;
}

/**
 * The conversion that shows a text written in `from` to a reader of `readerLocale`, or undefined
 * when none is needed (same script, or the reader's script unknown). Hong Kong and Macau readers
 * get Hong Kong standard characters (`s2hk`), other Traditional readers Taiwan's (`s2tw`).
 * `writtenIn` is the text's own locale, when known, to undo Hong Kong variants (`hk2s`).
 * @example
 * conversionFor('Hans', 'zh-HK'); // 's2hk'
 * conversionFor('Hant', 'zh-CN'); // 'tw2s'
 */
export function conversionFor(
  from: ChineseScript,
  readerLocale: string | undefined,
  writtenIn?: string,
): ScriptConversion | undefined {
  const to = scriptOfLocale(readerLocale);
  if (!to || to === from) return undefined;
  if (to === 'Hant') return readsHongKong(readerLocale) ? 's2hk' : 's2tw';
  return readsHongKong(writtenIn) ? 'hk2s' : 'tw2s';
}

let onlyIn: { Hans: Set<string>; Hant: Set<string> } | undefined;

/** Characters of one script only: a simplified form and a traditional form differing from it. */
function scriptCharacters(): { Hans: Set<string>; Hant: Set<string> } {
  if (onlyIn) return onlyIn;
  const keys = (dictionary: string) =>
    new Set(
      dictionary.split('|').flatMap((pair) => {
        const [source, target] = pair.split(' ');
        return source && target && source !== target ? [source] : [];
      }),
    );
  const Hans = keys(simplifiedToTraditional);
  const Hant = keys(traditionalToSimplified);
  // A character on both sides (e.g. 著, 乾 in some uses) says nothing of the script.
  for (const ch of Hant) if (Hans.delete(ch)) Hant.delete(ch);
  onlyIn = { Hans, Hant };
  return onlyIn;
}

/**
 * The script a Chinese text is written in, by which of the two has more characters of its own
 * (后, 干, 台 are Simplified keys that Traditional also writes, so a count decides, not one
 * character); undefined when neither shows (no Chinese, or only characters both scripts share).
 * @example
 * scriptOfText('运费多少'); // 'Hans'
 * scriptOfText('運費多少'); // 'Hant'
 * scriptOfText('可以'); // undefined
 */
export function scriptOfText(text: string): ChineseScript | undefined {
  const { Hans, Hant } = scriptCharacters();
  let simplified = 0;
  let traditional = 0;
  for (const ch of text) {
    if (Hans.has(ch)) simplified++;
    else if (Hant.has(ch)) traditional++;
  }
  if (simplified === traditional) return undefined;
  return simplified > traditional ? 'Hans' : 'Hant';
}
