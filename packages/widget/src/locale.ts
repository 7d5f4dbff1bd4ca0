/** The three locales the widget speaks. */
export type Locale = 'zh-CN' | 'zh-TW' | 'en';

/** The first tag given of the explicit choice, `<html lang>` and the browser's first language, lower case. */
const tagOf = (explicit?: string): string =>
  (explicit || document.documentElement.lang || navigator.language || '').toLowerCase();

/**
 * The locale the widget's own words are in: Traditional Chinese for zh-TW, zh-HK, zh-MO and
 * zh-Hant; Simplified for any other zh; English for anything else.
 * @example
 * resolveLocale('zh-Hant-HK'); // 'zh-TW'
 */
export function resolveLocale(explicit?: string): Locale {
  const t = tagOf(explicit);
  return t.startsWith('zh') ? (/hant|tw|hk|mo/.test(t) ? 'zh-TW' : 'zh-CN') : 'en';
}

/**
 * The locale sent to the hub: the widget's, when the tag is one it speaks (zh, en), with zh-HK for
 * Hong Kong and Macau. Undefined for
 * another language (a French page): the hub then follows what the shopper writes (Chinese, say)
 * instead of holding the conversation to English.
 * @example
 * shopperLocale('fr'); // undefined
 */
export function shopperLocale(explicit?: string): string | undefined {
  const t = tagOf(explicit);
  const l = resolveLocale(explicit);
  // Hong Kong and Macau are named: the hub's characters and words for them are not Taiwan's.
  return l !== 'en' ? (/hk|mo/.test(t) ? 'zh-HK' : l) : t.startsWith('en') ? l : undefined;
}
