/** The three locales the widget speaks. */
export type Locale = 'zh-CN' | 'zh-TW' | 'en';

/** The first tag given of the explicit choice, `<html lang>` and the browser's first language, lower case. */
const tagOf = (explicit?: string): string =>
  (explicit || document.documentElement.lang || navigator.language || '').toLowerCase();

/**
 * Of three, the one for the locale the widget's own words are in: Traditional Chinese (`tw`) for
 * zh-TW, zh-HK, zh-MO and zh-Hant; Simplified (`cn`) for any other zh; English for anything else.
 * The loader picks its launcher's name with it, with no table keyed by locale to carry.
 * @example
 * byLocale('zh-Hant-HK', '在线客服', '線上客服', 'Chat with us'); // '線上客服'
 */
export function byLocale<T>(explicit: string | undefined, cn: T, tw: T, en: T): T {
  const t = tagOf(explicit);
  return t.startsWith('zh') ? (/hant|tw|hk|mo/.test(t) ? tw : cn) : en;
}

/**
 * The locale the widget's own words are in (see {@link byLocale}).
 * @example
 * resolveLocale('zh-Hant-HK'); // 'zh-TW'
 */
export function resolveLocale(explicit?: string): Locale {
  return byLocale<Locale>(explicit, 'zh-CN', 'zh-TW', 'en');
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
