import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveLocale, shopperLocale } from './locale.ts';

afterEach(() => {
  document.documentElement.lang = '';
  vi.unstubAllGlobals();
});

describe('the widget locale and the one sent to the hub', () => {
  it.each([
    ['zh-Hant-HK', 'zh-TW'],
    ['zh-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['ZH-mo', 'zh-TW'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en', 'en'],
    ['en-GB', 'en'],
  ])('speaks and sends %s as %s', (tag, locale) => {
    expect(resolveLocale(tag)).toBe(locale);
    expect(shopperLocale(tag)).toBe(locale);
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
