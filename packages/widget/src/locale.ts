/** The three locales the widget speaks. */
export type Locale = 'zh-CN' | 'zh-TW' | 'en';

/**
 * Maps any language tag to one the widget speaks: Traditional Chinese for zh-TW, zh-HK, zh-MO
 * and zh-Hant; Simplified for any other zh; English otherwise.
 * @example
 * pickLocale('zh-Hant-HK'); // 'zh-TW'
 */
export function pickLocale(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  const t = tag.toLowerCase();
  if (!t.startsWith('zh')) return t.length >= 2 ? 'en' : undefined;
  return /hant|tw|hk|mo/.test(t) ? 'zh-TW' : 'zh-CN';
}

/** The explicit choice, else `<html lang>`, else the browser's first language. */
export function resolveLocale(explicit?: string): Locale {
  return (
    pickLocale(explicit) ??
    pickLocale(typeof document === 'undefined' ? undefined : document.documentElement.lang) ??
    pickLocale(typeof navigator === 'undefined' ? undefined : navigator.language) ??
    'en'
  );
}
