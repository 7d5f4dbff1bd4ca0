import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveLocale, shopperLocale } from './locale.ts';

afterEach(() => {
  document.documentElement.lang = '';
  vi.unstubAllGlobals();
});

describe('the widget locale and the one sent to the hub', () => {
  // Finding (QA as a Hong Kong shopper, 2026-12-06): zh-HK was sent as zh-TW, so the hub showed
  // Hong Kong shoppers Taiwan's standard characters and words (出貨, 保固). The widget's own words
  // stay one Traditional set; the hub is told Hong Kong.
  it.each([
    ['zh-Hant-HK', 'zh-TW', 'zh-HK'],
    ['zh-TW', 'zh-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW', 'zh-HK'],
    ['ZH-mo', 'zh-TW', 'zh-HK'],
    ['zh', 'zh-CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN', 'zh-CN'],
    ['en', 'en', 'en'],
    ['en-GB', 'en', 'en'],
    ['en-HK', 'en', 'en'],
  ])('speaks %s as %s and sends it as %s', (tag, locale, sent) => {
    expect(resolveLocale(tag)).toBe(locale);
    expect(shopperLocale(tag)).toBe(sent);
  });

  // Finding (QA as a shopper, 2026-12-05): a French page sent `en`, and a locale given holds the
  // hub's lines to it, whatever the shopper writes. Now none is sent: the hub follows the writing.
  it.each(['fr', 'fr-FR', 'ja', 'de-CH'])('speaks English on a %s page and sends no locale', (tag) => {
    expect(resolveLocale(tag)).toBe('en');
    expect(shopperLocale(tag)).toBeUndefined();
  });

  it('takes the first tag given: the explicit choice, then <html lang>, then the browser', () => {
    vi.stubGlobal('navigator', { language: 'zh-CN' });
    expect(shopperLocale()).toBe('zh-CN');
    document.documentElement.lang = 'fr';
    // The page's language decides over the browser's: a French page, no locale.
    expect(shopperLocale()).toBeUndefined();
    expect(resolveLocale()).toBe('en');
    expect(shopperLocale('zh-TW')).toBe('zh-TW');
    document.documentElement.lang = 'en-US';
    expect(shopperLocale('')).toBe('en');
  });
});
