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
