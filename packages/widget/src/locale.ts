/** The three locales the widget speaks. */
export type Locale = 'zh-CN' | 'zh-TW' | 'en';

/**
 * Maps a language tag to one the widget speaks: Traditional Chinese for zh-TW, zh-HK, zh-MO and
 * zh-Hant; Simplified for any other zh; English for anything else; undefined for an empty tag.
 * @example
 * pickLocale('zh-Hant-HK'); // 'zh-TW'
 */
export function pickLocale(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  const t = tag.toLowerCase();
  return t.startsWith('zh') ? (/hant|tw|hk|mo/.test(t) ? 'zh-TW' : 'zh-CN') : 'en';
}

/** The explicit choice, else `<html lang>`, else the browser's first language. */
export function resolveLocale(explicit?: string): Locale {
  return (
    pickLocale(explicit) ??
    pickLocale(document.documentElement.lang) ??
    pickLocale(navigator.language) ??
    'en'
  );
}
