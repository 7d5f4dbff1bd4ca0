/** The languages the hub's own words come in: English, and Chinese in either script. */
export type HubLanguage = 'en' | 'zh' | 'zh-Hant';

/** Chinese for any zh locale (zh-CN, zh-TW, zh-HK), English otherwise: which merchant texts and templates apply. */
export function languageOf(locale: string | undefined): 'zh' | 'en' {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Locales written in Traditional characters: Taiwan, Hong Kong, Macau, or zh-Hant itself. */
const TRADITIONAL = /^zh-(?:hant|tw|hk|mo)(?:-|$)/i;

/**
 * The hub's own words for a shopper's locale: as {@link languageOf}, with Traditional characters
 * for a Traditional locale (a zh-TW shopper reads 「轉人工」, not 「转人工」).
 * @example
 * hubLanguage('zh-TW'); // 'zh-Hant'
 * hubLanguage('zh-CN'); // 'zh'
 */
export function hubLanguage(locale: string | undefined): HubLanguage {
  const language = languageOf(locale);
  return language === 'zh' && TRADITIONAL.test(locale ?? '') ? 'zh-Hant' : language;
}

const HONG_KONG = /^zh-(?:hant-)?(?:hk|mo)(?:-|$)/i;

/**
 * Whether a shopper of `locale` reads Hong Kong's words where Taiwan's differ (送貨, not 出貨;
 * 保養, not 保固): a Hong Kong or Macau locale.
 * @example
 * readsHongKong('zh-HK'); // true
 * readsHongKong('zh-TW'); // false
 */
export const readsHongKong = (locale: string | undefined): boolean => HONG_KONG.test(locale ?? '');
